package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.files.LocalSpecFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cerulean datastore ...}: named folders that data paths resolve against. */
@Command(name = "datastore", mixinStandardHelpOptions = true, description = "Register and list datastores.",
        subcommands = {DatastoreCommand.Create.class, DatastoreCommand.ListCmd.class, DatastoreCommand.Show.class})
public final class DatastoreCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Register a local folder as a datastore.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Datastore YAML.")
        Path file;
        @Option(names = "--name", description = "Datastore name.")
        String name;
        @Option(names = "--path", paramLabel = "DIR", description = "The folder.")
        String path;
        @Option(names = "--description")
        String description;

        @Override
        protected int run(CeruleanClient client, Output out) {
            Spec spec;
            if (file != null) {
                spec = Specs.read(file, SpecKind.DATASTORE, out);
            } else {
                if (name == null || path == null) {
                    throw new InvalidParameterException("give -f FILE, or --name and --path", name == null ? "name" : "path");
                }
                ObjectNode body = ApiJson.create().createObjectNode().put("name", name).put("type", "local").put("path", path);
                if (description != null) {
                    body.put("description", description);
                }
                spec = new SpecParser(LocalSpecFiles.INSTANCE).check(body, "options", Path.of("").toAbsolutePath(), SpecKind.DATASTORE);
            }
            JsonNode d = client.createDatastore(spec.body());
            if (out.isJson()) {
                out.json(d);
            } else {
                out.line("Registered datastore " + d.get("name").asText() + " -> " + d.get("root").asText());
                out.line("Refer to its files as azureml://datastores/" + d.get("name").asText() + "/paths/<path>");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List datastores.")
    static final class ListCmd extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = client.datastores();
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode d : page.path("items")) {
                rows.add(List.of(d.get("name").asText(), d.get("type").asText(), d.get("root").asText(), d.path("description").asText()));
            }
            out.table(List.of("NAME", "TYPE", "ROOT", "DESCRIPTION"), rows);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a datastore.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode d = client.datastore(name);
            if (out.isJson()) {
                out.json(d);
                return 0;
            }
            out.fields(List.of(new String[] {"name", d.get("name").asText()}, new String[] {"type", d.get("type").asText()},
                    new String[] {"root", d.get("root").asText()}, new String[] {"description", d.path("description").asText()},
                    new String[] {"created", d.get("created_at").asText() + " by " + d.get("created_by").asText()}));
            return 0;
        }
    }
}
