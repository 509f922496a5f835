package dev.cerulean.core.tracking;

import dev.cerulean.core.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's search grammar: comparisons joined by {@code AND}, such as
 * {@code metrics.rmse < 1 and params.model = 'xgb' and tags."a b" LIKE '%x%' and attributes.status = 'FINISHED'}.
 * Identifiers are {@code <entity>.<key>} with the key optionally quoted with double quotes or
 * backticks; values are quoted strings, numbers or parenthesised lists of strings.
 */
public final class SearchFilter {
    /** What an identifier refers to. */
    public enum Entity { METRIC, PARAM, TAG, ATTRIBUTE, DATASET }

    /**
     * One comparison.
     *
     * @param entity what the key names
     * @param key    the metric, param or tag name, or the attribute
     * @param op     {@code =}, {@code !=}, {@code >}, {@code >=}, {@code <}, {@code <=}, {@code LIKE},
     *               {@code ILIKE}, {@code IN}, {@code NOT IN}, {@code IS NULL}, {@code IS NOT NULL}
     * @param value  a String, a Double, a List of Strings, or null for IS [NOT] NULL
     */
    public record Clause(Entity entity, String key, String op, Object value) {
    }

    /**
     * A sort key.
     *
     * @param entity    what the key names
     * @param key       the key
     * @param ascending the direction
     */
    public record Order(Entity entity, String key, boolean ascending) {
    }

    /** What may be searched: the attributes of each kind, and which are numeric. */
    public enum Target {
        RUNS(Set.of("run_id", "run_name", "status", "user_id", "artifact_uri", "lifecycle_stage"),
                Set.of("start_time", "end_time", "created"), false),
        EXPERIMENTS(Set.of("name"), Set.of("creation_time", "last_update_time", "experiment_id"), true),
        REGISTERED_MODELS(Set.of("name"), Set.of("creation_timestamp", "last_updated_timestamp"), true),
        MODEL_VERSIONS(Set.of("name", "run_id", "source_path", "current_stage"),
                Set.of("version_number", "creation_timestamp", "last_updated_timestamp"), true);

        final Set<String> stringAttributes;
        final Set<String> numericAttributes;
        final boolean bareIsAttribute;

        Target(Set<String> s, Set<String> n, boolean bare) {
            this.stringAttributes = s;
            this.numericAttributes = n;
            this.bareIsAttribute = bare;
        }
    }

    private static final Map<String, Entity> PREFIXES = Map.ofEntries(
            Map.entry("metric", Entity.METRIC), Map.entry("metrics", Entity.METRIC),
            Map.entry("param", Entity.PARAM), Map.entry("params", Entity.PARAM),
            Map.entry("parameter", Entity.PARAM), Map.entry("parameters", Entity.PARAM),
            Map.entry("tag", Entity.TAG), Map.entry("tags", Entity.TAG),
            Map.entry("attribute", Entity.ATTRIBUTE), Map.entry("attributes", Entity.ATTRIBUTE),
            Map.entry("attr", Entity.ATTRIBUTE), Map.entry("run", Entity.ATTRIBUTE),
            Map.entry("dataset", Entity.DATASET), Map.entry("datasets", Entity.DATASET));
    private static final Set<String> COMPARISONS = Set.of("=", "!=", ">", ">=", "<", "<=");
    private static final Set<String> STRING_OPS = Set.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");

    private final String text;
    private final Target target;
    private int pos;

    private SearchFilter(String text, Target target) {
        this.text = text;
        this.target = target;
    }

    /**
     * Parses a filter; an empty or blank filter matches everything.
     *
     * @throws InvalidParameterException with MLflow's wording, naming the offending part
     */
    public static List<Clause> parse(String filter, Target target) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        SearchFilter p = new SearchFilter(filter, target);
        List<Clause> out = new ArrayList<>();
        while (true) {
            out.add(p.clause());
            p.skipSpace();
            if (p.pos >= p.text.length()) {
                return out;
            }
            String word = p.word();
            if (!word.equalsIgnoreCase("and")) {
                throw p.error("expected AND between comparisons" + (word.equalsIgnoreCase("or") ? " (OR is not supported)" : "")
                        + " but found '" + word + "'");
            }
        }
    }

    /** Parses {@code order_by} entries such as {@code metrics.rmse DESC} or {@code name}. */
    public static List<Order> parseOrderBy(List<String> orderBy, Target target) {
        List<Order> out = new ArrayList<>();
        if (orderBy == null) {
            return out;
        }
        for (String o : orderBy) {
            if (o == null || o.isBlank()) {
                continue;
            }
            SearchFilter p = new SearchFilter(o, target);
            String[] id = p.identifier();
            Entity entity = p.entityOf(id);
            String key = id[1];
            if (entity == Entity.ATTRIBUTE) {
                key = p.attribute(key);
            }
            p.skipSpace();
            boolean asc = true;
            if (p.pos < o.length()) {
                String dir = p.word().toUpperCase(Locale.ROOT);
                if (dir.equals("DESC")) {
                    asc = false;
                } else if (!dir.equals("ASC")) {
                    throw new InvalidParameterException("Invalid order_by clause '" + o + "': expected ASC or DESC after the key", "order_by");
                }
                p.skipSpace();
                if (p.pos < o.length()) {
                    throw new InvalidParameterException("Invalid order_by clause '" + o + "'", "order_by");
                }
            }
            out.add(new Order(entity, key, asc));
        }
        return out;
    }

    private Clause clause() {
        String[] id = identifier();
        Entity entity = entityOf(id);
        String key = id[1];
        String op = operator();
        Object value = null;
        if (!op.startsWith("IS")) {
            value = op.endsWith("IN") ? list() : scalar();
        }
        if (entity == Entity.ATTRIBUTE) {
            key = attribute(key);
            boolean numeric = target.numericAttributes.contains(key);
            check(numeric ? COMPARISONS : STRING_OPS, op, "attribute '" + key + "'");
            if (numeric && !(value instanceof Double)) {
                throw error("attribute '" + key + "' is numeric; compare it with a number, not " + describe(value));
            }
            if (!numeric && value instanceof Double) {
                throw error("attribute '" + key + "' is a string; quote the value");
            }
        } else if (entity == Entity.METRIC) {
            check(COMPARISONS, op, "metric '" + key + "'");
            if (!(value instanceof Double)) {
                throw error("metric '" + key + "' must be compared with a number, not " + describe(value));
            }
        } else if (entity == Entity.DATASET) {
            if (!Set.of("name", "digest", "context").contains(key)) {
                throw error("dataset key '" + key + "' is not searchable: expected name, digest or context");
            }
            check(STRING_OPS, op, "dataset." + key);
        } else {
            Set<String> ops = new java.util.HashSet<>(STRING_OPS);
            ops.add("IS NULL");
            ops.add("IS NOT NULL");
            check(ops, op, (entity == Entity.PARAM ? "param '" : "tag '") + key + "'");
            if (value instanceof Double) {
                throw error((entity == Entity.PARAM ? "param '" : "tag '") + key + "' is a string; quote the value");
            }
        }
        return new Clause(entity, key, op, value);
    }

    private static String describe(Object v) {
        return v instanceof List ? "a list" : v == null ? "nothing" : "'" + v + "'";
    }

    private void check(Set<String> allowed, String op, String what) {
        if (!allowed.contains(op)) {
            throw error("'" + op + "' is not a valid comparison for " + what + "; allowed: " + String.join(", ",
                    new java.util.TreeSet<>(allowed)));
        }
    }

    private String attribute(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (target == Target.RUNS && k.equals("created")) {
            return "start_time";
        }
        if (!target.stringAttributes.contains(k) && !target.numericAttributes.contains(k)) {
            throw new InvalidParameterException("Invalid attribute key '" + key + "' specified. Valid keys are "
                    + new java.util.TreeSet<>(union(target)), "filter");
        }
        return k;
    }

    private static Set<String> union(Target t) {
        Set<String> s = new java.util.HashSet<>(t.stringAttributes);
        s.addAll(t.numericAttributes);
        return s;
    }

    private Entity entityOf(String[] id) {
        if (id[0] == null) {
            if (target.bareIsAttribute) {
                return Entity.ATTRIBUTE;
            }
            throw error("invalid identifier '" + id[1] + "': name it as metrics.<key>, params.<key>, tags.<key>, "
                    + "attributes.<key> or datasets.<key>");
        }
        Entity e = PREFIXES.get(id[0].toLowerCase(Locale.ROOT));
        if (e == null) {
            throw error("invalid entity type '" + id[0] + "': expected metrics, params, tags, attributes or datasets");
        }
        if (target != Target.RUNS && (e == Entity.METRIC || e == Entity.PARAM || e == Entity.DATASET)) {
            throw error("'" + id[0] + "' cannot be searched here: only attributes and tags");
        }
        return e;
    }

    /** {prefix or null, key}. */
    private String[] identifier() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (pos == start) {
            if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '`')) {
                return new String[] {null, quoted()};
            }
            throw error("expected an identifier such as metrics.rmse");
        }
        String first = text.substring(start, pos);
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '`')) {
                return new String[] {first, quoted()};
            }
            int ks = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "=!<>(),'\"".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            if (pos == ks) {
                throw error("expected a key after '" + first + ".'");
            }
            return new String[] {first, text.substring(ks, pos)};
        }
        return new String[] {null, first};
    }

    private String quoted() {
        char q = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == q) {
                if (pos < text.length() && text.charAt(pos) == q) {
                    sb.append(q);
                    pos++;
                    continue;
                }
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                sb.append(text.charAt(pos++));
                continue;
            }
            sb.append(c);
        }
        throw error("unterminated quote " + q);
    }

    private String operator() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a comparison operator");
        }
        for (String op : new String[] {"!=", ">=", "<=", "<>", "=", ">", "<"}) {
            if (text.startsWith(op, pos)) {
                pos += op.length();
                return op.equals("<>") ? "!=" : op;
            }
        }
        String w = word().toUpperCase(Locale.ROOT);
        switch (w) {
            case "LIKE", "ILIKE", "IN":
                return w;
            case "NOT": {
                String next = word().toUpperCase(Locale.ROOT);
                if (next.equals("IN")) {
                    return "NOT IN";
                }
                if (next.equals("LIKE") || next.equals("ILIKE")) {
                    throw error("NOT " + next + " is not supported");
                }
                throw error("expected IN after NOT");
            }
            case "IS": {
                String next = word().toUpperCase(Locale.ROOT);
                if (next.equals("NULL")) {
                    return "IS NULL";
                }
                if (next.equals("NOT") && word().equalsIgnoreCase("NULL")) {
                    return "IS NOT NULL";
                }
                throw error("expected NULL or NOT NULL after IS");
            }
            default:
                throw error("'" + w + "' is not a comparison operator");
        }
    }

    private Object scalar() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            return quoted();
        }
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && text.charAt(pos) != ')' && text.charAt(pos) != ',') {
            pos++;
        }
        String t = text.substring(start, pos);
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw error("value '" + t + "' is neither a number nor a quoted string");
        }
    }

    private List<String> list() {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != '(') {
            throw error("expected a parenthesised list of values after IN");
        }
        pos++;
        List<String> values = new ArrayList<>();
        while (true) {
            Object v = scalar();
            values.add(v instanceof Double d ? stripZero(d) : (String) v);
            skipSpace();
            if (pos >= text.length()) {
                throw error("unterminated list");
            }
            char c = text.charAt(pos++);
            if (c == ')') {
                return values;
            }
            if (c != ',') {
                throw error("expected ',' or ')' in the list");
            }
        }
    }

    private static String stripZero(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private String word() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private InvalidParameterException error(String what) {
        return new InvalidParameterException("Invalid filter '" + text + "' at position " + pos + ": " + what, "filter");
    }
}
