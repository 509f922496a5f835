package dev.cerulean.core.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import java.util.Objects;

/**
 * How a job sees one of its inputs, fixed when it is submitted: a literal value, a registered data
 * asset version, a snapshot of local files frozen as blobs, or a path the server reads in place.
 */
public sealed interface ResolvedInput {
    ObjectMapper JSON = new ObjectMapper();

    /** The declared type ({@code uri_file}, {@code uri_folder}, {@code mltable}, ...), or null for literals. */
    String type();

    /** A value passed as it is ({@code string}, {@code number}, {@code integer}, {@code boolean} inputs). */
    record Literal(String value) implements ResolvedInput {
        public Literal {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String type() {
            return null;
        }
    }

    /** A data asset version, {@code name:version}. */
    record Asset(String asset, String type) implements ResolvedInput {
        public Asset {
            Objects.requireNonNull(asset, "asset");
        }
    }

    /** Local files the client or the server froze when the job was submitted. */
    record Frozen(Snapshot snapshot, String type) implements ResolvedInput {
        public Frozen {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /** A path on the server (a datastore path), read where it is. */
    record Path(String path, String type) implements ResolvedInput {
        public Path {
            Objects.requireNonNull(path, "path");
        }
    }

    /** The stored form: {@code {"kind": "literal"|"asset"|"snapshot"|"path", ...}}. */
    default ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        if (type() != null) {
            o.put("type", type());
        }
        if (this instanceof Literal l) {
            o.put("kind", "literal").put("value", l.value());
        } else if (this instanceof Asset a) {
            o.put("kind", "asset").put("asset", a.asset());
        } else if (this instanceof Frozen f) {
            o.put("kind", "snapshot").set("snapshot", JSON.valueToTree(f.snapshot()));
        } else if (this instanceof Path p) {
            o.put("kind", "path").put("path", p.path());
        }
        return o;
    }

    /** Reads the stored form. */
    static ResolvedInput fromJson(String field, JsonNode node) {
        String type = node.hasNonNull("type") ? node.get("type").asText() : null;
        String kind = node.path("kind").asText();
        try {
            return switch (kind) {
                case "literal" -> new Literal(node.path("value").asText());
                case "asset" -> new Asset(node.get("asset").asText(), type);
                case "snapshot" -> new Frozen(JSON.treeToValue(node.get("snapshot"), Snapshot.class), type);
                case "path" -> new Path(node.get("path").asText(), type);
                default -> throw new InvalidParameterException("input '" + field + "' is of an unknown kind '" + kind + "'", field);
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidParameterException("input '" + field + "' is malformed: " + e.getMessage(), field);
        }
    }
}
