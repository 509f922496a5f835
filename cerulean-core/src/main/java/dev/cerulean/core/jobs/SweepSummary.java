package dev.cerulean.core.jobs;

/**
 * Where a sweep job stands, for its JSON: the best trial so far and how its trials ended.
 *
 * @param primaryMetric    the objective's metric
 * @param goal             {@code maximize} or {@code minimize}
 * @param bestRun          the best completed trial's run id (also its job name), or null
 * @param bestValue        the best trial's primary metric value, or null
 * @param trialsTotal      trials submitted so far
 * @param trialsCompleted  trials that completed with a value
 * @param trialsFailed     trials that failed
 * @param trialsCanceled   trials canceled (early-terminated ones included)
 * @param trialsEarlyTerminated trials stopped by the early-termination policy
 * @param trialsActive     trials queued or running
 */
public record SweepSummary(String primaryMetric, String goal, String bestRun, Double bestValue, int trialsTotal, int trialsCompleted,
        int trialsFailed, int trialsCanceled, int trialsEarlyTerminated, int trialsActive) {
    /** The sweep's search as it recorded it, with the counts of its trials. */
    public static SweepSummary of(SearchSummary search, int total, int completed, int failed, int canceled, int earlyTerminated,
            int active) {
        SearchSummary s = search == null ? SearchSummary.NONE : search;
        return new SweepSummary(s.primaryMetric(), s.goal(), s.bestRun(), s.bestValue(), total, completed, failed, canceled, earlyTerminated,
                active);
    }
}
