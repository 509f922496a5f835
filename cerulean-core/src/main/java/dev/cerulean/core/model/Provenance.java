package dev.cerulean.core.model;

import dev.cerulean.core.InvalidParameterException;
import java.lang.reflect.Array;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a model came from: enough to reproduce it and to walk back to its data. Every model package
 * Cerulean writes holds one as {@code provenance.json} ({@link #toMap()} is that file's content; its fields
 * are documented in docs/ml.md). Composite models (bagged folds, ensembles, forecasters) list their parts as
 * {@link #members()}, each with its own provenance.
 *
 * <p>Immutable: maps and lists are deep copies, numbers normalised as JSON reads them back (integers that fit
 * an {@code int} as {@link Integer}, others as {@link Long}, fractions as {@link Double}, arrays as lists), so
 * a provenance equals itself after a trip through {@link #toMap()} / {@link #fromMap}.
 *
 * @param modelType     what kind of model this describes
 * @param algorithm     the learner's canonical name ({@code lightgbm}, {@code elastic_net}, ...) for single and
 *                      bagged models; {@code VotingEnsemble} or {@code StackEnsemble} for ensembles; the method
 *                      ({@code exponential_smoothing}, ...) or {@code forecast_ensemble} for forecasters
 * @param params        every hyperparameter, defaults included (for a stacked ensemble: its meta-learner's)
 * @param featurization the settings that turned the raw columns into features; empty when the members say it
 * @param seed          the seed
 * @param threads       native threads used (tree learners are reproducible for a fixed count), at least 1
 * @param datasetHash   content hash of the training data ({@code <algorithm>:<hex>}, a data asset's
 *                      {@code sha256:...}) as given by the caller, or null when the data was not an asset
 * @param trainingRows  rows (for forecasters: observations) the model was fitted on, not negative
 * @param target        the target column
 * @param libraries     library name to version ({@code cerulean-ml}, {@code xgboost4j}, {@code lightgbm4j})
 * @param javaVersion   {@code java.version} of the training JVM
 * @param os            {@code os.name os.arch} of the training machine
 * @param createdAt     when training finished
 * @param trainingInfo  learner facts ({@code iterations}, {@code best_iteration}, ...)
 * @param members       the parts of a composite model, in order; empty for a single model
 * @throws InvalidParameterException naming the field (as {@code provenance.json} spells it) when a value is
 *                                   missing or out of range
 */
public record Provenance(ModelType modelType, String algorithm, Map<String, Object> params, Map<String, Object> featurization,
        long seed, int threads, String datasetHash, long trainingRows, String target, Map<String, String> libraries,
        String javaVersion, String os, Instant createdAt, Map<String, Object> trainingInfo, List<Member> members) {

    private static final Pattern HASH = Pattern.compile("[a-z0-9]+:[0-9a-f]+");

    /** The kinds of model a package holds, as the {@code model_type} field spells them. */
    public enum ModelType {
        /** One learner with its featurizer. */
        SINGLE,
        /** One configuration trained on each cross-validation fold, predicting with their average. */
        BAGGED,
        /** A voting or stacked ensemble of other models. */
        ENSEMBLE,
        /** A time-series forecaster made of one or more weighted components. */
        FORECASTER;

        /** The lower-case name in {@code provenance.json}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The type a wire name names.
         *
         * @throws InvalidParameterException naming {@code field} and the known types
         */
        public static ModelType parse(String field, String value) {
            for (ModelType t : values()) {
                if (t.wireName().equals(value)) {
                    return t;
                }
            }
            throw new InvalidParameterException("'" + field + "' is '" + value + "'; expected one of single, bagged, ensemble,"
                    + " forecaster", field);
        }
    }

    /**
     * One part of a composite model.
     *
     * @param name       how the composite names it ({@code fold 0}, {@code LightGBM (trial 3)}, a forecast method)
     * @param weight     its weight when the composite averages its parts (bagged folds, voting ensembles,
     *                   forecast components), or null (the members of a stacked ensemble feed a meta-learner)
     * @param provenance how the part was made
     */
    public record Member(String name, Double weight, Provenance provenance) {
        public Member {
            if (name == null || name.isBlank()) {
                throw new InvalidParameterException("a member of a composite model needs a name", "members.name");
            }
            if (weight != null && !(weight >= 0 && Double.isFinite(weight))) {
                throw new InvalidParameterException("member '" + name + "' has weight " + weight + "; weights are finite and not negative",
                        "members.weight");
            }
            if (provenance == null) {
                throw new InvalidParameterException("member '" + name + "' has no provenance", "members.provenance");
            }
        }
    }

    public Provenance {
        if (modelType == null) {
            throw new InvalidParameterException("model_type is required", "model_type");
        }
        requireText("algorithm", algorithm);
        params = freezeMap("params", params);
        featurization = freezeMap("featurization", featurization);
        if (threads < 1) {
            throw new InvalidParameterException("threads must be at least 1, got " + threads, "threads");
        }
        checkDatasetHash("dataset_hash", datasetHash);
        if (trainingRows < 0) {
            throw new InvalidParameterException("training_rows must not be negative, got " + trainingRows, "training_rows");
        }
        requireText("target", target);
        libraries = libraries == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
        requireText("java_version", javaVersion);
        requireText("os", os);
        if (createdAt == null) {
            throw new InvalidParameterException("created_at is required", "created_at");
        }
        trainingInfo = freezeMap("training_info", trainingInfo);
        members = members == null ? List.of() : List.copyOf(members);
        if (modelType == ModelType.SINGLE && !members.isEmpty()) {
            throw new InvalidParameterException("a single model has no members, got " + members.size(), "members");
        }
        if (modelType != ModelType.SINGLE && members.isEmpty()) {
            throw new InvalidParameterException("a composite model (" + modelType.wireName() + ") lists its members", "members");
        }
    }

    /**
     * Checks a dataset hash: null, or {@code <algorithm>:<lower-case hex>} as data assets spell their content hash.
     *
     * @param field the field it came from, for the error
     * @return the hash
     * @throws InvalidParameterException naming the field and the value otherwise
     */
    public static String checkDatasetHash(String field, String hash) {
        if (hash != null && !HASH.matcher(hash).matches()) {
            throw new InvalidParameterException("'" + field + "' is '" + hash + "'; expected a content hash such as sha256:<hex>", field);
        }
        return hash;
    }

    /** A builder with no values set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The content of {@code provenance.json}: every field, in the documented order and spelling (snake_case;
     * {@code model_type} and {@code created_at} as text; a null {@code dataset_hash} kept as null).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_type", modelType.wireName());
        m.put("algorithm", algorithm);
        m.put("params", params);
        m.put("featurization", featurization);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("dataset_hash", datasetHash);
        m.put("training_rows", trainingRows);
        m.put("target", target);
        m.put("libraries", libraries);
        m.put("java_version", javaVersion);
        m.put("os", os);
        m.put("created_at", createdAt.toString());
        m.put("training_info", trainingInfo);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Member x : members) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", x.name());
            e.put("weight", x.weight());
            e.put("provenance", x.provenance().toMap());
            ms.add(e);
        }
        m.put("members", ms);
        return m;
    }

    /**
     * Reads {@code provenance.json} as parsed JSON. Files written before composite packages had a provenance
     * lack {@code model_type}, {@code featurization} and {@code members}: they describe a single model.
     *
     * @throws InvalidParameterException naming the field when one is missing, of the wrong type or out of range
     */
    @SuppressWarnings("unchecked")
    public static Provenance fromMap(Map<String, ?> m) {
        if (m == null) {
            throw new InvalidParameterException("the provenance is empty", "provenance");
        }
        Object type = m.get("model_type");
        List<Member> members = new ArrayList<>();
        Object ms = m.get("members");
        if (ms != null && !(ms instanceof List)) {
            throw new InvalidParameterException("'members' must be a list, got " + ms, "members");
        }
        for (Object o : ms == null ? List.of() : (List<Object>) ms) {
            if (!(o instanceof Map<?, ?> e)) {
                throw new InvalidParameterException("each of 'members' must be an object, got " + o, "members");
            }
            Object w = e.get("weight");
            if (w != null && !(w instanceof Number)) {
                throw new InvalidParameterException("'members.weight' must be a number or null, got " + w, "members.weight");
            }
            Object p = e.get("provenance");
            if (p != null && !(p instanceof Map)) {
                throw new InvalidParameterException("'members.provenance' must be an object, got " + p, "members.provenance");
            }
            members.add(new Member(e.get("name") == null ? null : String.valueOf(e.get("name")),
                    w == null ? null : ((Number) w).doubleValue(), p == null ? null : fromMap((Map<String, ?>) p)));
        }
        Object created = m.get("created_at");
        Instant createdAt = null;
        if (created != null) {
            try {
                createdAt = Instant.parse(created.toString());
            } catch (DateTimeParseException e) {
                throw new InvalidParameterException("'created_at' is '" + created + "', not an ISO-8601 instant", "created_at");
            }
        }
        Map<String, String> libraries = null;
        Object libs = map(m, "libraries");
        if (libs != null) {
            libraries = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) libs).entrySet()) {
                libraries.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
            }
        }
        return new Provenance(type == null ? ModelType.SINGLE : ModelType.parse("model_type", String.valueOf(type)),
                text(m, "algorithm"), (Map<String, Object>) map(m, "params"), (Map<String, Object>) map(m, "featurization"),
                integer(m, "seed", null), (int) integer(m, "threads", 1L), text(m, "dataset_hash"), integer(m, "training_rows", null),
                text(m, "target"), libraries, text(m, "java_version"), text(m, "os"), createdAt,
                (Map<String, Object>) map(m, "training_info"), members);
    }

    private static String text(Map<String, ?> m, String field) {
        Object v = m.get(field);
        if (v != null && !(v instanceof String)) {
            throw new InvalidParameterException("'" + field + "' must be text, got " + v, field);
        }
        return (String) v;
    }

    private static Object map(Map<String, ?> m, String field) {
        Object v = m.get(field);
        if (v != null && !(v instanceof Map)) {
            throw new InvalidParameterException("'" + field + "' must be an object, got " + v, field);
        }
        return v;
    }

    private static long integer(Map<String, ?> m, String field, Long absent) {
        Object v = m.get(field);
        if (v == null && absent != null) {
            return absent;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw new InvalidParameterException("'" + field + "' must be an integer, got " + v, field);
        }
        return ((Number) v).longValue();
    }

    private static void requireText(String field, String v) {
        if (v == null || v.isBlank()) {
            throw new InvalidParameterException(field + " is required", field);
        }
    }

    private static Map<String, Object> freezeMap(String field, Map<String, ?> m) {
        if (m == null || m.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : m.entrySet()) {
            if (e.getKey() == null) {
                throw new InvalidParameterException("'" + field + "' has a null key", field);
            }
            out.put(e.getKey(), freeze(field, e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A deep, immutable copy of a JSON-like value, numbers as JSON reads them back. */
    private static Object freeze(String field, Object v) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Long l) {
            return l == l.intValue() ? (Object) l.intValue() : l;
        }
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), freeze(field, x)));
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(freeze(field, x)));
            return Collections.unmodifiableList(out);
        }
        if (v.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                out.add(freeze(field, Array.get(v, i)));
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        throw new InvalidParameterException("'" + field + "' holds a " + v.getClass().getSimpleName() + " (" + v
                + "); values are text, numbers, booleans, lists or objects", field);
    }

    /** Builder for {@link Provenance}; {@link #build()} validates. */
    public static final class Builder {
        private ModelType modelType = ModelType.SINGLE;
        private String algorithm;
        private Map<String, ?> params;
        private Map<String, ?> featurization;
        private long seed;
        private int threads = 1;
        private String datasetHash;
        private long trainingRows;
        private String target;
        private Map<String, String> libraries;
        private String javaVersion;
        private String os;
        private Instant createdAt;
        private Map<String, ?> trainingInfo;
        private List<Member> members;

        private Builder() {
        }

        public Builder modelType(ModelType v) { modelType = v; return this; }
        public Builder algorithm(String v) { algorithm = v; return this; }
        public Builder params(Map<String, ?> v) { params = v; return this; }
        public Builder featurization(Map<String, ?> v) { featurization = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder datasetHash(String v) { datasetHash = v; return this; }
        public Builder trainingRows(long v) { trainingRows = v; return this; }
        public Builder target(String v) { target = v; return this; }
        public Builder libraries(Map<String, String> v) { libraries = v; return this; }
        public Builder javaVersion(String v) { javaVersion = v; return this; }
        public Builder os(String v) { os = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder trainingInfo(Map<String, ?> v) { trainingInfo = v; return this; }
        public Builder members(List<Member> v) { members = v; return this; }

        /** @throws InvalidParameterException naming the bad field */
        @SuppressWarnings("unchecked")
        public Provenance build() {
            return new Provenance(modelType, algorithm, (Map<String, Object>) params, (Map<String, Object>) featurization, seed, threads,
                    datasetHash, trainingRows, target, libraries, javaVersion, os, createdAt, (Map<String, Object>) trainingInfo, members);
        }
    }
}
