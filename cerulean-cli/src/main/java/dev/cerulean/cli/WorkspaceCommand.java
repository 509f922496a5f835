package dev.cerulean.cli;

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
            out.print(client.workspace(), w -> {
                List<String[]> f = new ArrayList<>();
                f.add(new String[] {"server", client.base().toString()});
                f.add(new String[] {"home", w.home()});
                f.add(new String[] {"database", w.database()});
                f.add(new String[] {"artifacts", w.artifacts()});
                w.versions().forEach((k, v) -> f.add(new String[] {k, v}));
                out.fields(f);
            });
            return 0;
        }
    }
}
