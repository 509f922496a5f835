package dev.cerulean.serving.runtime;

import java.util.List;

/**
 * A deployment's state in the runtime.
 *
 * @param state    {@code Loading}, {@code Ready}, {@code Failed}, {@code Draining} or {@code Stopped}
 * @param error    why it failed, or null
 * @param capacity requests scored at once ({@code max_concurrent_requests_per_instance × instance_count})
 * @param inFlight requests being scored now
 * @param queued   requests waiting now
 * @param replicas each replica
 */
public record DeploymentStatus(String state, String error, int capacity, int inFlight, int queued, List<Replica> replicas) {
    public DeploymentStatus {
        replicas = List.copyOf(replicas);
    }

    /**
     * One replica.
     *
     * @param index    0-based
     * @param ready    whether it takes requests (loaded, readiness probe passing)
     * @param inFlight requests it is scoring
     * @param restarts times the liveness probe had it reloaded
     */
    public record Replica(int index, boolean ready, int inFlight, int restarts) {
    }

    public boolean isReady() {
        return state.equals("Ready");
    }
}
