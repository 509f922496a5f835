package dev.cerulean.core.lineage;

import java.util.List;

/**
 * The lineage around one node: everything upstream of it (what it was made from, transitively) and
 * everything downstream (what was made from it).
 *
 * @param root       the node asked about
 * @param upstream   edges reachable walking against edge direction
 * @param downstream edges reachable walking along edge direction
 */
public record LineageGraph(LineageNode root, List<LineageEdge> upstream, List<LineageEdge> downstream) {
    public LineageGraph {
        upstream = List.copyOf(upstream);
        downstream = List.copyOf(downstream);
    }
}
