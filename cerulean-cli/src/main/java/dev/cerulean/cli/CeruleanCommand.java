package dev.cerulean.cli;

import dev.cerulean.core.Version;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code cerulean}: the root command and its global options. */
@Command(name = "cerulean", mixinStandardHelpOptions = true, versionProvider = CeruleanCommand.VersionProvider.class,
        description = "A self-hosted machine-learning workspace.",
        subcommands = {QuickstartCommand.class, ServerCommand.class, DataCommand.class, DatastoreCommand.class,
                WorkspaceCommand.class, ExperimentCommand.class, RunCommand.class, JobCommand.class, TrainCommand.class, ComputeCommand.class, ModelCommand.class, LineageCommand.class, AuditCommand.class, ValidateCommand.class,
                OnlineEndpointCommand.class, OnlineDeploymentCommand.class, BatchEndpointCommand.class, BatchDeploymentCommand.class,
                CommandLine.HelpCommand.class})
public final class CeruleanCommand implements Runnable {
    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Server to talk to (default: $CERULEAN_URL, else " + Session.DEFAULT_URL
                    + " if a server answers there, else an embedded workspace on --home).")
    String url;

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Workspace home for the embedded workspace (default: $CERULEAN_HOME, else ./.cerulean).")
    Path home;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "Output of read commands: ${COMPLETION-CANDIDATES} (default: table).")
    OutputFormat output = OutputFormat.TABLE;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The home: --home, else $CERULEAN_HOME, else ./.cerulean. */
    public Path home() {
        if (home != null) {
            return home.toAbsolutePath().normalize();
        }
        String env = System.getenv("CERULEAN_HOME");
        return Path.of(env != null && !env.isBlank() ? env : ".cerulean").toAbsolutePath().normalize();
    }

    boolean homeIsExplicit() {
        String env = System.getenv("CERULEAN_HOME");
        return home != null || env != null && !env.isBlank();
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cerulean " + Version.get(), "java " + System.getProperty("java.version")};
        }
    }
}
