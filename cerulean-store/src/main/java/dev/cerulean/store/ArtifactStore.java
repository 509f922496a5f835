package dev.cerulean.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Immutable, content-addressed blobs. A blob is visible only once written in full: writes go to a
 * temporary file that is synced and then renamed into place, so a killed process never leaves a
 * partial blob behind.
 */
public interface ArtifactStore {
    /**
     * A stored blob.
     *
     * @param sha256  hex digest of the content (64 lowercase hex characters)
     * @param size    size in bytes
     * @param created true when this call added the blob, false when it was already stored
     */
    record Blob(String sha256, long size, boolean created) {
    }

    /** Stores a stream's content. The stream is read to its end but not closed. */
    Blob put(InputStream content) throws IOException;

    /** Stores a file's content. */
    Blob putFile(Path file) throws IOException;

    boolean exists(String sha256);

    /** The local file holding a blob, for readers that need a path (DuckDB). */
    Path path(String sha256);

    InputStream open(String sha256) throws IOException;

    /**
     * Removes a blob. Only for undoing a blob this process just created when the operation that
     * needed it failed; blobs that metadata refers to are never deleted this way.
     */
    void delete(String sha256) throws IOException;

    /** The root folder, for {@code workspace show}. */
    String describe();
}
