package dev.cerulean.app;

import dev.cerulean.store.TestDatabases;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresTrackingReliabilityIT extends TrackingReliabilityContract {
    @Override
    String dbUrl() {
        return TestDatabases.postgres();
    }
}
