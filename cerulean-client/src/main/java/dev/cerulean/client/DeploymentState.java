package dev.cerulean.client;

import java.util.List;

/**
 * An online deployment's state in the server's serving runtime.
 *
 * @param state    {@code Loading}, {@code Ready}, {@code Failed}, {@code Draining} or {@code Stopped}
 * @param error    why it failed, or null
 * @param capacity requests it scores at once (all replicas)
 * @param inFlight requests being scored
 * @param queued   requests waiting for a slot
 * @param replicas its replicas
 * @param ready    whether it takes requests
 */
public record DeploymentState(String state, String error, int capacity, int inFlight, int queued, List<Replica> replicas, boolean ready) {
    public DeploymentState {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /**
     * One replica.
     *
     * @param index    0-based
     * @param ready    whether it takes requests
     * @param inFlight requests it is scoring
     * @param restarts times the liveness probe had it reloaded
     */
    public record Replica(int index, boolean ready, int inFlight, int restarts) {
    }
}
