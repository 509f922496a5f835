package dev.cerulean.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.files.LocalSpecFiles;
import java.nio.file.Path;
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
            out.print(client.createDatastore(spec.body()), d -> {
                out.line("Registered datastore " + d.name() + " -> " + d.root());
                out.line("Refer to its files as azureml://datastores/" + d.name() + "/paths/<path>");
            });
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List datastores.")
    static final class ListCmd extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            out.table(client.datastores(), List.of("NAME", "TYPE", "ROOT", "DESCRIPTION"),
                    d -> List.of(d.name(), d.type(), d.root(), d.description()));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a datastore.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.print(client.datastore(name), d -> out.fields(List.of(new String[] {"name", d.name()}, new String[] {"type", d.type()},
                    new String[] {"root", d.root()}, new String[] {"description", d.description()},
                    new String[] {"created", d.createdAt() + " by " + d.createdBy()})));
            return 0;
        }
    }
}
