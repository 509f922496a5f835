package dev.cerulean.serving.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An endpoint's routing at one moment: its deployments, the live traffic split and the mirror.
 * Immutable; changes build a new table that replaces the old one atomically, so a request routes
 * by one consistent table from start to end.
 *
 * @param deployments   every deployment, by name
 * @param traffic       live traffic percent by deployment (deployments at 0 are absent)
 * @param mirror        the deployment that receives mirrored traffic, or null
 * @param mirrorPercent percent of live requests copied to it
 */
record RoutingTable(Map<String, DeploymentRuntime> deployments, Map<String, Integer> traffic, DeploymentRuntime mirror, int mirrorPercent) {
    static final RoutingTable EMPTY = new RoutingTable(Map.of(), Map.of(), null, 0);

    RoutingTable {
        deployments = Collections.unmodifiableMap(new TreeMap<>(deployments));
        TreeMap<String, Integer> t = new TreeMap<>();
        traffic.forEach((k, v) -> {
            if (v > 0) {
                t.put(k, v);
            }
        });
        traffic = Collections.unmodifiableMap(t);
    }

    /** The deployment a live request goes to, drawn by the traffic weights; null when no deployment has traffic. */
    DeploymentRuntime pick() {
        int total = 0;
        for (int w : traffic.values()) {
            total += w;
        }
        if (total == 0) {
            return null;
        }
        int x = ThreadLocalRandom.current().nextInt(total);
        for (Map.Entry<String, Integer> e : traffic.entrySet()) {
            x -= e.getValue();
            if (x < 0) {
                return deployments.get(e.getKey());
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** Whether this live request is also copied to the mirror. */
    boolean mirrorThis() {
        return mirror != null && mirrorPercent > 0 && ThreadLocalRandom.current().nextInt(100) < mirrorPercent;
    }

    RoutingTable with(DeploymentRuntime d) {
        Map<String, DeploymentRuntime> m = new TreeMap<>(deployments);
        m.put(d.name(), d);
        return new RoutingTable(m, traffic, mirror, mirrorPercent);
    }

    RoutingTable without(String name) {
        Map<String, DeploymentRuntime> m = new TreeMap<>(deployments);
        m.remove(name);
        Map<String, Integer> t = new TreeMap<>(traffic);
        t.remove(name);
        boolean mirrored = mirror != null && mirror.name().equals(name);
        return new RoutingTable(m, t, mirrored ? null : mirror, mirrored ? 0 : mirrorPercent);
    }

    /** This table with another split; {@code mirror} holds at most one deployment. */
    RoutingTable withTraffic(Map<String, Integer> live, Map<String, Integer> mirrored) {
        DeploymentRuntime m = null;
        int pct = 0;
        for (Map.Entry<String, Integer> e : mirrored.entrySet()) {
            if (e.getValue() > 0) {
                m = deployments.get(e.getKey());
                pct = e.getValue();
            }
        }
        return new RoutingTable(deployments, live, m, pct);
    }

    /** The deployment that gets the most live traffic (metadata answers describe it), else any. */
    DeploymentRuntime main() {
        String best = null;
        int w = -1;
        for (Map.Entry<String, Integer> e : traffic.entrySet()) {
            if (e.getValue() > w) {
                best = e.getKey();
                w = e.getValue();
            }
        }
        if (best != null) {
            return deployments.get(best);
        }
        return deployments.isEmpty() ? null : deployments.values().iterator().next();
    }

    List<String> names() {
        return new ArrayList<>(deployments.keySet());
    }
}
