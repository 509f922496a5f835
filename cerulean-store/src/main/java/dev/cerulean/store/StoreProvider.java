package dev.cerulean.store;

import java.io.IOException;
import java.net.URI;

/**
 * Opens stores for the URIs of one or more schemes. Providers are found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.cerulean.store.StoreProvider}), so a new kind of
 * store (object storage, another database) drops in as a jar without a change to the services.
 */
public interface StoreProvider {
    /** Whether this provider opens metadata stores at {@code uri} ({@code jdbc:h2:...}). */
    default boolean opensMetadata(String uri) {
        return false;
    }

    /** Opens (and migrates) the metadata store at {@code uri}. */
    default MetadataStore openMetadata(String uri) {
        throw new UnsupportedOperationException(getClass().getName() + " opens no metadata store");
    }

    /** Whether this provider opens artifact stores at {@code uri} ({@code file:/...}). */
    default boolean opensArtifacts(URI uri) {
        return false;
    }

    /** Opens the artifact stores (blobs and run artifacts) rooted at {@code uri}. */
    default Artifacts openArtifacts(URI uri) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " opens no artifact store");
    }
}
