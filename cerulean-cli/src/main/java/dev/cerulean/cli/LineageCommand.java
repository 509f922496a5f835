package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.client.CeruleanClient;
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
            JsonNode g = client.lineage(kind, name, version);
            if (out.isJson()) {
                out.json(g);
                return 0;
            }
            out.line(node(g.get("root")));
            out.line("upstream (made from):");
            print(g.path("upstream"), out);
            out.line("downstream (made from it):");
            print(g.path("downstream"), out);
            return 0;
        }

        private static void print(JsonNode edges, Output out) {
            if (edges.isEmpty()) {
                out.line("  (none)");
            }
            for (JsonNode e : edges) {
                out.line("  " + node(e.get("from")) + " --" + e.get("relation").asText() + "--> " + node(e.get("to")));
            }
        }

        private static String node(JsonNode n) {
            String v = n.path("version").asText();
            return n.get("kind").asText() + ":" + n.get("name").asText() + (v.isEmpty() ? "" : ":" + v);
        }
    }
}
