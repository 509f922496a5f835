package dev.cerulean.engine;

import dev.cerulean.core.Principal;
import dev.cerulean.core.jobs.JobType;
import java.time.Duration;
import java.util.Objects;

/**
 * A piece of work handed to the engine.
 *
 * @param id        unique among the engine's work (a job's name, a batch job's id)
 * @param type      which executor runs it
 * @param compute   the compute target whose slots it waits for
 * @param owner     on whose behalf it runs
 * @param spec      what the executor needs
 * @param timeout   how long it may run before it is stopped and fails, or null for no limit
 * @param lifecycle where its state is kept
 */
public record Submission<S>(String id, JobType type, String compute, Principal owner, S spec, Duration timeout, Lifecycle lifecycle) {
    public Submission {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(compute, "compute");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(lifecycle, "lifecycle");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}
