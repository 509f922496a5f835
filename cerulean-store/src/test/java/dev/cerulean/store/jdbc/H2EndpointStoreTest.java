package dev.cerulean.store.jdbc;

import dev.cerulean.store.EndpointStoreContract;
import dev.cerulean.store.MetadataStore;
import dev.cerulean.store.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2EndpointStoreTest extends EndpointStoreContract {
    @TempDir
    Path dir;

    @Override
    protected MetadataStore newStore() {
        return JdbcMetadataStore.open(TestDatabases.h2(dir));
    }
}
