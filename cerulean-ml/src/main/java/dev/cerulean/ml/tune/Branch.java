package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A nested search space offered as one value of a {@link Choice}: a mapping whose entries are
 * either {@link Expression}s, sampled when the branch is chosen, or constants, passed through.
 * Azure ML allows these in {@code choice} values, e.g. one branch per model family:
 *
 * <pre>
 * model:
 *   type: choice
 *   values:
 *     - {kernel: linear, C: {type: uniform, min_value: 0.1, max_value: 10}}
 *     - {kernel: rbf, gamma: {type: loguniform, min_value: -7, max_value: 0}}
 * </pre>
 *
 * A chosen branch yields a {@code Map<String,Object>} with every entry resolved.
 *
 * @param entries the entries in order; values are {@link Expression}s or constants (String,
 *                Long, Double, Boolean, null, List, Map)
 */
public record Branch(Map<String, Object> entries) {
    public Branch {
        Objects.requireNonNull(entries, "entries");
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** True when some entry is an expression (a branch of constants alone is just a constant map). */
    public boolean hasExpressions() {
        return entries.values().stream().anyMatch(v -> v instanceof Expression);
    }

    /**
     * True when {@code value} could have been produced by this branch: a map with the same keys,
     * equal constants, and for expressions a value of the right kind.
     */
    public boolean matches(Object value) {
        if (!(value instanceof Map<?, ?> map) || map.size() != entries.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            if (!map.containsKey(e.getKey())) {
                return false;
            }
            Object got = map.get(e.getKey());
            Object want = e.getValue();
            if (want instanceof Choice c) {
                if (c.indexOf(got) < 0) {
                    return false;
                }
            } else if (want instanceof Distribution) {
                if (Values.asNumber(got) == null) {
                    return false;
                }
            } else if (!Values.loosely(want, got)) {
                return false;
            }
        }
        return true;
    }

    /** The branch as a YAML mapping, expressions in their mapping form. */
    public JsonNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        entries.forEach((k, v) -> out.set(k, v instanceof Expression e ? e.toJson() : Json.of(v)));
        return out;
    }
}
