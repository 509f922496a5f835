package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.lineage.LineageEdge;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cerulean lineage show KIND NAME[:VERSION]}. */
@Command(name = "lineage", mixinStandardHelpOptions = true, description = "Walk lineage: data, jobs, models, deployments.",
        subcommands = {LineageCommand.Show.class})
public final class LineageCommand {
    @Command(name = "show", mixinStandardHelpOptions = true, description = "What a thing was made from, and what was made from it.")
    static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "KIND", description = "data, job, model or deployment")
        String kind;
        @Parameters(index = "1", paramLabel = "NAME[:VERSION]")
        String ref;

        @Override
        protected int run(CeruleanClient client, Output out) {
            String name = ref;
            String version = null;
            int colon = ref.lastIndexOf(':');
            if (colon > 0) {
                name = ref.substring(0, colon);
                version = ref.substring(colon + 1);
            }
            out.print(client.lineage(kind, name, version), g -> {
                // A node prints as kind:name[:version].
                out.line(g.root().toString());
                out.line("upstream (made from):");
                print(g.upstream(), out);
                out.line("downstream (made from it):");
                print(g.downstream(), out);
            });
            return 0;
        }

        private static void print(List<LineageEdge> edges, Output out) {
            if (edges.isEmpty()) {
                out.line("  (none)");
            }
            for (LineageEdge e : edges) {
                out.line("  " + e.from() + " --" + e.relation() + "--> " + e.to());
            }
        }
    }
}
