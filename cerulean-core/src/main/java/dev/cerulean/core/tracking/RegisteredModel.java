package dev.cerulean.core.tracking;

import java.util.List;
import java.util.Map;

/**
 * A registered model: a named line of model versions.
 *
 * @param name                 unique name
 * @param creationTimestamp    epoch milliseconds
 * @param lastUpdatedTimestamp epoch milliseconds
 * @param userId               who created it
 * @param description          free text
 * @param latestVersions       the latest version in each stage
 * @param tags                 tags
 * @param aliases              alias → version
 */
public record RegisteredModel(String name, long creationTimestamp, long lastUpdatedTimestamp, String userId, String description,
        List<ModelVersion> latestVersions, Map<String, String> tags, Map<String, Integer> aliases) {
    public RegisteredModel {
        latestVersions = latestVersions == null ? List.of() : List.copyOf(latestVersions);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
    }
}
