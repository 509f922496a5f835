package dev.cerulean.ml.tune;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Canonical text of configuration values, so that values equal in meaning compare equal whatever
 * their Java type: {@code 3}, {@code 3L} and {@code 3.0} are one value, and so are maps that differ
 * only in key order.
 */
public final class Values {
    private Values() {
    }

    /** A canonical, JSON-like text of a value (String, Number, Boolean, null, List, Map). */
    public static String canonical(Object v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v);
        return sb.toString();
    }

    /** True when the two values have the same {@link #canonical} text. */
    public static boolean same(Object a, Object b) {
        return canonical(a).equals(canonical(b));
    }

    /**
     * True when the values are the same, or read the same once a numeric string is taken as its
     * number ({@code "32"} matches {@code 32}): parameters round-trip through MLflow as strings.
     */
    public static boolean loosely(Object a, Object b) {
        if (same(a, b)) {
            return true;
        }
        Double x = asNumber(a);
        Double y = asNumber(b);
        if (x != null && y != null) {
            return x.doubleValue() == y.doubleValue();
        }
        return a != null && b != null && String.valueOf(a).equals(String.valueOf(b));
    }

    /** The value as a double: numbers, and strings that parse as numbers; null otherwise. */
    public static Double asNumber(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                sb.append((long) d);
            } else {
                sb.append(Double.toString(d));
            }
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                append(sb, list.get(i));
            }
            sb.append(']');
        } else if (v instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, e.getKey());
                sb.append(':');
                append(sb, e.getValue());
            }
            sb.append('}');
        } else {
            quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }
}
