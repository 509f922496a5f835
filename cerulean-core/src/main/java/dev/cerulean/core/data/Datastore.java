package dev.cerulean.core.data;

import dev.cerulean.core.Names;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A named storage location that data paths resolve against ({@code azureml://datastores/<name>/paths/<p>}).
 *
 * @param name        datastore name
 * @param type        storage type; Cerulean reads {@code local} folders
 * @param root        absolute root folder
 * @param description free text
 * @param tags        user tags
 * @param createdAt   registration time
 * @param createdBy   who registered it
 */
public record Datastore(String name, String type, String root, String description, Map<String, String> tags,
        Instant createdAt, String createdBy) {
    public static final String LOCAL = "local";

    public Datastore {
        Names.requireValid("name", name);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(root, "root");
        description = description == null ? "" : description;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
