package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.spec.Suggest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reading typed fields out of spec mappings, reporting problems with their paths. */
final class Fields {
    private Fields() {
    }

    /** How a value reads in an error message. */
    static String kindOf(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isNull()) {
            return "nothing (null)";
        }
        return "'" + value.asText() + "'";
    }

    /** Reports every field of {@code object} not in {@code known}, suggesting the nearest known one. */
    static void rejectUnknown(JsonNode object, Collection<String> known, String path, Problems problems) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!known.contains(key)) {
                String near = Suggest.nearest(key, known);
                problems.error(Problems.child(path, key), "unknown field '" + key + "'",
                        near != null ? "did you mean '" + near + "'?" : "known fields: " + String.join(", ", known));
            }
        }
    }

    static boolean present(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    /**
     * A number field; numeric strings are accepted (YAML users quote numbers). Returns null and
     * reports a problem when a required field is missing or the value is not a finite number.
     */
    static Double number(JsonNode object, String field, String path, boolean required, Problems problems) {
        String p = Problems.child(path, field);
        if (!present(object, field)) {
            if (required) {
                problems.error(p, "'" + field + "' is required");
            }
            return null;
        }
        return number(object.get(field), p, problems);
    }

    static Double number(JsonNode v, String path, Problems problems) {
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            try {
                d = Double.parseDouble(v.asText().strip());
            } catch (NumberFormatException e) {
                problems.error(path, "expected a number, got " + kindOf(v));
                return null;
            }
        } else {
            problems.error(path, "expected a number, got " + kindOf(v));
            return null;
        }
        if (!Double.isFinite(d)) {
            problems.error(path, "expected a finite number, got " + kindOf(v));
            return null;
        }
        return d;
    }

    /** An integer field (a number with no fraction, or such a string). */
    static Long integer(JsonNode object, String field, String path, boolean required, Problems problems) {
        String p = Problems.child(path, field);
        if (!present(object, field)) {
            if (required) {
                problems.error(p, "'" + field + "' is required");
            }
            return null;
        }
        JsonNode v = object.get(field);
        Double d = number(v, p, problems);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || Math.abs(d) > 9.0e15) {
            problems.error(p, "expected an integer, got " + kindOf(v));
            return null;
        }
        return (long) (double) d;
    }

    /** A string field; scalars of other types are read as their text. */
    static String text(JsonNode object, String field, String path, boolean required, Problems problems) {
        String p = Problems.child(path, field);
        if (!present(object, field)) {
            if (required) {
                problems.error(p, "'" + field + "' is required");
            }
            return null;
        }
        JsonNode v = object.get(field);
        if (!v.isValueNode()) {
            problems.error(p, "expected a string, got " + kindOf(v));
            return null;
        }
        return v.asText();
    }

    /** A boolean field; the strings true/false in any case are accepted. */
    static Boolean bool(JsonNode object, String field, String path, Problems problems) {
        String p = Problems.child(path, field);
        if (!present(object, field)) {
            return null;
        }
        JsonNode v = object.get(field);
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String t = v.asText().strip().toLowerCase(Locale.ROOT);
        if (v.isTextual() && (t.equals("true") || t.equals("false"))) {
            return t.equals("true");
        }
        problems.error(p, "expected true or false, got " + kindOf(v));
        return null;
    }

    /** One of {@code allowed}, matched without regard to case; reports the nearest on a miss. */
    static String oneOf(String value, List<String> allowed, String path, Problems problems) {
        String t = value.strip();
        for (String a : allowed) {
            if (a.equalsIgnoreCase(t)) {
                return a;
            }
        }
        String near = Suggest.nearest(t, allowed);
        problems.error(path, "'" + t + "' is not allowed here: expected one of " + String.join(", ", allowed),
                near == null ? null : "did you mean '" + near + "'?");
        return null;
    }

    /**
     * A JSON value as a plain Java value: Long for integers, Double for other numbers, String,
     * Boolean, null, List and (insertion-ordered) Map.
     */
    static Object toJava(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
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
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(e -> out.add(toJava(e)));
            return java.util.Collections.unmodifiableList(out);
        }
        if (v.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            v.properties().forEach(e -> out.put(e.getKey(), toJava(e.getValue())));
            return java.util.Collections.unmodifiableMap(out);
        }
        return v.asText();
    }

    /** A number in messages and reasons: up to 6 significant digits, no trailing zeros. */
    static String num(double v) {
        if (Double.isInfinite(v) || Double.isNaN(v)) {
            return Double.toString(v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+($|e)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
    }
}
