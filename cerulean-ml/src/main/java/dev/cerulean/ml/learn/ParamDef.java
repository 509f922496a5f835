package dev.cerulean.ml.learn;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The definition of one hyperparameter: name, type, default and valid range or choices. Learners list
 * theirs so callers (sweeps, AutoML, docs) can discover them.
 *
 * @param name         the name as given in a spec ({@code num_leaves})
 * @param type         value type
 * @param defaultValue the default ({@link Integer}, {@link Double}, {@link Boolean} or {@link String}); null
 *                     means "chosen from the data" as the description says
 * @param min          smallest valid value (numeric types), or null
 * @param max          largest valid value (numeric types), or null
 * @param minExclusive whether {@code min} itself is invalid
 * @param choices      valid values (STRING), or empty
 * @param description  one line for docs
 */
public record ParamDef(String name, Type type, Object defaultValue, Double min, Double max, boolean minExclusive,
        List<String> choices, String description) {

    /** Value types. */
    public enum Type { INT, DOUBLE, BOOLEAN, STRING }

    public ParamDef {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** An integer in [min, max]. */
    public static ParamDef integer(String name, Integer def, double min, double max, String description) {
        return new ParamDef(name, Type.INT, def, min, max, false, List.of(), description);
    }

    /** A real in [min, max] (or (min, max] when minExclusive). */
    public static ParamDef real(String name, Double def, double min, boolean minExclusive, double max, String description) {
        return new ParamDef(name, Type.DOUBLE, def, min, max, minExclusive, List.of(), description);
    }

    /** A boolean. */
    public static ParamDef bool(String name, boolean def, String description) {
        return new ParamDef(name, Type.BOOLEAN, def, null, null, false, List.of(), description);
    }

    /** One of the given strings. */
    public static ParamDef choice(String name, String def, List<String> choices, String description) {
        return new ParamDef(name, Type.STRING, def, null, null, false, choices, description);
    }

    /** The range as text, for docs and errors: {@code [1, 10000]}, {@code (0, 1]}, {@code uniform|distance}. */
    public String rangeText() {
        if (type == Type.STRING) {
            return String.join("|", choices);
        }
        if (type == Type.BOOLEAN) {
            return "true|false";
        }
        return (minExclusive ? "(" : "[") + num(min) + ", " + num(max) + "]";
    }

    private String num(Double d) {
        if (d == null || d.isInfinite()) {
            return d != null && d < 0 ? "-inf" : "inf";
        }
        return type == Type.INT ? Long.toString(d.longValue()) : d.toString();
    }

    /**
     * Converts and checks one value.
     *
     * @param learner used in messages
     * @throws InvalidParameterException naming the field and the bad value
     */
    public Object coerce(String learner, Object value) {
        String field = name;
        if (value == null) {
            if (defaultValue == null) {
                return null;
            }
            throw new InvalidParameterException(learner + " hyperparameter '" + field + "' may not be null", field);
        }
        switch (type) {
            case INT -> {
                double d = number(learner, value);
                if (d != Math.rint(d) || Double.isInfinite(d)) {
                    throw bad(learner, value, "an integer");
                }
                checkRange(learner, d, value);
                return (int) d;
            }
            case DOUBLE -> {
                double d = number(learner, value);
                checkRange(learner, d, value);
                return d;
            }
            case BOOLEAN -> {
                if (value instanceof Boolean b) {
                    return b;
                }
                String s = value.toString().strip().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw bad(learner, value, "true or false");
            }
            default -> {
                String s = value.toString().strip();
                for (String c : choices) {
                    if (c.equalsIgnoreCase(s)) {
                        return c;
                    }
                }
                throw bad(learner, value, "one of " + String.join(", ", choices));
            }
        }
    }

    private double number(String learner, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw bad(learner, value, type == Type.INT ? "an integer" : "a number");
            }
        }
        throw bad(learner, value, type == Type.INT ? "an integer" : "a number");
    }

    private void checkRange(String learner, double d, Object value) {
        if (Double.isNaN(d) || min != null && (minExclusive ? d <= min : d < min) || max != null && d > max) {
            throw bad(learner, value, "in " + rangeText());
        }
    }

    private InvalidParameterException bad(String learner, Object value, String expected) {
        return new InvalidParameterException(learner + " hyperparameter '" + name + "' must be " + expected + ", got '"
                + value + "'", name);
    }

    /**
     * Resolves given values against definitions: names are matched exactly (after {@code aliases}), values
     * converted and range-checked, and defaults filled in.
     *
     * @param learner learner name, for messages
     * @param defs    the learner's parameters
     * @param given   values by name; may be null
     * @param aliases other accepted names (e.g. {@code eta} for {@code learning_rate}); may be empty
     * @return every parameter, in definition order
     * @throws InvalidParameterException for an unknown name (suggesting the nearest) or a bad value
     */
    public static Map<String, Object> resolve(String learner, List<ParamDef> defs, Map<String, ?> given,
            Map<String, String> aliases) {
        Map<String, ParamDef> byName = new LinkedHashMap<>();
        defs.forEach(d -> byName.put(d.name(), d));
        Map<String, Object> values = new LinkedHashMap<>();
        if (given != null) {
            for (Map.Entry<String, ?> e : given.entrySet()) {
                String key = aliases.getOrDefault(e.getKey(), e.getKey());
                ParamDef d = byName.get(key);
                if (d == null) {
                    List<String> names = new ArrayList<>(byName.keySet());
                    names.addAll(aliases.keySet());
                    String near = Suggest.nearest(e.getKey(), names);
                    throw new InvalidParameterException("unknown " + learner + " hyperparameter '" + e.getKey() + "'"
                            + (near == null ? "" : "; did you mean '" + aliases.getOrDefault(near, near) + "'?")
                            + " Valid: " + String.join(", ", byName.keySet()), e.getKey());
                }
                values.put(key, d.coerce(learner, e.getValue()));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParamDef d : defs) {
            out.put(d.name(), values.containsKey(d.name()) ? values.get(d.name()) : d.defaultValue());
        }
        return out;
    }

    /**
     * Checks a complete set of values (as a record's {@code toMap()}) against definitions.
     *
     * @throws InvalidParameterException naming the first bad field
     */
    public static void check(String learner, List<ParamDef> defs, Map<String, Object> values) {
        for (ParamDef d : defs) {
            d.coerce(learner, values.get(d.name()));
        }
    }
}
