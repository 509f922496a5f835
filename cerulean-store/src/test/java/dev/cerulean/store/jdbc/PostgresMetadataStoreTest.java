package dev.cerulean.store.jdbc;

import dev.cerulean.store.MetadataStore;
import dev.cerulean.store.MetadataStoreContract;
import dev.cerulean.store.TestDatabases;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresMetadataStoreTest extends MetadataStoreContract {
    @Override
    protected MetadataStore newStore() {
        return JdbcMetadataStore.open(TestDatabases.postgres());
    }
}
