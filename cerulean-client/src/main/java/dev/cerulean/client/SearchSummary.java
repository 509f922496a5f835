package dev.cerulean.client;

/**
 * How a search over trials (a sweep, an AutoML job) stands, as the server adds it to the job.
 * Fields are null until the search has them.
 */
public sealed interface SearchSummary permits SweepSummary, AutoMlSummary {
    /** The metric trials are ranked by. */
    String primaryMetric();

    /** {@code maximize} or {@code minimize}. */
    String goal();

    /** The run of the best trial so far. */
    String bestRun();

    /** Its value of the primary metric. */
    Double bestValue();
}
