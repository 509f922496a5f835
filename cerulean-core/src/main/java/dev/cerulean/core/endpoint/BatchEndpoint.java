package dev.cerulean.core.endpoint;

import dev.cerulean.core.Names;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A batch endpoint: a name that scoring jobs are invoked on, and the deployment they use by default.
 *
 * @param name              the endpoint name
 * @param authMode          as written ({@code aad_token}); batch jobs are started through the workspace API
 * @param description       free text, may be empty
 * @param tags              user tags
 * @param defaultDeployment the deployment jobs use when none is named, or null
 * @param createdAt         creation time
 * @param createdBy         who created it
 * @param updatedAt         last change
 */
public record BatchEndpoint(String name, String authMode, String description, Map<String, String> tags, String defaultDeployment,
        Instant createdAt, String createdBy, Instant updatedAt) {
    public BatchEndpoint {
        Names.requireValid("name", name);
        authMode = authMode == null ? "aad_token" : authMode;
        description = description == null ? "" : description;
        tags = Maps.sorted(tags);
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    /** This endpoint with another default deployment. */
    public BatchEndpoint withDefaultDeployment(String deployment, Instant at) {
        return new BatchEndpoint(name, authMode, description, tags, deployment, createdAt, createdBy, at);
    }
}
