package dev.cerulean.core.endpoint;

import dev.cerulean.core.Names;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A deployment of one registered model version behind an online endpoint.
 *
 * @param endpointName         the endpoint
 * @param name                 the deployment name, unique within the endpoint
 * @param description          free text, may be empty
 * @param tags                 user tags
 * @param modelName            the registered model
 * @param modelVersion         its version, resolved when the deployment was created ({@code @latest} included)
 * @param instanceCount        in-process replicas (each a loaded copy of the model)
 * @param requestSettings      admission, queueing and timeout
 * @param livenessProbe        liveness probe
 * @param readinessProbe       readiness probe
 * @param environmentVariables kept as given (no scoring script runs to read them)
 * @param dataCollector        production data collection, or null when off
 * @param createdAt            creation time
 * @param createdBy            who created it
 */
public record OnlineDeployment(String endpointName, String name, String description, Map<String, String> tags, String modelName,
        int modelVersion, int instanceCount, RequestSettings requestSettings, ProbeSettings livenessProbe, ProbeSettings readinessProbe,
        Map<String, String> environmentVariables, DataCollectorSettings dataCollector, Instant createdAt, String createdBy) {
    public OnlineDeployment {
        Names.requireValid("endpoint_name", endpointName);
        Names.requireValid("name", name);
        Names.requireValid("model", modelName);
        if (modelVersion < 1) {
            throw new IllegalArgumentException("model version must be positive: " + modelVersion);
        }
        if (instanceCount < 1) {
            throw new IllegalArgumentException("instance_count must be positive: " + instanceCount);
        }
        description = description == null ? "" : description;
        tags = Maps.sorted(tags);
        environmentVariables = Maps.sorted(environmentVariables);
        Objects.requireNonNull(requestSettings, "requestSettings");
        Objects.requireNonNull(livenessProbe, "livenessProbe");
        Objects.requireNonNull(readinessProbe, "readinessProbe");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code azureml:NAME:VERSION}, as Azure ML shows a deployment's model. */
    public String model() {
        return "azureml:" + modelName + ":" + modelVersion;
    }
}
