package dev.cerulean.core.tracking;

import java.util.Map;

/**
 * A dataset used by a run, with the input's tags ({@code mlflow.data.context}: train, eval, ...).
 *
 * @param dataset the dataset
 * @param tags    input tags
 */
public record DatasetInput(Dataset dataset, Map<String, String> tags) {
    public DatasetInput {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
