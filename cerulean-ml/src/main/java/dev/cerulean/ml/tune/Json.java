package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Plain Java values to JSON trees. */
final class Json {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static JsonNode of(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof JsonNode j) {
            return j;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Expression e) {
            return e.toJson();
        }
        if (v instanceof Branch b) {
            return b.toJson();
        }
        if (v instanceof List<?> list) {
            ArrayNode arr = NODES.arrayNode();
            list.forEach(x -> arr.add(of(x)));
            return arr;
        }
        if (v instanceof Map<?, ?> map) {
            ObjectNode obj = NODES.objectNode();
            map.forEach((k, x) -> obj.set(String.valueOf(k), of(x)));
            return obj;
        }
        return NODES.textNode(v.toString());
    }
}
