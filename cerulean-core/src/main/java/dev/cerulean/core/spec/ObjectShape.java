package dev.cerulean.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping with known fields. Unknown fields are errors that suggest the nearest known field;
 * fields that have no meaning on a local workspace ({@code instance_type}, {@code identity}, ...)
 * are accepted with a warning. Build once (the builder methods return this), then share.
 */
public final class ObjectShape implements Shape {
    /** A check across the fields of one object, run on its normalised form. */
    @FunctionalInterface
    public interface Rule {
        void check(ObjectNode object, String path, SpecContext ctx);
    }

    private record Field(Shape shape, boolean required, JsonNode defaultValue, String ignoredReason) {
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final List<Rule> rules = new ArrayList<>();
    private String description = "a mapping";

    ObjectShape() {
    }

    public ObjectShape required(String name, Shape shape) {
        fields.put(name, new Field(shape, true, null, null));
        return this;
    }

    public ObjectShape optional(String name, Shape shape) {
        fields.put(name, new Field(shape, false, null, null));
        return this;
    }

    /** An optional field that takes {@code defaultValue} (a String, Number or Boolean) when absent. */
    public ObjectShape optional(String name, Shape shape, Object defaultValue) {
        fields.put(name, new Field(shape, false, toNode(defaultValue), null));
        return this;
    }

    /** A field accepted with a warning saying why it has no effect here. */
    public ObjectShape ignored(String name, String reason) {
        fields.put(name, new Field(Shapes.any(), false, null, reason));
        return this;
    }

    /** Several ignored fields with one reason. */
    public ObjectShape ignored(List<String> names, String reason) {
        names.forEach(n -> ignored(n, reason));
        return this;
    }

    public ObjectShape rule(Rule rule) {
        rules.add(rule);
        return this;
    }

    public ObjectShape describedAs(String text) {
        this.description = text;
        return this;
    }

    /** A new shape with the same fields and rules, to extend. */
    public ObjectShape copy() {
        ObjectShape c = new ObjectShape();
        c.fields.putAll(fields);
        c.rules.addAll(rules);
        c.description = description;
        return c;
    }

    public boolean hasField(String name) {
        return fields.containsKey(name);
    }

    private static JsonNode toNode(Object v) {
        if (v instanceof String s) {
            return Shapes.NODES.textNode(s);
        }
        if (v instanceof Integer i) {
            return Shapes.NODES.numberNode((long) i);
        }
        if (v instanceof Long l) {
            return Shapes.NODES.numberNode(l);
        }
        if (v instanceof Number n) {
            return Shapes.NODES.numberNode(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return Shapes.NODES.booleanNode(b);
        }
        throw new IllegalArgumentException("unsupported default " + v);
    }

    @Override
    public JsonNode check(JsonNode value, String path, SpecContext ctx) {
        if (!value.isObject()) {
            ctx.error(path, "expected " + description + ", got " + Shapes.kindOf(value));
            return null;
        }
        ObjectNode out = Shapes.NODES.objectNode();
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String fieldPath = SpecContext.child(path, key);
            Field field = fields.get(key);
            if (field == null) {
                String near = Suggest.nearest(key, fields.keySet());
                ctx.error(fieldPath, "unknown field '" + key + "'",
                        near != null ? "did you mean '" + near + "'?" : "known fields: " + String.join(", ", fields.keySet()));
                ok = false;
                continue;
            }
            if (e.getValue().isNull()) {
                continue;
            }
            if (field.ignoredReason() != null) {
                ctx.warn(fieldPath, "'" + key + "' is accepted but ignored: " + field.ignoredReason(), null);
                out.set(key, e.getValue());
                continue;
            }
            JsonNode v = field.shape().check(e.getValue(), fieldPath, ctx);
            if (v == null) {
                ok = false;
            } else {
                out.set(key, v);
            }
        }
        for (Map.Entry<String, Field> f : fields.entrySet()) {
            if (out.has(f.getKey()) || (value.has(f.getKey()) && !value.get(f.getKey()).isNull())) {
                continue;
            }
            if (f.getValue().required()) {
                ctx.error(SpecContext.child(path, f.getKey()), "'" + f.getKey() + "' is required");
                ok = false;
            } else if (f.getValue().defaultValue() != null) {
                out.set(f.getKey(), f.getValue().defaultValue());
            }
        }
        if (ok) {
            for (Rule r : rules) {
                r.check(out, path, ctx);
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return description;
    }
}
