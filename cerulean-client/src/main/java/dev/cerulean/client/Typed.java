package dev.cerulean.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a call returned: the record it maps to, and the document the server sent. Commands read
 * fields from {@link #value()}; {@code -o json} prints {@link #json()} as it came, so the output
 * carries every field the server rendered (also fields this client does not map).
 *
 * @param value the answer as a record
 * @param json  the server's document for it (for MLflow's routes, the entity inside its wrapper
 *              field, or the whole page of a search)
 */
public record Typed<T>(T value, JsonNode json) {
    public Typed {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(json, "json");
    }
}
