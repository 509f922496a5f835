package dev.cerulean.store;

import dev.cerulean.store.artifact.ArtifactTree;
import java.util.Objects;

/**
 * A workspace's artifact stores, opened together from one root.
 *
 * @param blobs content-addressed blobs (data asset files, code snapshots)
 * @param runs  the tree of run and model artifacts that MLflow's artifact routes serve
 */
public record Artifacts(ArtifactStore blobs, ArtifactTree runs) {
    public Artifacts {
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(runs, "runs");
    }
}
