package dev.cerulean.app;

import dev.cerulean.store.TestDatabases;
import org.junit.jupiter.api.Tag;

/** AutoML jobs on PostgreSQL (embedded, or the server CERULEAN_TEST_PG_URL names). */
@Tag("postgres")
class PostgresAutoMlJobsIT extends AutoMlJobsContract {
    @Override
    String dbUrl() {
        return TestDatabases.postgres();
    }
}
