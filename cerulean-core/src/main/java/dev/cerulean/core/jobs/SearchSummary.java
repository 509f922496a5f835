package dev.cerulean.core.jobs;

/**
 * Where a search (a sweep or an AutoML job) stands: its objective and the best trial so far, as the
 * engine records it while the search runs. Fields are null until known.
 *
 * @param primaryMetric the metric it optimises
 * @param goal          {@code maximize} or {@code minimize}
 * @param bestRun       the run holding the best trial (for sweeps also the trial's job name), or null
 * @param bestValue     the best trial's primary metric, or null
 */
public record SearchSummary(String primaryMetric, String goal, String bestRun, Double bestValue) {
    public static final SearchSummary NONE = new SearchSummary(null, null, null, null);

    public SearchSummary {
        if (goal != null && !goal.equals("maximize") && !goal.equals("minimize")) {
            throw new IllegalArgumentException("goal must be maximize or minimize, not " + goal);
        }
        if (bestValue != null && !Double.isFinite(bestValue)) {
            bestValue = null;
        }
    }

    /** A search that has started on its objective and found nothing yet. */
    public static SearchSummary started(String primaryMetric, boolean maximize) {
        return new SearchSummary(primaryMetric, maximize ? "maximize" : "minimize", null, null);
    }

    /** The same search with a new best trial. */
    public SearchSummary withBest(String run, double value) {
        return new SearchSummary(primaryMetric, goal, run, value);
    }
}
