package dev.cerulean.client;

import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.SearchSummary;
import dev.cerulean.core.jobs.SweepSummary;
import java.util.Optional;

/**
 * A job as {@code GET /api/v1/jobs/{name}} shows it: the job, with where its search stands for sweeps
 * and AutoML jobs.
 *
 * @param job    the job
 * @param search the search's objective and best trial (sweeps and AutoML jobs), or null
 * @param sweep  a sweep's objective, best trial and trial counts, or null for other jobs
 */
public record JobDetail(Job job, SearchSummary search, SweepSummary sweepSummary) {
    public JobDetail {
        java.util.Objects.requireNonNull(job, "job");
    }

    /** The sweep's summary, when the job is a sweep. */
    public Optional<SweepSummary> sweep() {
        return Optional.ofNullable(sweepSummary);
    }

    /** The run of the best trial, for a sweep or AutoML job that has one. */
    public Optional<String> bestRun() {
        return search == null ? Optional.empty() : Optional.ofNullable(search.bestRun());
    }
}
