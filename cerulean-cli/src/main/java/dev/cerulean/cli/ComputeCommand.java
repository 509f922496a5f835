package dev.cerulean.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
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
            out.print(client.createCompute(body), c -> out.line("Created compute " + c.name() + " (" + c.maxConcurrentJobs() + " concurrent jobs)"));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List compute targets.")
    static final class ListCmd extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            out.table(client.computes(), List.of("NAME", "TYPE", "MAX CONCURRENT JOBS", "DESCRIPTION"),
                    c -> List.of(c.name(), Output.text(c.type()), Integer.toString(c.maxConcurrentJobs()), c.description()));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A compute target and its queued and running jobs.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.print(client.compute(name), s -> out.fields(List.of(new String[] {"name", s.target().name()},
                    new String[] {"type", Output.text(s.target().type())},
                    new String[] {"max concurrent jobs", Integer.toString(s.target().maxConcurrentJobs())},
                    new String[] {"running jobs", Integer.toString(s.runningJobs())}, new String[] {"queued jobs", Integer.toString(s.queuedJobs())},
                    new String[] {"description", s.target().description()})));
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
