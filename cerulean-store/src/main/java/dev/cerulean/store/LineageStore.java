package dev.cerulean.store;

import dev.cerulean.core.lineage.LineageEdge;
import dev.cerulean.core.lineage.LineageNode;
import java.util.List;

/** Edges of the lineage graph. */
public interface LineageStore {
    /** Records an edge; recording the same edge twice keeps one. */
    void add(LineageEdge edge);

    /** Edges leaving a node (what was made from it). */
    List<LineageEdge> from(LineageNode node);

    /** Edges arriving at a node (what it was made from). */
    List<LineageEdge> to(LineageNode node);
}
