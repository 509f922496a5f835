package dev.cerulean.core.tracking;

/**
 * One logged value of a metric.
 *
 * @param key       metric name
 * @param value     the value (NaN and infinities allowed)
 * @param timestamp epoch milliseconds
 * @param step      training step
 */
public record Metric(String key, double value, long timestamp, long step) {
    /** MLflow's order of "latest": the highest step, then the latest timestamp, then the largest value. */
    public boolean isLaterThan(Metric other) {
        if (step != other.step) {
            return step > other.step;
        }
        if (timestamp != other.timestamp) {
            return timestamp > other.timestamp;
        }
        return Double.compare(value, other.value) > 0;
    }
}
