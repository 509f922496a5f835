package dev.cerulean.store;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.StoreException;
import dev.cerulean.store.jdbc.Database;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Opens a workspace's stores from their configured URIs, by asking the {@link StoreProvider}s in turn. */
public final class Stores {
    private Stores() {
    }

    private static List<StoreProvider> providers() {
        List<StoreProvider> all = new ArrayList<>();
        ServiceLoader.load(StoreProvider.class, Stores.class.getClassLoader()).forEach(all::add);
        return all;
    }

    /**
     * The metadata store at a URI.
     *
     * @throws InvalidParameterException (field {@code db}) when no provider takes the URI
     */
    public static MetadataStore metadata(String uri) {
        for (StoreProvider p : providers()) {
            if (p.opensMetadata(uri)) {
                return p.openMetadata(uri);
            }
        }
        throw new InvalidParameterException("database URL '" + Database.redact(uri)
                + "' is not supported: use jdbc:h2:file:PATH or jdbc:postgresql://HOST:PORT/DB", "db");
    }

    /**
     * The artifact stores at a URI.
     *
     * @throws InvalidParameterException (field {@code artifacts}) when no provider takes the URI
     * @throws StoreException when the root cannot be opened
     */
    public static Artifacts artifacts(URI uri) {
        for (StoreProvider p : providers()) {
            if (p.opensArtifacts(uri)) {
                try {
                    return p.openArtifacts(uri);
                } catch (IOException e) {
                    throw new StoreException("cannot open the artifact store " + uri + ": " + e.getMessage(), e);
                }
            }
        }
        throw new InvalidParameterException("artifact store '" + uri + "' is not supported: use a folder (file:/PATH)", "artifacts");
    }
}
