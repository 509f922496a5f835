package dev.cerulean.app;

import dev.cerulean.store.TestDatabases;
import org.junit.jupiter.api.Tag;

/** Sweep jobs on PostgreSQL (embedded, or the server CERULEAN_TEST_PG_URL names). */
@Tag("postgres")
class PostgresSweepIT extends SweepContract {
    @Override
    String dbUrl() {
        return TestDatabases.postgres();
    }
}
