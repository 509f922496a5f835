package dev.cerulean.client;

import dev.cerulean.core.jobs.Job;
import java.util.Optional;

/**
 * A job as {@code GET /api/v1/jobs/{name}} shows it: the job, and for a sweep or an AutoML job how
 * its search stands.
 *
 * @param job     the job
 * @param summary the search's summary, or null for a job that searches nothing (or has not started to)
 */
public record JobDetail(Job job, SearchSummary summary) {
    public JobDetail {
        java.util.Objects.requireNonNull(job, "job");
    }

    /** The sweep's summary, when the job is a sweep. */
    public Optional<SweepSummary> sweep() {
        return summary instanceof SweepSummary s ? Optional.of(s) : Optional.empty();
    }

    /** The run of the best trial, for a sweep or AutoML job that has one. */
    public Optional<String> bestRun() {
        return summary == null ? Optional.empty() : Optional.ofNullable(summary.bestRun());
    }
}
