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

    /**
     * A node named by a request: {@code kind} its wire name, {@code name} a job name for jobs and an
     * asset name otherwise, {@code version} empty for the latest (or for jobs).
     *
     * @throws dev.cerulean.core.InvalidParameterException naming the kind or the name
     */
    public static LineageNode parse(String kind, String name, String version) {
        LineageKind k = LineageKind.parse(kind);
        if (k == LineageKind.JOB) {
            dev.cerulean.core.Names.requireJobName("name", name);
        } else {
            dev.cerulean.core.Names.requireValid("name", name);
        }
        return new LineageNode(k, name, version);
    }

    @Override
    public String toString() {
        return kind.wireName() + ":" + name + (version.isEmpty() ? "" : ":" + version);
    }
}
