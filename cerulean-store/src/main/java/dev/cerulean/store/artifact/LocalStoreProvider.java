package dev.cerulean.store.artifact;

import dev.cerulean.store.Artifacts;
import dev.cerulean.store.StoreProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Artifacts in a local folder ({@code file:}): blobs under it, run artifacts under {@code mlflow/}. */
public final class LocalStoreProvider implements StoreProvider {
    @Override
    public boolean opensArtifacts(URI uri) {
        return "file".equals(uri.getScheme());
    }

    @Override
    public Artifacts openArtifacts(URI uri) throws IOException {
        Path root = Path.of(uri);
        return new Artifacts(new LocalArtifactStore(root), new ArtifactTree(root.resolve("mlflow")));
    }
}
