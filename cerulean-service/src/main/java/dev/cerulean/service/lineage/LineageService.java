package dev.cerulean.service.lineage;

import dev.cerulean.core.lineage.LineageEdge;
import dev.cerulean.core.lineage.LineageGraph;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.store.LineageStore;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Records and walks the lineage graph (data → job → model → deployment). Edges are recorded by the
 * services that create the things they connect, in the same request.
 */
public final class LineageService {
    /** Walks stop after this many edges in each direction; lineage graphs of real workspaces stay far below it. */
    static final int MAX_EDGES = 10_000;

    private final LineageStore store;
    private final Clock clock;

    public LineageService(LineageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records that {@code from} was used to produce {@code to}. */
    public void record(LineageNode from, LineageNode to, String relation) {
        store.add(new LineageEdge(from, to, relation, clock.instant()));
    }

    /** Everything upstream and downstream of a node, transitively. */
    public LineageGraph graph(LineageNode root) {
        return new LineageGraph(root, walk(root, store::to, LineageEdge::from), walk(root, store::from, LineageEdge::to));
    }

    private static List<LineageEdge> walk(LineageNode root, Function<LineageNode, List<LineageEdge>> edges,
            Function<LineageEdge, LineageNode> next) {
        List<LineageEdge> out = new ArrayList<>();
        Set<LineageNode> seen = new HashSet<>();
        Deque<LineageNode> queue = new ArrayDeque<>();
        queue.add(root);
        seen.add(root);
        while (!queue.isEmpty() && out.size() < MAX_EDGES) {
            for (LineageEdge e : edges.apply(queue.poll())) {
                out.add(e);
                LineageNode n = next.apply(e);
                if (seen.add(n)) {
                    queue.add(n);
                }
            }
        }
        return out;
    }
}
