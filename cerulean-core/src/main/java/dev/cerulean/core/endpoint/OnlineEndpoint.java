package dev.cerulean.core.endpoint;

import dev.cerulean.core.Names;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An online (real-time) endpoint: a name clients call, a key to call it with, and the split of its
 * traffic over its deployments.
 *
 * @param name          the endpoint name
 * @param authMode      {@code key} (the only mode Cerulean serves)
 * @param description   free text, may be empty
 * @param tags          user tags
 * @param traffic       percent of live traffic per deployment; sums to 0 or 100
 * @param mirrorTraffic percent of live traffic copied to one deployment (at most 50); its answers are never returned
 * @param createdAt     creation time
 * @param createdBy     who created it
 * @param updatedAt     last change
 */
public record OnlineEndpoint(String name, String authMode, String description, Map<String, String> tags, Map<String, Integer> traffic,
        Map<String, Integer> mirrorTraffic, Instant createdAt, String createdBy, Instant updatedAt) {
    public OnlineEndpoint {
        Names.requireValid("name", name);
        Objects.requireNonNull(authMode, "authMode");
        description = description == null ? "" : description;
        tags = Maps.sorted(tags);
        traffic = Maps.sorted(traffic);
        mirrorTraffic = Maps.sorted(mirrorTraffic);
        Objects.requireNonNull(createdAt, "createdAt");
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }

    /** This endpoint with another traffic split and mirror. */
    public OnlineEndpoint withTraffic(Map<String, Integer> newTraffic, Map<String, Integer> newMirror, Instant at) {
        return new OnlineEndpoint(name, authMode, description, tags, newTraffic, newMirror, createdAt, createdBy, at);
    }

    /** This endpoint with another description and tags. */
    public OnlineEndpoint withDescription(String newDescription, Map<String, String> newTags, Instant at) {
        return new OnlineEndpoint(name, authMode, newDescription, newTags, traffic, mirrorTraffic, createdAt, createdBy, at);
    }
}
