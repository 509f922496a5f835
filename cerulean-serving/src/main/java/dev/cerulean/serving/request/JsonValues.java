package dev.cerulean.serving.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.InvalidParameterException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON request values as plain Java values, with errors that name where a value is. */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * One cell: null, a string, a number ({@code Long} when integral, else {@code Double}) or a boolean.
     *
     * @throws InvalidParameterException naming the column and row when the value is a list or an object
     */
    static Object cell(JsonNode v, String column, int row) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.asLong() : (Object) v.asDouble();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        throw new InvalidParameterException("column '" + column + "' row " + row + ": " + (v.isArray() ? "a list" : "an object")
                + " is not a value; each cell holds one number, string, boolean or null", column);
    }

    /** The elements of a JSON array; {@code what} names it in the error when it is not one. */
    static List<JsonNode> array(JsonNode node, String what, String target) {
        List<JsonNode> out = new ArrayList<>(requireArray(node, what, target).size());
        node.forEach(out::add);
        return out;
    }

    /** The node, when it is a JSON array; {@code what} names it in the error when it is not one. */
    static JsonNode requireArray(JsonNode node, String what, String target) {
        if (node == null || !node.isArray()) {
            throw new InvalidParameterException("'" + what + "' must be a list, got " + kind(node), target);
        }
        return node;
    }

    /** The node, when it is a JSON object; {@code what} names it in the error when it is not one. */
    static JsonNode requireObject(JsonNode node, String what, String target) {
        if (node == null || !node.isObject()) {
            throw new InvalidParameterException("'" + what + "' must be an object, got " + kind(node), target);
        }
        return node;
    }

    /** The fields of a JSON object, in order. */
    static Map<String, JsonNode> object(JsonNode node, String what, String target) {
        requireObject(node, what, target);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** "a list", "an object", "a number"... for messages. */
    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isNumber()) {
            return "a number";
        }
        return n.isBoolean() ? "a boolean" : "a value";
    }

    /** Plain Java values for {@code params}: maps, lists and scalars. */
    static Map<String, Object> params(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        object(node, "params", "params").forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    private static Object plain(JsonNode v) {
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            v.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v.isNull()) {
            return null;
        }
        return v.isTextual() ? v.asText() : v.isBoolean() ? (Object) v.asBoolean() : v.isIntegralNumber() ? (Object) v.asLong() : v.asDouble();
    }
}
