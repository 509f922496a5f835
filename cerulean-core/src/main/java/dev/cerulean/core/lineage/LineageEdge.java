package dev.cerulean.core.lineage;

import java.time.Instant;
import java.util.Objects;

/**
 * A directed edge: {@code from} was used to produce {@code to} (data → job, job → model,
 * model → deployment, job → data for outputs).
 *
 * @param from      the upstream node
 * @param to        the downstream node
 * @param relation  what the edge means ({@code input}, {@code output}, {@code registered_from}, {@code deployed_as}, ...)
 * @param createdAt when it was recorded
 */
public record LineageEdge(LineageNode from, LineageNode to, String relation, Instant createdAt) {
    public LineageEdge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(relation, "relation");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
