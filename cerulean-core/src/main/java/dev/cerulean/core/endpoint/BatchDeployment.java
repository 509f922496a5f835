package dev.cerulean.core.endpoint;

import dev.cerulean.core.Names;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A deployment of one registered model version behind a batch endpoint.
 *
 * @param endpointName  the endpoint
 * @param name          the deployment name, unique within the endpoint
 * @param description   free text, may be empty
 * @param tags          user tags
 * @param modelName     the registered model
 * @param modelVersion  its version, resolved at creation
 * @param compute       the compute named in the spec, kept as written (batch scoring runs in the server process)
 * @param instanceCount instances; multiplies the concurrency of a job
 * @param settings      mini-batching, retries, error threshold and output
 * @param createdAt     creation time
 * @param createdBy     who created it
 */
public record BatchDeployment(String endpointName, String name, String description, Map<String, String> tags, String modelName,
        int modelVersion, String compute, int instanceCount, BatchSettings settings, Instant createdAt, String createdBy) {
    public BatchDeployment {
        Names.requireValid("endpoint_name", endpointName);
        Names.requireValid("name", name);
        Names.requireValid("model", modelName);
        if (modelVersion < 1 || instanceCount < 1) {
            throw new IllegalArgumentException("model version and instance count must be positive");
        }
        description = description == null ? "" : description;
        tags = Maps.sorted(tags);
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code azureml:NAME:VERSION}. */
    public String model() {
        return "azureml:" + modelName + ":" + modelVersion;
    }

    /** Mini-batches scored at once: {@code max_concurrency_per_instance × instance_count}. */
    public int concurrency() {
        return settings.maxConcurrencyPerInstance() * instanceCount;
    }
}
