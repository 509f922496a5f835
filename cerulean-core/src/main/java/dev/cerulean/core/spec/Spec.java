package dev.cerulean.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A valid, normalised spec.
 *
 * @param kind     what it describes
 * @param body     the normalised document: defaults filled, {@code type} set, local paths absolute,
 *                 references canonical, {@code $schema} dropped, expressions kept
 * @param warnings problems that do not stop it from being used
 * @param source   the file it came from, or null
 */
public record Spec(SpecKind kind, ObjectNode body, List<Problem> warnings, Path source) {
    public Spec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        warnings = List.copyOf(warnings);
    }

    /** A text field, or null. */
    public String text(String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
