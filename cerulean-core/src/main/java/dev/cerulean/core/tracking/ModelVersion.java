package dev.cerulean.core.tracking;

import java.util.List;
import java.util.Map;

/**
 * A version of a registered model.
 *
 * @param name                 the registered model
 * @param version              1, 2, ... (never reused, even after a version is deleted)
 * @param creationTimestamp    epoch milliseconds
 * @param lastUpdatedTimestamp epoch milliseconds
 * @param userId               who created it
 * @param currentStage         None, Staging, Production or Archived (MLflow's deprecated stages)
 * @param description          free text
 * @param source               where the model came from, as the client said ({@code runs:/<id>/model}, a URI)
 * @param runId                the run that produced it, or null
 * @param runLink              a link to the run, or null
 * @param status               PENDING_REGISTRATION, FAILED_REGISTRATION or READY
 * @param statusMessage        why registration failed, or null
 * @param tags                 version tags
 * @param aliases              aliases pointing at this version
 * @param storageLocation      Cerulean's immutable copy of the model files ({@code mlflow-artifacts:/models/...}), or null
 * @param flavors              MLmodel flavors found in the files (xgboost, lightgbm, onnx, cerulean, python_function, ...)
 * @param signature            the MLmodel signature as JSON, or null
 */
public record ModelVersion(String name, int version, long creationTimestamp, long lastUpdatedTimestamp, String userId, String currentStage,
        String description, String source, String runId, String runLink, String status, String statusMessage, Map<String, String> tags,
        List<String> aliases, String storageLocation, List<String> flavors, String signature) {
    public static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");

    public ModelVersion {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        flavors = flavors == null ? List.of() : List.copyOf(flavors);
    }
}
