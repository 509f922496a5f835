package dev.cerulean.cli;

import java.nio.file.Path;

/**
 * Starts a workspace server in this process. The application module provides the implementation
 * (found with {@link java.util.ServiceLoader}), so that the CLI depends only on the REST client.
 */
public interface WorkspaceLauncher {
    /** A running server; closing it stops the server and releases the workspace. */
    interface Running extends AutoCloseable {
        /** The base URL to reach it. */
        String url();

        /** Blocks until the server stops (for {@code cerulean server}). */
        void awaitStop() throws InterruptedException;

        @Override
        void close();
    }

    /**
     * @param home      workspace home
     * @param dbUrl     JDBC URL, or null for the embedded database under the home
     * @param artifacts artifact root, or null for the default under the home
     * @param host      address to bind
     * @param port      port, or 0 for any free port
     */
    Running start(Path home, String dbUrl, Path artifacts, String host, int port);
}
