package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.client.CeruleanClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code cerulean workspace show}. */
@Command(name = "workspace", mixinStandardHelpOptions = true, description = "The workspace itself.",
        subcommands = {WorkspaceCommand.Show.class})
public final class WorkspaceCommand {
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Where the home, database and artifacts are; versions.")
    static final class Show extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode w = client.workspace();
            if (out.isJson()) {
                out.json(w);
                return 0;
            }
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"server", client.base().toString()});
            f.add(new String[] {"home", w.get("home").asText()});
            f.add(new String[] {"database", w.get("database").asText()});
            f.add(new String[] {"artifacts", w.get("artifacts").asText()});
            w.path("versions").fields().forEachRemaining(e -> f.add(new String[] {e.getKey(), e.getValue().asText()}));
            out.fields(f);
            return 0;
        }
    }
}
