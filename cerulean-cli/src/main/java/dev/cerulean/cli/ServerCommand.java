package dev.cerulean.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cerulean server}: serves a workspace until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Serve a workspace: REST API, MLflow API and metrics.")
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "5000", description = "Port (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Metadata database (default: $CERULEAN_DB, else the embedded H2 file under the home), e.g. jdbc:postgresql://host/db?user=u&password=p.")
    String db;
    @Option(names = "--artifacts", paramLabel = "DIR", description = "Artifact root (default: <home>/artifacts).")
    Path artifacts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CeruleanCommand root = (CeruleanCommand) spec.root().userObject();
        String dbUrl = db != null ? db : System.getenv("CERULEAN_DB");
        WorkspaceLauncher.Running running = Session.launcher().start(root.home(), dbUrl, artifacts, host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "cerulean-shutdown"));
        System.out.println("Cerulean is serving " + root.home() + " at " + running.url() + " (Ctrl-C to stop)");
        System.out.println("  export MLFLOW_TRACKING_URI=" + running.url() + "   # for MLflow clients");
        System.out.println("  export CERULEAN_URL=" + running.url());
        running.awaitStop();
        return 0;
    }
}
