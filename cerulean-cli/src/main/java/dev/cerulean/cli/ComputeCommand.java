package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cerulean compute ...}: the targets jobs run on. */
@Command(name = "compute", mixinStandardHelpOptions = true, description = "Compute targets: named pools of job slots on this machine.",
        subcommands = {ComputeCommand.Create.class, ComputeCommand.ListCmd.class, ComputeCommand.Show.class, ComputeCommand.Delete.class})
public final class ComputeCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a compute target from YAML or options.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Compute YAML (name, type: local, max_concurrent_jobs).")
        Path file;
        @Option(names = "--name", description = "Its name.")
        String name;
        @Option(names = "--max-concurrent-jobs", paramLabel = "N", description = "Jobs it runs at once (default: one per core).")
        Integer max;
        @Option(names = "--description")
        String description;

        @Override
        protected int run(CeruleanClient client, Output out) {
            ObjectNode body = file != null ? Specs.read(file, SpecKind.COMPUTE, out).body() : ApiJson.create().createObjectNode();
            if (name != null) {
                body.put("name", name);
            }
            if (max != null) {
                body.put("max_concurrent_jobs", max);
            }
            if (description != null) {
                body.put("description", description);
            }
            if (!body.has("name")) {
                throw new InvalidParameterException("give -f FILE or --name", "name");
            }
            JsonNode c = client.createCompute(body);
            if (out.isJson()) {
                out.json(c);
            } else {
                out.line("Created compute " + c.get("name").asText() + " (" + c.path("max_concurrent_jobs").asText() + " concurrent jobs)");
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List compute targets.")
    static final class ListCmd extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = client.computes();
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode c : page.path("items")) {
                rows.add(List.of(c.get("name").asText(), c.path("type").asText(), c.path("max_concurrent_jobs").asText(),
                        c.path("description").asText()));
            }
            out.table(List.of("NAME", "TYPE", "MAX CONCURRENT JOBS", "DESCRIPTION"), rows);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A compute target and its queued and running jobs.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode c = client.compute(name);
            if (out.isJson()) {
                out.json(c);
                return 0;
            }
            out.fields(List.of(new String[] {"name", c.get("name").asText()}, new String[] {"type", c.path("type").asText()},
                    new String[] {"max concurrent jobs", c.path("max_concurrent_jobs").asText()},
                    new String[] {"running jobs", c.path("running_jobs").asText()}, new String[] {"queued jobs", c.path("queued_jobs").asText()},
                    new String[] {"description", c.path("description").asText()}));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a compute target that has no queued or running jobs.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            client.deleteCompute(name);
            out.note("Deleted compute " + name);
            return 0;
        }
    }
}
