package dev.cerulean.service.jobs;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.jobs.Snapshot;
import dev.cerulean.files.LocalFiles;
import dev.cerulean.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Snapshots of paths the server itself can read (a spec submitted with server-side paths). */
final class Snapshots {
    private Snapshots() {
    }

    /** Freezes a local file or folder into the blob store. */
    static Snapshot take(Path source, ArtifactStore blobs) {
        try {
            List<DataFile> files = new ArrayList<>();
            for (LocalFiles.Entry e : LocalFiles.walk(source)) {
                ArtifactStore.Blob b = blobs.putFile(e.file());
                files.add(new DataFile(e.path(), b.sha256(), b.size()));
            }
            return new Snapshot(Files.isDirectory(source), files);
        } catch (IOException e) {
            throw new InvalidParameterException("cannot read '" + source + "': " + e.getMessage(), "path");
        }
    }
}
