package dev.cerulean.client;

/**
 * A sweep's search as {@code GET /api/v1/jobs/{name}} adds it to the job: the objective, the best
 * trial and the trials by state.
 *
 * @param primaryMetric         the metric the sweep optimises
 * @param goal                  {@code maximize} or {@code minimize}
 * @param bestRun               the best trial's run, or null before a trial reported the metric
 * @param bestValue             its value, or null
 * @param trialsTotal           trials started
 * @param trialsCompleted       trials that completed
 * @param trialsFailed          trials that failed
 * @param trialsCanceled        trials canceled, early-terminated ones included
 * @param trialsEarlyTerminated trials the early-termination policy stopped
 * @param trialsActive          trials queued or running
 */
public record SweepSummary(String primaryMetric, String goal, String bestRun, Double bestValue, int trialsTotal, int trialsCompleted,
        int trialsFailed, int trialsCanceled, int trialsEarlyTerminated, int trialsActive) implements SearchSummary {
}
