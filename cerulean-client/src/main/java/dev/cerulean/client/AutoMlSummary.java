package dev.cerulean.client;

/**
 * An AutoML job's result as {@code GET /api/v1/jobs/{name}} adds it to the job.
 *
 * @param primaryMetric the metric the search ranks by, or null before the search started
 * @param goal          {@code maximize} or {@code minimize}
 * @param bestRun       the best trial's run (which holds the model), or null before there is one
 * @param bestValue     its value of the primary metric, or null
 */
public record AutoMlSummary(String primaryMetric, String goal, String bestRun, Double bestValue) implements SearchSummary {
}
