package dev.cerulean.core.tracking;

import java.util.List;
import java.util.Map;

/**
 * A run with its data.
 *
 * @param info    metadata
 * @param metrics the latest value of each metric
 * @param params  parameters (immutable once logged)
 * @param tags    tags
 * @param inputs  datasets it used
 */
public record Run(RunInfo info, List<Metric> metrics, Map<String, String> params, Map<String, String> tags, List<DatasetInput> inputs) {
    public Run {
        metrics = List.copyOf(metrics);
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        inputs = List.copyOf(inputs);
    }
}
