package dev.cerulean.service.jobs;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.StoreException;
import dev.cerulean.service.Auditor;
import dev.cerulean.store.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Uploads of content-addressed blobs, for snapshots of a client's local code and data: the client
 * asks which of its files the workspace lacks and sends only those, each checked against its hash.
 */
public final class BlobService {
    private final ArtifactStore blobs;
    private final Auditor auditor;

    public BlobService(ArtifactStore blobs, Auditor auditor) {
        this.blobs = blobs;
        this.auditor = auditor;
    }

    /** The digests of the list that are not stored yet. */
    public List<String> missing(List<String> sha256s) {
        List<String> out = new ArrayList<>();
        for (String s : sha256s) {
            if (s == null || !s.matches("[0-9a-f]{64}")) {
                throw new InvalidParameterException("'" + s + "' is not a SHA-256 digest (64 lowercase hex characters)", "sha256");
            }
            if (!blobs.exists(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Stores an upload.
     *
     * @throws InvalidParameterException when the content does not have the announced digest (nothing is kept)
     */
    public ArtifactStore.Blob put(Principal p, String sha256, InputStream content) {
        return auditor.run(p, "blob.upload", "blob:" + sha256, () -> {
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new InvalidParameterException("'" + sha256 + "' is not a SHA-256 digest", "sha256");
            }
            try {
                ArtifactStore.Blob b = blobs.put(content);
                if (!b.sha256().equals(sha256)) {
                    if (b.created()) {
                        blobs.delete(b.sha256());
                    }
                    throw new InvalidParameterException("the upload's SHA-256 is " + b.sha256() + ", not " + sha256, "sha256");
                }
                return b;
            } catch (IOException e) {
                throw new StoreException("cannot store the upload: " + e.getMessage(), e);
            }
        });
    }
}
