package dev.cerulean.service.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.spec.Spec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request to register a datastore.
 *
 * @param name        datastore name
 * @param type        storage type; only {@code local} is readable
 * @param path        the folder it stands for
 * @param description free text
 * @param tags        user tags
 */
public record DatastoreRequest(String name, String type, String path, String description, Map<String, String> tags) {
    public static DatastoreRequest fromSpec(Spec spec) {
        JsonNode b = spec.body();
        Map<String, String> tags = new LinkedHashMap<>();
        b.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new DatastoreRequest(b.get("name").asText(), b.path("type").asText("local"), b.path("path").asText(null),
                b.path("description").asText(""), tags);
    }
}
