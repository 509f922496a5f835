package dev.cerulean.service;

import dev.cerulean.store.jdbc.Database;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a workspace keeps its state.
 *
 * @param home      the workspace home ({@code CERULEAN_HOME}, default {@code ./.cerulean})
 * @param dbUrl     JDBC URL of the metadata database; the embedded H2 file under the home by default
 * @param artifacts the artifact root; {@code <home>/artifacts} by default
 */
public record WorkspaceConfig(Path home, String dbUrl, Path artifacts) {
    public WorkspaceConfig {
        Objects.requireNonNull(home, "home");
        home = home.toAbsolutePath().normalize();
        dbUrl = dbUrl == null || dbUrl.isBlank() ? Database.h2Url(home) : dbUrl;
        artifacts = artifacts == null ? home.resolve("artifacts") : artifacts.toAbsolutePath().normalize();
    }

    /** Defaults for a home. */
    public static WorkspaceConfig at(Path home) {
        return new WorkspaceConfig(home, null, null);
    }
}
