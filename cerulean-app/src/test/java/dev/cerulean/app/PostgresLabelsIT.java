package dev.cerulean.app;

import dev.cerulean.store.TestDatabases;
import org.junit.jupiter.api.Tag;

/** Class labels as the data spells them, on PostgreSQL (embedded, or the server CERULEAN_TEST_PG_URL names). */
@Tag("postgres")
class PostgresLabelsIT extends LabelsContract {
    @Override
    String dbUrl() {
        return TestDatabases.postgres();
    }
}
