package dev.cerulean.app;

import dev.cerulean.cli.WorkspaceLauncher;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Starts a {@link CeruleanServer} in this process, for the embedded workspace and for {@code cerulean server}. */
public final class InProcessLauncher implements WorkspaceLauncher {
    @Override
    public Running start(Path home, String dbUrl, Path artifacts, String host, int port) {
        CeruleanServer server = CeruleanServer.start(new WorkspaceConfig(home, dbUrl, artifacts), host, port);
        CountDownLatch stopped = new CountDownLatch(1);
        return new Running() {
            @Override
            public String url() {
                return server.url();
            }

            @Override
            public void awaitStop() throws InterruptedException {
                stopped.await();
            }

            @Override
            public synchronized void close() {
                if (stopped.getCount() > 0) {
                    server.close();
                    stopped.countDown();
                }
            }
        };
    }
}
