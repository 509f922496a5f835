package dev.cerulean.store.jdbc;

import dev.cerulean.store.EndpointStoreContract;
import dev.cerulean.store.MetadataStore;
import dev.cerulean.store.TestDatabases;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresEndpointStoreTest extends EndpointStoreContract {
    @Override
    protected MetadataStore newStore() {
        return JdbcMetadataStore.open(TestDatabases.postgres());
    }
}
