package dev.cerulean.core.jobs;

import dev.cerulean.core.Names;
import java.time.Instant;

/**
 * Where jobs run.
 *
 * @param name              compute name ({@code local} always exists)
 * @param type              {@code local}: a bounded pool of processes and threads on this machine
 * @param maxConcurrentJobs jobs that run at once; more wait in the queue, in order
 * @param description       free text
 * @param createdAt         registration time
 * @param createdBy         who registered it
 */
public record ComputeTarget(String name, String type, int maxConcurrentJobs, String description, Instant createdAt, String createdBy) {
    public static final String LOCAL = "local";

    public ComputeTarget {
        Names.requireValid("name", name);
        if (maxConcurrentJobs < 1) {
            throw new IllegalArgumentException("max_concurrent_jobs must be at least 1");
        }
        description = description == null ? "" : description;
    }
}
