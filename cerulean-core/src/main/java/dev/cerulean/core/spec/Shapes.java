package dev.cerulean.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.Names;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Factories for the {@link Shape}s that spec schemas are built from. */
public final class Shapes {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern REMOTE_URI = Pattern.compile("(?i)(https?|wasbs?|abfss?|adl|s3|gs|hdfs)://.+");
    private static final Pattern DATASTORE_URI = Pattern.compile("azureml://datastores/([^/]+)/paths/(.*)");

    private Shapes() {
    }

    /** True when the text holds an {@code ${{...}}} expression, which is kept for the engine to bind. */
    public static boolean isExpression(JsonNode value) {
        return value.isTextual() && value.asText().contains("${{");
    }

    private abstract static class Scalar implements Shape {
        private final String description;

        Scalar(String description) {
            this.description = description;
        }

        @Override
        public final JsonNode check(JsonNode value, String path, SpecContext ctx) {
            if (isExpression(value)) {
                return value;
            }
            if (!value.isValueNode() || value.isNull()) {
                ctx.error(path, "expected " + description + ", got " + kindOf(value));
                return null;
            }
            return checkScalar(value, path, ctx);
        }

        abstract JsonNode checkScalar(JsonNode value, String path, SpecContext ctx);

        @Override
        public String describe() {
            return description;
        }
    }

    static String kindOf(JsonNode value) {
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

    /** Any scalar, kept as text (YAML's {@code 1} and {@code "1"} both read as the string "1"). */
    public static Shape string() {
        return new Scalar("a string") {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                return value.isTextual() ? value : TextNode.valueOf(value.asText());
            }
        };
    }

    /** A non-empty string. */
    public static Shape nonEmptyString() {
        return new Scalar("a non-empty string") {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                if (value.asText().isBlank()) {
                    ctx.error(path, "must not be empty");
                    return null;
                }
                return TextNode.valueOf(value.asText());
            }
        };
    }

    /** An integer in [min, max]; numeric strings are accepted. */
    public static Shape integer(long min, long max) {
        return new Scalar(bounds("an integer", min, max)) {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                long v;
                if (value.isIntegralNumber()) {
                    v = value.asLong();
                } else {
                    try {
                        v = Long.parseLong(value.asText().strip());
                    } catch (NumberFormatException e) {
                        ctx.error(path, "expected " + describe() + ", got " + kindOf(value));
                        return null;
                    }
                }
                if (v < min || v > max) {
                    ctx.error(path, "value " + v + " is out of range: expected " + describe());
                    return null;
                }
                return LongNode.valueOf(v);
            }
        };
    }

    /** A number in [min, max]; numeric strings are accepted. */
    public static Shape number(double min, double max) {
        return new Scalar(bounds("a number", min, max)) {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                double v;
                if (value.isNumber()) {
                    v = value.asDouble();
                } else {
                    try {
                        v = Double.parseDouble(value.asText().strip());
                    } catch (NumberFormatException e) {
                        ctx.error(path, "expected " + describe() + ", got " + kindOf(value));
                        return null;
                    }
                }
                if (Double.isNaN(v) || v < min || v > max) {
                    ctx.error(path, "value " + v + " is out of range: expected " + describe());
                    return null;
                }
                return value.isIntegralNumber() ? value : DoubleNode.valueOf(v);
            }
        };
    }

    /** Any number, of either sign. */
    public static Shape number() {
        return number(-Double.MAX_VALUE, Double.MAX_VALUE);
    }

    private static String bounds(String what, double min, double max) {
        boolean lo = min > -Double.MAX_VALUE && min > Long.MIN_VALUE;
        boolean hi = max < Double.MAX_VALUE && max < Long.MAX_VALUE;
        if (lo && hi) {
            return what + " from " + fmt(min) + " to " + fmt(max);
        }
        if (lo) {
            return what + " ≥ " + fmt(min);
        }
        if (hi) {
            return what + " ≤ " + fmt(max);
        }
        return what;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** true or false; the strings "true"/"false" in any case are accepted (Azure ML writes 'True'). */
    public static Shape bool() {
        return new Scalar("true or false") {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                if (value.isBoolean()) {
                    return value;
                }
                String t = value.asText().strip().toLowerCase(Locale.ROOT);
                if (t.equals("true") || t.equals("false")) {
                    return BooleanNode.valueOf(t.equals("true"));
                }
                ctx.error(path, "expected true or false, got " + kindOf(value));
                return null;
            }
        };
    }

    /** One of the given values, matched without regard to case and normalised to the listed spelling. */
    public static Shape oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return new Scalar("one of " + String.join(", ", values)) {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                String t = value.asText().strip();
                for (String a : values) {
                    if (a.equalsIgnoreCase(t)) {
                        return TextNode.valueOf(a);
                    }
                }
                String near = Suggest.nearest(t, values);
                ctx.error(path, "'" + t + "' is not allowed here: expected " + describe(),
                        near == null ? null : "did you mean '" + near + "'?");
                return null;
            }
        };
    }

    /** A name: letters, digits, '-', '_' and '.', at most 255 characters. */
    public static Shape name() {
        return new Scalar("a name") {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                String t = value.asText();
                try {
                    Names.requireValid(path, t);
                    return TextNode.valueOf(t);
                } catch (CeruleanException e) {
                    ctx.error(path, e.getMessage().replace("'" + path + "' ", ""),
                            "use letters, digits, '-', '_' and '.', at most 255 characters");
                    return null;
                }
            }
        };
    }

    /** A version: a positive integer. */
    public static Shape version() {
        return new Scalar("a positive integer version") {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                try {
                    return LongNode.valueOf(Names.parseVersion(path, value.asText()));
                } catch (CeruleanException e) {
                    ctx.error(path, "'" + value.asText() + "' is not a valid version",
                            "use a positive integer, or leave the version out to take the next one");
                    return null;
                }
            }
        };
    }

    /** A reference to a registered asset ({@code azureml:name:version}, {@code name@latest}); normalised to {@code azureml:name:version} or {@code azureml:name@latest}. */
    public static Shape assetRef() {
        return new Scalar("an asset reference (azureml:NAME:VERSION or azureml:NAME@latest)") {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                try {
                    AssetRef ref = AssetRef.parse(path, value.asText());
                    return TextNode.valueOf("azureml:" + ref);
                } catch (CeruleanException e) {
                    ctx.error(path, e.getMessage(), "write azureml:NAME:VERSION or azureml:NAME@latest");
                    return null;
                }
            }
        };
    }

    /**
     * A data location: an asset reference ({@code azureml:name:version}), a datastore URI
     * ({@code azureml://datastores/<ds>/paths/<p>}), a remote URI (https, wasbs, abfss, ...), or a
     * local path ({@code file:} prefixed or not), which is made absolute against the spec's folder.
     *
     * @param mustExist report an error when a local path does not exist
     */
    public static Shape location(boolean mustExist) {
        return new Scalar("a path or URI") {
            @Override
            JsonNode checkScalar(JsonNode value, String path, SpecContext ctx) {
                String t = value.asText().strip();
                if (t.isEmpty()) {
                    ctx.error(path, "must not be empty", "give a local path, azureml://datastores/<name>/paths/<path> or azureml:<name>:<version>");
                    return null;
                }
                if (t.startsWith("azureml://")) {
                    if (t.startsWith("azureml://datastores/") && !DATASTORE_URI.matcher(t).matches()) {
                        ctx.error(path, "'" + t + "' is not a datastore URI", "write azureml://datastores/<name>/paths/<path>");
                        return null;
                    }
                    return TextNode.valueOf(t);
                }
                if (t.startsWith("azureml:")) {
                    return assetRef().check(value, path, ctx);
                }
                if (REMOTE_URI.matcher(t).matches()) {
                    return TextNode.valueOf(t);
                }
                Path local = resolveLocal(t, ctx.baseDir());
                if (local == null) {
                    ctx.error(path, "'" + t + "' is not a valid path");
                    return null;
                }
                if (mustExist && !ctx.exists(local)) {
                    ctx.error(path, "path '" + local + "' does not exist",
                            ctx.baseDir() == null ? null : "relative paths resolve against " + ctx.baseDir());
                    return null;
                }
                return TextNode.valueOf(local.toString());
            }
        };
    }

    /** Resolves a local path ({@code file:}, {@code file://}, relative or absolute) against a base folder. */
    public static Path resolveLocal(String text, Path baseDir) {
        String t = text;
        if (t.startsWith("file://")) {
            t = t.substring("file://".length());
        } else if (t.startsWith("file:")) {
            t = t.substring("file:".length());
        }
        if (t.startsWith("~/")) {
            t = System.getProperty("user.home") + t.substring(1);
        }
        try {
            Path p = Path.of(t);
            if (!p.isAbsolute()) {
                p = (baseDir == null ? Path.of("") : baseDir).resolve(p);
            }
            return p.toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** A mapping from names to values of one shape ({@code tags}, {@code environment_variables}). */
    public static Shape mapOf(Shape values) {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                if (!value.isObject()) {
                    ctx.error(path, "expected a mapping of names to " + values.describe() + ", got " + kindOf(value));
                    return null;
                }
                ObjectNode out = NODES.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    // An empty entry is an empty mapping for mappings of objects (Azure ML's "outputs: {model: }"), else "".
                    JsonNode given = e.getValue().isNull() ? (values instanceof ObjectShape ? NODES.objectNode() : NODES.textNode("")) : e.getValue();
                    JsonNode v = values.check(given, SpecContext.child(path, e.getKey()), ctx);
                    if (v != null) {
                        out.set(e.getKey(), v);
                    }
                }
                return out;
            }

            @Override
            public String describe() {
                return "a mapping";
            }
        };
    }

    /** Tags: names to strings. */
    public static Shape tags() {
        return mapOf(string());
    }

    /** A list of values of one shape; a single value is accepted as a list of one when {@code single} is true. */
    public static Shape listOf(Shape items, boolean single) {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                ArrayNode out = NODES.arrayNode();
                if (!value.isArray()) {
                    if (single && !value.isObject()) {
                        JsonNode v = items.check(value, path, ctx);
                        return v == null ? null : out.add(v);
                    }
                    ctx.error(path, "expected a list of " + items.describe() + ", got " + kindOf(value));
                    return null;
                }
                for (int i = 0; i < value.size(); i++) {
                    JsonNode v = items.check(value.get(i), SpecContext.index(path, i), ctx);
                    if (v != null) {
                        out.add(v);
                    }
                }
                return out;
            }

            @Override
            public String describe() {
                return "a list";
            }
        };
    }

    /** Any value at all, kept as written. */
    public static Shape any() {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                return value;
            }

            @Override
            public String describe() {
                return "any value";
            }
        };
    }

    /** A scalar checked by {@code scalar}, or a mapping checked by {@code object}. */
    public static Shape scalarOr(Shape scalar, Shape object) {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                return value.isObject() ? object.check(value, path, ctx) : scalar.check(value, path, ctx);
            }

            @Override
            public String describe() {
                return scalar.describe() + " or a mapping";
            }
        };
    }

    /**
     * A mapping with exactly one key naming which shape its value has ({@code {read_delimited: {...}}}),
     * or, when {@code bareKeys} is true, that key alone as a string ({@code - read_parquet}).
     */
    public static Shape tagged(Map<String, Shape> variants, boolean bareKeys) {
        List<String> names = List.copyOf(variants.keySet());
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                String key;
                JsonNode body;
                if (bareKeys && value.isTextual()) {
                    key = value.asText();
                    body = NODES.objectNode();
                } else if (value.isObject() && value.size() == 1) {
                    key = value.fieldNames().next();
                    body = value.get(key);
                } else {
                    ctx.error(path, "expected a mapping with one of " + String.join(", ", names) + ", got " + kindOf(value));
                    return null;
                }
                Shape shape = variants.get(key);
                if (shape == null) {
                    String near = Suggest.nearest(key, names);
                    ctx.error(path, "'" + key + "' is not known here: expected one of " + String.join(", ", names),
                            near == null ? null : "did you mean '" + near + "'?");
                    return null;
                }
                JsonNode v = body.isNull() ? NODES.objectNode() : shape.check(body, SpecContext.child(path, key), ctx);
                return v == null ? null : NODES.objectNode().set(key, v);
            }

            @Override
            public String describe() {
                return "one of " + String.join(", ", names);
            }
        };
    }

    /** A value that {@code transform} post-processes after {@code shape} accepted it (for cross-checks on one field). */
    public static Shape then(Shape shape, Function<JsonNode, String> problem) {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                JsonNode v = shape.check(value, path, ctx);
                if (v != null && !isExpression(v)) {
                    String p = problem.apply(v);
                    if (p != null) {
                        ctx.error(path, p);
                        return null;
                    }
                }
                return v;
            }

            @Override
            public String describe() {
                return shape.describe();
            }
        };
    }

    /**
     * Another spec of a given kind, written in any of the ways Azure ML allows: a reference to a
     * registered asset ({@code azureml:train:3}, {@code azureml:train@latest}, kept canonical), a
     * local file ({@code ./train.yml}, {@code file:train.yml}, relative to this spec's folder; it is
     * read, checked and inlined, its own relative paths resolving against its own folder), or the spec
     * written inline as a mapping.
     */
    public static Shape specRef(SpecKind kind) {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                if (value.isObject()) {
                    return ctx.parser().checkNested((com.fasterxml.jackson.databind.node.ObjectNode) value, path, ctx, kind);
                }
                if (!value.isTextual()) {
                    ctx.error(path, "expected " + describe() + ", got " + kindOf(value));
                    return null;
                }
                String t = value.asText().strip();
                if (t.startsWith("azureml:") && !t.startsWith("azureml://")) {
                    return assetRef().check(value, path, ctx);
                }
                Path file = resolveLocal(t, ctx.baseDir());
                if (file == null || !ctx.isFile(file)) {
                    ctx.error(path, "'" + t + "' is neither an asset reference (azureml:NAME:VERSION) nor an existing spec file",
                            ctx.baseDir() == null ? null : "relative paths resolve against " + ctx.baseDir());
                    return null;
                }
                return ctx.parser().parseNested(file, path, ctx, kind);
            }

            @Override
            public String describe() {
                return "a " + kind.displayName() + " (azureml:NAME:VERSION, a path to its YAML file, or inline)";
            }
        };
    }

    /** Starts an object shape. */
    public static ObjectShape object() {
        return new ObjectShape();
    }

    static List<String> words(String... s) {
        return Arrays.asList(s);
    }
}
