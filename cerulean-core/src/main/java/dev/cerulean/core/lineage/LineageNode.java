package dev.cerulean.core.lineage;

import java.util.Objects;

/**
 * A versioned thing in the lineage graph.
 *
 * @param kind    data, job, model or deployment
 * @param name    its name (a job's run id)
 * @param version its version, or the empty string for things without versions (jobs)
 */
public record LineageNode(LineageKind kind, String name, String version) {
    public LineageNode {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        version = version == null ? "" : version;
    }

    @Override
    public String toString() {
        return kind.wireName() + ":" + name + (version.isEmpty() ? "" : ":" + version);
    }
}
