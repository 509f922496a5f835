package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.SpecException;
import dev.cerulean.core.spec.Suggest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The {@code search_space} of a sweep: hyperparameter names, in order, each with its
 * {@link Expression}. Immutable.
 *
 * <p>Read it from the YAML form Azure ML uses,
 * <pre>
 * search_space:
 *   lr:    {type: loguniform, min_value: -6, max_value: -1}
 *   depth: {type: choice, values: [3, 5, 7]}
 * </pre>
 * or from the REST/SDK serialised form, where each expression is {@code [type, [arguments]]}:
 * {@code {"lr": ["loguniform", [-6, -1]], "depth": ["choice", [[3, 5, 7]]]}}.
 *
 * <p>A configuration is a {@code Map<String,Object>} from each name to its value; a choice of a
 * {@link Branch} contributes a nested {@code Map}.
 */
public final class SearchSpace {
    /** Expression types and the fields each takes besides {@code type}, as Azure ML defines them. */
    static final Map<String, List<String>> FIELDS;

    static {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("choice", List.of("values"));
        m.put("randint", List.of("upper"));
        m.put("uniform", List.of("min_value", "max_value"));
        m.put("quniform", List.of("min_value", "max_value", "q"));
        m.put("loguniform", List.of("min_value", "max_value"));
        m.put("qloguniform", List.of("min_value", "max_value", "q"));
        m.put("normal", List.of("mu", "sigma"));
        m.put("qnormal", List.of("mu", "sigma", "q"));
        m.put("lognormal", List.of("mu", "sigma"));
        m.put("qlognormal", List.of("mu", "sigma", "q"));
        FIELDS = Collections.unmodifiableMap(m);
    }

    private static final Set<String> ARGUMENT_FIELDS = Set.of("values", "upper", "min_value", "max_value", "q", "mu", "sigma");
    private static final int MAX_DEPTH = 8;

    private final Map<String, Expression> parameters;

    private SearchSpace(Map<String, Expression> parameters) {
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * A search space from expressions built in code.
     *
     * @throws InvalidParameterException when there are no parameters or a name is not usable
     */
    public static SearchSpace of(Map<String, Expression> parameters) {
        if (parameters.isEmpty()) {
            throw new InvalidParameterException("a search space needs at least one parameter", "search_space");
        }
        for (String name : parameters.keySet()) {
            String bad = nameProblem(name);
            if (bad != null) {
                throw new InvalidParameterException("parameter name '" + name + "' " + bad, "search_space." + name);
            }
        }
        return new SearchSpace(parameters);
    }

    /**
     * Reads a search space, throwing on any error.
     *
     * @param node the {@code search_space} mapping
     * @throws SpecException listing every problem, each with its path under {@code search_space}
     */
    public static SearchSpace parse(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        SearchSpace s = read(node, "search_space", problems);
        Problems p = new Problems();
        p.addAll(problems);
        p.throwIfErrors("search_space");
        return s;
    }

    /**
     * Reads a search space, adding every problem found (errors and warnings) to {@code problems}.
     *
     * @param node     the {@code search_space} mapping (null or missing is reported as required)
     * @param path     the field path of {@code node}, for problems ({@code search_space})
     * @param problems where problems are added
     * @return the search space, or null when there were errors
     */
    public static SearchSpace read(JsonNode node, String path, List<Problem> problems) {
        Problems p = new Problems();
        Map<String, Expression> params = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            p.error(path, "'search_space' is required", "map each hyperparameter to an expression, e.g. lr: {type: uniform, min_value: 0.01, max_value: 0.1}");
        } else if (!node.isObject()) {
            p.error(path, "expected a mapping of hyperparameter names to expressions, got " + Fields.kindOf(node));
        } else if (node.isEmpty()) {
            p.error(path, "the search space has no hyperparameters", "add at least one, e.g. lr: {type: uniform, min_value: 0.01, max_value: 0.1}");
        } else {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String name = e.getKey();
                String at = Problems.child(path, name);
                String bad = nameProblem(name);
                if (bad != null) {
                    p.error(at, "parameter name '" + name + "' " + bad, "use letters, digits, '_' and '-'");
                    continue;
                }
                Expression x = readExpression(e.getValue(), at, p, 0);
                if (x != null) {
                    params.put(name, x);
                }
            }
        }
        problems.addAll(p.list());
        return p.hasErrors() ? null : new SearchSpace(params);
    }

    private static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || c == '.' || c == '$' || c == '{' || c == '}') {
                return "contains '" + c + "', which cannot appear in ${{search_space.<name>}}";
            }
        }
        return null;
    }

    // --- reading expressions ---------------------------------------------------------------------

    /** True when {@code v} is written as an expression (a mapping with a known type, or {@code [type, [args]]}). */
    static boolean isExpressionNode(JsonNode v) {
        if (v.isObject()) {
            JsonNode t = v.get("type");
            return t != null && t.isTextual() && FIELDS.containsKey(t.asText().strip().toLowerCase(Locale.ROOT));
        }
        return v.isArray() && v.size() == 2 && v.get(0).isTextual()
                && FIELDS.containsKey(v.get(0).asText().strip().toLowerCase(Locale.ROOT)) && v.get(1).isArray();
    }

    /** True when {@code v} looks like an expression with a misspelt type ({@code {type: unifrom, min_value: 0, ...}}). */
    private static String misspeltType(JsonNode v) {
        if (!v.isObject() || v.size() < 2) {
            return null;
        }
        JsonNode t = v.get("type");
        if (t == null || !t.isTextual()) {
            return null;
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!k.equals("type") && !ARGUMENT_FIELDS.contains(k)) {
                return null;
            }
        }
        return t.asText();
    }

    static Expression readExpression(JsonNode node, String path, Problems p, int depth) {
        if (depth > MAX_DEPTH) {
            p.error(path, "choices are nested more than " + MAX_DEPTH + " levels deep");
            return null;
        }
        if (node.isArray()) {
            return readRestForm(node, path, p, depth);
        }
        if (!node.isObject()) {
            p.error(path, "expected a parameter expression, got " + Fields.kindOf(node),
                    node.isValueNode() && !node.isNull()
                            ? "to fix the parameter at one value write {type: choice, values: [" + node.asText() + "]}"
                            : "write e.g. {type: uniform, min_value: 0, max_value: 1}");
            return null;
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            String guess = guessType(node);
            p.error(Problems.child(path, "type"), "'type' is required",
                    guess != null ? "add type: " + guess : "one of " + String.join(", ", FIELDS.keySet()));
            return null;
        }
        if (!typeNode.isTextual()) {
            p.error(Problems.child(path, "type"), "expected an expression type, got " + Fields.kindOf(typeNode));
            return null;
        }
        String written = typeNode.asText().strip();
        String type = written.toLowerCase(Locale.ROOT);
        List<String> fields = FIELDS.get(type);
        if (fields == null) {
            String near = Suggest.nearest(written, FIELDS.keySet());
            p.error(Problems.child(path, "type"), "unknown expression type '" + written + "': expected one of " + String.join(", ", FIELDS.keySet()),
                    near != null ? "did you mean '" + near + "'?" : null);
            return null;
        }
        List<String> known = new ArrayList<>(fields);
        known.add("type");
        int before = p.errorCount();
        Fields.rejectUnknown(node, known, path, p);
        Expression x = build(type, node, path, p, depth);
        return p.errorCount() > before ? null : x;
    }

    private static String guessType(JsonNode node) {
        if (node.has("values")) {
            return "choice";
        }
        if (node.has("upper")) {
            return "randint";
        }
        if (node.has("min_value") || node.has("max_value")) {
            return node.has("q") ? "quniform" : "uniform";
        }
        if (node.has("mu") || node.has("sigma")) {
            return node.has("q") ? "qnormal" : "normal";
        }
        return null;
    }

    private static Expression build(String type, JsonNode node, String path, Problems p, int depth) {
        switch (type) {
            case "choice": {
                String at = Problems.child(path, "values");
                JsonNode values = node.get("values");
                if (values == null || values.isNull()) {
                    p.error(at, "'values' is required", "list the values to choose from, e.g. values: [16, 32, 64]");
                    return null;
                }
                return readChoice(values, at, p, depth);
            }
            case "randint": {
                Long upper = Fields.integer(node, "upper", path, true, p);
                if (upper == null) {
                    return null;
                }
                if (upper < 1) {
                    p.error(Problems.child(path, "upper"), "upper must be at least 1, got " + upper,
                            "randint(upper) gives 0 … upper − 1, so upper is exclusive");
                    return null;
                }
                return new Distribution.RandInt(upper);
            }
            case "uniform":
            case "quniform":
            case "loguniform":
            case "qloguniform": {
                Double min = Fields.number(node, "min_value", path, true, p);
                Double max = Fields.number(node, "max_value", path, true, p);
                Double q = type.startsWith("q") ? Fields.number(node, "q", path, true, p) : null;
                if (min == null || max == null || type.startsWith("q") && q == null) {
                    return null;
                }
                boolean ok = true;
                if (min >= max) {
                    p.error(Problems.child(path, "min_value"), "min_value " + fmt(min) + " must be less than max_value " + fmt(max),
                            min > max ? "swap the two bounds" : "to fix the parameter at one value use {type: choice, values: [" + fmt(min) + "]}");
                    ok = false;
                }
                if (q != null && q <= 0) {
                    p.error(Problems.child(path, "q"), "q must be positive, got " + fmt(q));
                    ok = false;
                }
                if (!ok) {
                    return null;
                }
                boolean log = type.contains("log");
                if (log && Math.max(Math.abs(min), Math.abs(max)) > 700) {
                    p.error(Problems.child(path, Math.abs(min) > 700 ? "min_value" : "max_value"),
                            "bounds of " + type + " are in log space: exp(" + fmt(Math.abs(min) > 700 ? min : max) + ") is out of range",
                            "write the natural logarithm of the bound, e.g. " + fmt(Math.log(Math.abs(min) > 700 ? Math.abs(min) : Math.abs(max))));
                    return null;
                }
                if (log && min > 0 && max / min >= 10) {
                    p.warn(Problems.child(path, "min_value"), type + " bounds are in log space: this samples exp(" + fmt(min) + ") … exp(" + fmt(max)
                            + "), that is " + fmt(Math.exp(min)) + " … " + fmt(Math.exp(max)),
                            "for values from " + fmt(min) + " to " + fmt(max) + " write min_value: " + fmt(Math.log(min)) + ", max_value: " + fmt(Math.log(max)));
                }
                switch (type) {
                    case "uniform":
                        return new Distribution.Uniform(min, max);
                    case "quniform":
                        return new Distribution.QUniform(min, max, q);
                    case "loguniform":
                        return new Distribution.LogUniform(min, max);
                    default:
                        return new Distribution.QLogUniform(min, max, q);
                }
            }
            default: {
                // normal, qnormal, lognormal, qlognormal
                Double mu = Fields.number(node, "mu", path, true, p);
                Double sigma = Fields.number(node, "sigma", path, true, p);
                Double q = type.startsWith("q") ? Fields.number(node, "q", path, true, p) : null;
                if (mu == null || sigma == null || type.startsWith("q") && q == null) {
                    return null;
                }
                boolean ok = true;
                if (sigma <= 0) {
                    p.error(Problems.child(path, "sigma"), "sigma must be positive, got " + fmt(sigma), "sigma is the standard deviation");
                    ok = false;
                }
                if (q != null && q <= 0) {
                    p.error(Problems.child(path, "q"), "q must be positive, got " + fmt(q));
                    ok = false;
                }
                if (!ok) {
                    return null;
                }
                switch (type) {
                    case "normal":
                        return new Distribution.Normal(mu, sigma);
                    case "qnormal":
                        return new Distribution.QNormal(mu, sigma, q);
                    case "lognormal":
                        return new Distribution.LogNormal(mu, sigma);
                    default:
                        return new Distribution.QLogNormal(mu, sigma, q);
                }
            }
        }
    }

    private static Choice readChoice(JsonNode values, String at, Problems p, int depth) {
        if (!values.isArray()) {
            p.error(at, "expected a list of values, got " + Fields.kindOf(values),
                    values.isValueNode() ? "write values: [" + values.asText() + "]" : null);
            return null;
        }
        if (values.isEmpty()) {
            p.error(at, "a choice needs at least one value");
            return null;
        }
        List<Object> out = new ArrayList<>();
        int before = p.errorCount();
        for (int i = 0; i < values.size(); i++) {
            out.add(readChoiceValue(values.get(i), Problems.index(at, i), p, depth));
        }
        return p.errorCount() > before ? null : new Choice(out);
    }

    private static Object readChoiceValue(JsonNode v, String path, Problems p, int depth) {
        if (v.isObject() && isExpressionNode(v)) {
            p.error(path, "a choice value cannot be an expression on its own",
                    "name it inside a mapping, e.g. - {lr: {type: " + v.get("type").asText() + ", …}}");
            return null;
        }
        if (!v.isObject()) {
            return Fields.toJava(v);
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        boolean expressions = false;
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String at = Problems.child(path, e.getKey());
            JsonNode x = e.getValue();
            if (isExpressionNode(x)) {
                String bad = nameProblem(e.getKey());
                if (bad != null) {
                    p.error(at, "parameter name '" + e.getKey() + "' " + bad);
                }
                entries.put(e.getKey(), readExpression(x, at, p, depth + 1));
                expressions = true;
            } else {
                String typo = misspeltType(x);
                if (typo != null && Suggest.nearest(typo, FIELDS.keySet()) != null) {
                    p.error(Problems.child(at, "type"), "unknown expression type '" + typo + "'",
                            "did you mean '" + Suggest.nearest(typo, FIELDS.keySet()) + "'?");
                }
                entries.put(e.getKey(), Fields.toJava(x));
            }
        }
        return expressions ? new Branch(entries) : Collections.unmodifiableMap(entries);
    }

    /** The REST/SDK form {@code [type, [arguments]]}: {@code ["uniform", [0, 1]]}, {@code ["choice", [[1, 2]]]}. */
    private static Expression readRestForm(JsonNode node, String path, Problems p, int depth) {
        if (node.size() != 2 || !node.get(0).isTextual() || !node.get(1).isArray()) {
            p.error(path, "expected a parameter expression, got a list",
                    "write {type: choice, values: [...]} for a choice, or [type, [arguments]] in the REST form");
            return null;
        }
        String written = node.get(0).asText().strip();
        String type = written.toLowerCase(Locale.ROOT);
        List<String> fields = FIELDS.get(type);
        if (fields == null) {
            String near = Suggest.nearest(written, FIELDS.keySet());
            p.error(Problems.index(path, 0), "unknown expression type '" + written + "': expected one of " + String.join(", ", FIELDS.keySet()),
                    near != null ? "did you mean '" + near + "'?" : null);
            return null;
        }
        JsonNode args = node.get(1);
        if (type.equals("choice")) {
            JsonNode values = args.size() == 1 && args.get(0).isArray() ? args.get(0) : args;
            return readChoice(values, Problems.index(path, 1), p, depth);
        }
        if (args.size() != fields.size()) {
            p.error(Problems.index(path, 1), type + " takes " + fields.size() + " arguments (" + String.join(", ", fields) + "), got " + args.size());
            return null;
        }
        ObjectNode asMapping = JsonNodeFactory.instance.objectNode();
        asMapping.put("type", type);
        for (int i = 0; i < fields.size(); i++) {
            asMapping.set(fields.get(i), args.get(i));
        }
        Problems local = new Problems();
        Expression x = build(type, asMapping, path, local, depth);
        // Problems name the argument's position in the list, not a field the user never wrote.
        for (Problem pr : local.list()) {
            String at = pr.path();
            for (int i = 0; i < fields.size(); i++) {
                at = at.replace(Problems.child(path, fields.get(i)), Problems.index(Problems.index(path, 1), i) + " (" + fields.get(i) + ")");
            }
            if (pr.isError()) {
                p.error(at, pr.message(), pr.suggestion());
            } else {
                p.warn(at, pr.message(), pr.suggestion());
            }
        }
        return local.hasErrors() ? null : x;
    }

    static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = String.format(Locale.ROOT, "%.4g", d);
        if (s.contains("e") || s.contains("E")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    // --- use -------------------------------------------------------------------------------------

    /** The parameters in the order written. */
    public Map<String, Expression> parameters() {
        return parameters;
    }

    /** The parameter names in order. */
    public List<String> names() {
        return List.copyOf(parameters.keySet());
    }

    /** A configuration drawn from the expressions' distributions. */
    public Map<String, Object> sample(RandomGenerator rng) {
        Map<String, Object> out = new LinkedHashMap<>();
        parameters.forEach((name, x) -> out.put(name, sample(x, rng)));
        return Collections.unmodifiableMap(out);
    }

    /** A value drawn from one expression (a chosen {@link Branch} yields a map of its resolved entries). */
    public static Object sample(Expression x, RandomGenerator rng) {
        if (x instanceof Distribution d) {
            return d.sample(rng);
        }
        Choice c = (Choice) x;
        return resolve(c.values().get(rng.nextInt(c.size())), rng);
    }

    private static Object resolve(Object value, RandomGenerator rng) {
        if (!(value instanceof Branch b)) {
            return value;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        b.entries().forEach((k, v) -> out.put(k, v instanceof Expression e ? sample(e, rng) : v));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The field paths (relative to {@code search_space}) of every expression that is not a
     * choice, nested ones included ({@code lr}, {@code model.values[1].gamma}), each with its type.
     * Grid sampling accepts only choices: these are what it rejects.
     */
    public Map<String, String> nonChoiceExpressions() {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((name, x) -> collectNonChoice(name, x, out));
        return out;
    }

    private static void collectNonChoice(String path, Expression x, Map<String, String> out) {
        if (x instanceof Distribution) {
            out.put(path, x.type());
            return;
        }
        List<Object> values = ((Choice) x).values();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) instanceof Branch b) {
                String at = Problems.index(path + ".values", i);
                b.entries().forEach((k, v) -> {
                    if (v instanceof Expression e) {
                        collectNonChoice(Problems.child(at, k), e, out);
                    }
                });
            }
        }
    }

    /**
     * The number of combinations grid sampling enumerates (saturating at {@link Long#MAX_VALUE}),
     * or empty when some expression is not a choice.
     */
    public OptionalLong gridSize() {
        if (!nonChoiceExpressions().isEmpty()) {
            return OptionalLong.empty();
        }
        long s = 1;
        for (Expression x : parameters.values()) {
            s = times(s, gridSize(x));
        }
        return OptionalLong.of(s);
    }

    /** The number of grid combinations of one choice expression (its branches expanded). */
    public static long gridSize(Expression x) {
        if (!(x instanceof Choice c)) {
            throw new IllegalArgumentException(x.type() + " has no grid: only choice expressions do");
        }
        long s = 0;
        for (Object v : c.values()) {
            s = plus(s, v instanceof Branch b ? gridSize(b) : 1);
        }
        return s;
    }

    /** The number of grid combinations of a branch: the product over its expressions. */
    public static long gridSize(Branch b) {
        long s = 1;
        for (Object v : b.entries().values()) {
            if (v instanceof Expression x) {
                s = times(s, gridSize(x));
            }
        }
        return s;
    }

    private static long times(long a, long b) {
        long r = a * b;
        return a != 0 && (r / a != b || r < 0) ? Long.MAX_VALUE : r;
    }

    private static long plus(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /** The search space in its YAML mapping form. */
    public JsonNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        parameters.forEach((k, v) -> out.set(k, v.toJson()));
        return out;
    }

    /**
     * A configuration with nested maps flattened to dotted names:
     * {@code {model: {kernel: rbf, gamma: 0.1}}} becomes {@code {model.kernel: rbf, model.gamma: 0.1}}.
     * Useful where only flat parameters fit (MLflow run parameters).
     */
    public static Map<String, Object> flatten(Map<String, ?> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", config, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
        map.forEach((k, v) -> {
            String name = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty()) {
                flatten(name, m, out);
            } else {
                out.put(name, v);
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SearchSpace s && Values.same(Fields.toJava(toJson()), Fields.toJava(s.toJson()));
    }

    @Override
    public int hashCode() {
        return Values.canonical(Fields.toJava(toJson())).hashCode();
    }

    @Override
    public String toString() {
        return "SearchSpace" + toJson();
    }
}
