package dev.cerulean.app;

import dev.cerulean.store.TestDatabases;
import org.junit.jupiter.api.Tag;

/** The REST API on PostgreSQL (embedded, or the server CERULEAN_TEST_PG_URL names). */
@Tag("postgres")
class PostgresWorkspaceApiIT extends WorkspaceApiContract {
    @Override
    String dbUrl() {
        return TestDatabases.postgres();
    }
}
