package dev.cerulean.core.tracking;

import java.util.Map;

/**
 * An MLflow experiment.
 *
 * @param id               experiment id (MLflow sends it as a string; "0" is the default experiment)
 * @param name             unique name
 * @param artifactLocation where its runs' artifacts go ({@code mlflow-artifacts:/<id>})
 * @param lifecycleStage   {@code active} or {@code deleted}
 * @param creationTime     epoch milliseconds
 * @param lastUpdateTime   epoch milliseconds
 * @param tags             experiment tags
 */
public record Experiment(String id, String name, String artifactLocation, String lifecycleStage, long creationTime,
        long lastUpdateTime, Map<String, String> tags) {
    public static final String ACTIVE = "active";
    public static final String DELETED = "deleted";
    public static final String DEFAULT_ID = "0";
    public static final String DEFAULT_NAME = "Default";

    public Experiment {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
