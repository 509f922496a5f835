package dev.cerulean.core.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a job's spec named, resolved when it was submitted: the exact code snapshot and input
 * versions it runs with, apart from the spec as the user wrote it.
 *
 * @param code   the code snapshot of a command job (or of a sweep's command trials), or null
 * @param inputs a command job's {@code inputs} (a sweep's: its own and its trial's), by name
 * @param tables the tables of built-in jobs, by spec field: {@code data} (train), {@code training_data},
 *               {@code validation_data}, {@code test_data} (AutoML)
 */
public record Resolved(Snapshot code, Map<String, ResolvedInput> inputs, Map<String, ResolvedInput> tables) {
    /** The spec fields that name a built-in job's tables. */
    public static final List<String> TABLE_FIELDS = List.of("data", "training_data", "validation_data", "test_data");

    public static final Resolved NONE = new Resolved(null, Map.of(), Map.of());

    public Resolved {
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
        for (String t : tables.keySet()) {
            if (!TABLE_FIELDS.contains(t)) {
                throw new IllegalArgumentException("'" + t + "' is not a table field: expected one of " + TABLE_FIELDS);
            }
        }
    }

    /** The stored form: {@code {"code": ..., "inputs": {...}, "data": ..., "training_data": ...}}. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode o = ResolvedInput.JSON.createObjectNode();
        if (code != null) {
            o.set("code", ResolvedInput.JSON.valueToTree(code));
        }
        if (!inputs.isEmpty() || tables.isEmpty()) {
            ObjectNode in = o.putObject("inputs");
            inputs.forEach((k, v) -> in.set(k, v.toJson()));
        }
        for (String t : TABLE_FIELDS) {
            if (tables.containsKey(t)) {
                o.set(t, tables.get(t).toJson());
            }
        }
        return o;
    }

    /** Reads the stored form (a missing or null node is {@link #NONE}). */
    @JsonCreator
    public static Resolved fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        Snapshot code = null;
        if (node.hasNonNull("code")) {
            try {
                code = ResolvedInput.JSON.treeToValue(node.get("code"), Snapshot.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("malformed code snapshot: " + e.getMessage(), e);
            }
        }
        Map<String, ResolvedInput> inputs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("inputs").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            inputs.put(e.getKey(), ResolvedInput.fromJson("inputs." + e.getKey(), e.getValue()));
        }
        Map<String, ResolvedInput> tables = new LinkedHashMap<>();
        for (String t : TABLE_FIELDS) {
            if (node.hasNonNull(t)) {
                tables.put(t, ResolvedInput.fromJson(t, node.get(t)));
            }
        }
        return new Resolved(code, inputs, tables);
    }
}
