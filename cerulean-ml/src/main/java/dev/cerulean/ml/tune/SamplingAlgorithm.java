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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A sweep's {@code sampling_algorithm}: written as a bare name ({@code sampling_algorithm: random})
 * or a mapping with {@code type} and its settings. Azure ML defines {@code random} (with
 * {@code seed} and {@code rule: random | sobol}), {@code grid} and {@code bayesian}; Cerulean adds
 * {@code seed} and {@code initial_trials} to {@code bayesian} and the {@code cfo} local search.
 * Create the matching sampler with {@code dev.cerulean.ml.tune.sampler.Samplers#create}.
 */
public sealed interface SamplingAlgorithm {
    /** The algorithm's {@code type}. */
    String type();

    /** The seed the spec gives, if any. */
    OptionalLong seed();

    /** The algorithm in its mapping form. */
    JsonNode toJson();

    /** {@code grid}: every combination of choice values. */
    record Grid() implements SamplingAlgorithm {
        @Override
        public String type() {
            return "grid";
        }

        @Override
        public OptionalLong seed() {
            return OptionalLong.empty();
        }

        @Override
        public JsonNode toJson() {
            return node(type());
        }
    }

    /**
     * {@code random}: independent draws ({@code sobol == false}) or a scrambled Sobol sequence.
     *
     * @param seed  the seed, or empty to let the engine pick (and record) one
     * @param sobol true for {@code rule: sobol}
     */
    record Random(OptionalLong seed, boolean sobol) implements SamplingAlgorithm {
        @Override
        public String type() {
            return "random";
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            seed.ifPresent(v -> n.put("seed", v));
            n.put("rule", sobol ? "sobol" : "random");
            return n;
        }
    }

    /**
     * {@code bayesian}: Gaussian-process expected improvement after a Sobol initial design.
     *
     * @param seed          the seed, or empty to let the engine pick (and record) one
     * @param initialTrials trials in the initial design; 0 lets the sampler choose
     */
    record Bayesian(OptionalLong seed, int initialTrials) implements SamplingAlgorithm {
        public Bayesian {
            if (initialTrials < 0) {
                throw new InvalidParameterException("initial_trials must be ≥ 0, got " + initialTrials, "sampling_algorithm.initial_trials");
            }
        }

        @Override
        public String type() {
            return "bayesian";
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            seed.ifPresent(v -> n.put("seed", v));
            if (initialTrials > 0) {
                n.put("initial_trials", initialTrials);
            }
            return n;
        }
    }

    /**
     * {@code cfo}: FLAML's cost-frugal local search from a low-cost initial configuration.
     *
     * @param seed          the seed, or empty to let the engine pick (and record) one
     * @param initialConfig values to start from for some or all parameters
     */
    record Cfo(OptionalLong seed, Map<String, Object> initialConfig) implements SamplingAlgorithm {
        public Cfo {
            java.util.Objects.requireNonNull(seed, "seed");
            initialConfig = Collections.unmodifiableMap(new LinkedHashMap<>(initialConfig));
        }

        @Override
        public String type() {
            return "cfo";
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            seed.ifPresent(v -> n.put("seed", v));
            if (!initialConfig.isEmpty()) {
                n.set("initial_config", Json.of(initialConfig));
            }
            return n;
        }
    }

    private static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    private static ObjectNode node(String type) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", type);
        return n;
    }

    /** The algorithm types Cerulean knows. */
    List<String> TYPES = List.of("random", "grid", "bayesian", "cfo");

    /**
     * Reads {@code sampling_algorithm}, throwing on any error.
     *
     * @throws SpecException listing every problem
     */
    static SamplingAlgorithm parse(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        SamplingAlgorithm a = read(node, "sampling_algorithm", problems);
        Problems all = new Problems();
        all.addAll(problems);
        all.throwIfErrors("sampling_algorithm");
        return a;
    }

    /**
     * Reads {@code sampling_algorithm}, adding every problem to {@code problems}.
     *
     * @return the algorithm, or null when there were errors
     */
    static SamplingAlgorithm read(JsonNode node, String path, List<Problem> problems) {
        Problems p = new Problems();
        SamplingAlgorithm a = readAlgorithm(node, path, p);
        problems.addAll(p.list());
        return p.hasErrors() ? null : a;
    }

    private static SamplingAlgorithm readAlgorithm(JsonNode node, String path, Problems p) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            p.error(path, "'sampling_algorithm' is required", "one of " + String.join(", ", TYPES));
            return null;
        }
        String written;
        String typePath;
        if (node.isTextual()) {
            written = node.asText();
            typePath = path;
        } else if (node.isObject()) {
            written = Fields.text(node, "type", path, true, p);
            typePath = Problems.child(path, "type");
            if (written == null) {
                return null;
            }
        } else {
            p.error(path, "expected an algorithm name or a mapping with a type, got " + Fields.kindOf(node));
            return null;
        }
        String type = written.strip().toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            String near = Suggest.nearest(written.strip(), TYPES);
            p.error(typePath, "unknown sampling algorithm '" + written + "': expected one of " + String.join(", ", TYPES),
                    near != null ? "did you mean '" + near + "'?" : null);
            return null;
        }
        if (node.isTextual()) {
            switch (type) {
                case "grid":
                    return new Grid();
                case "random":
                    return new Random(OptionalLong.empty(), false);
                case "bayesian":
                    return new Bayesian(OptionalLong.empty(), 0);
                default:
                    return new Cfo(OptionalLong.empty(), Map.of());
            }
        }
        int before = p.errorCount();
        switch (type) {
            case "grid": {
                Fields.rejectUnknown(node, List.of("type"), path, p);
                return p.errorCount() > before ? null : new Grid();
            }
            case "random": {
                Fields.rejectUnknown(node, List.of("type", "seed", "rule", "logbase"), path, p);
                Long seed = Fields.integer(node, "seed", path, false, p);
                String rule = Fields.text(node, "rule", path, false, p);
                String r = rule == null ? "random" : Fields.oneOf(rule, List.of("random", "sobol"), Problems.child(path, "rule"), p);
                String logbase = Fields.text(node, "logbase", path, false, p);
                if (logbase != null && !logbase.strip().equalsIgnoreCase("e")) {
                    Double b = Values.asNumber(logbase);
                    if (b == null || Math.abs(b - Math.E) > 1e-9) {
                        p.error(Problems.child(path, "logbase"), "logbase '" + logbase + "' is not supported: log expressions use base e",
                                "remove logbase, and write loguniform bounds as natural logarithms");
                    }
                }
                return p.errorCount() > before ? null : new Random(opt(seed), "sobol".equals(r));
            }
            case "bayesian": {
                Fields.rejectUnknown(node, List.of("type", "seed", "initial_trials"), path, p);
                Long seed = Fields.integer(node, "seed", path, false, p);
                Long init = Fields.integer(node, "initial_trials", path, false, p);
                if (init != null && (init < 1 || init > 10_000)) {
                    p.error(Problems.child(path, "initial_trials"), "initial_trials must be from 1 to 10000, got " + init);
                }
                return p.errorCount() > before ? null : new Bayesian(opt(seed), init == null ? 0 : (int) (long) init);
            }
            default: {
                Fields.rejectUnknown(node, List.of("type", "seed", "initial_config"), path, p);
                Long seed = Fields.integer(node, "seed", path, false, p);
                JsonNode init = node.get("initial_config");
                Map<String, Object> config = new LinkedHashMap<>();
                if (init != null && !init.isNull()) {
                    if (!init.isObject()) {
                        p.error(Problems.child(path, "initial_config"), "expected a mapping of parameter names to values, got " + Fields.kindOf(init));
                    } else {
                        init.properties().forEach(e -> config.put(e.getKey(), Fields.toJava(e.getValue())));
                    }
                }
                return p.errorCount() > before ? null : new Cfo(opt(seed), config);
            }
        }
    }
}
