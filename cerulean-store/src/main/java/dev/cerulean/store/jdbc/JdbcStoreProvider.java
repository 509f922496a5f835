package dev.cerulean.store.jdbc;

import dev.cerulean.store.MetadataStore;
import dev.cerulean.store.StoreProvider;

/** Metadata on H2 ({@code jdbc:h2:}) or PostgreSQL ({@code jdbc:postgresql:}). */
public final class JdbcStoreProvider implements StoreProvider {
    @Override
    public boolean opensMetadata(String uri) {
        return uri.startsWith("jdbc:h2:") || uri.startsWith("jdbc:postgresql:");
    }

    @Override
    public MetadataStore openMetadata(String uri) {
        return JdbcMetadataStore.open(uri);
    }
}
