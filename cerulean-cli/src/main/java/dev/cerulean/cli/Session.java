package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;

/**
 * The workspace a command talks to: a server at {@code --url} (or {@code CERULEAN_URL}, or the
 * default address when one answers there), else an embedded workspace on the home, started for
 * this command and stopped after it.
 */
public final class Session implements AutoCloseable {
    public static final String DEFAULT_URL = "http://127.0.0.1:5000";

    private final CeruleanClient client;
    private final WorkspaceLauncher.Running embedded;

    private Session(CeruleanClient client, WorkspaceLauncher.Running embedded) {
        this.client = client;
        this.embedded = embedded;
    }

    public CeruleanClient client() {
        return client;
    }

    /** True when this command started its own in-process workspace. */
    public boolean isEmbedded() {
        return embedded != null;
    }

    static Session open(CeruleanCommand root) {
        String user = System.getProperty("user.name", "anonymous");
        String explicitUrl = root.url != null ? root.url : System.getenv("CERULEAN_URL");
        if (explicitUrl != null && !explicitUrl.isBlank()) {
            CeruleanClient c = new CeruleanClient(URI.create(explicitUrl), user);
            if (!c.ping(Duration.ofSeconds(5))) {
                throw new CeruleanException(ErrorCode.UNAVAILABLE, "no Cerulean server answers at " + explicitUrl);
            }
            return new Session(c, null);
        }
        Path home = root.home();
        CeruleanClient local = new CeruleanClient(URI.create(DEFAULT_URL), user);
        if (local.ping(Duration.ofMillis(300)) && servesHome(local, home, root.homeIsExplicit())) {
            return new Session(local, null);
        }
        WorkspaceLauncher.Running running = launcher().start(home, System.getenv("CERULEAN_DB"), null, "127.0.0.1", 0);
        return new Session(new CeruleanClient(URI.create(running.url()), user), running);
    }

    /** A server at the default address is used unless the user named another home than the one it serves. */
    private static boolean servesHome(CeruleanClient c, Path home, boolean explicit) {
        if (!explicit) {
            return true;
        }
        try {
            return Path.of(c.workspace().value().home()).equals(home.toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return false;
        }
    }

    static WorkspaceLauncher launcher() {
        return ServiceLoader.load(WorkspaceLauncher.class).findFirst().orElseThrow(() -> new CeruleanException(
                ErrorCode.UNAVAILABLE, "this build of Cerulean has no embedded workspace; pass --url to reach a server"));
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
