package dev.cerulean.client;

import dev.cerulean.core.jobs.ComputeTarget;

/**
 * A compute target with its load ({@code GET /api/v1/compute/{name}}).
 *
 * @param target      the compute target
 * @param queuedJobs  jobs waiting for a slot
 * @param runningJobs jobs running on it
 */
public record ComputeStatus(ComputeTarget target, int queuedJobs, int runningJobs) {
}
