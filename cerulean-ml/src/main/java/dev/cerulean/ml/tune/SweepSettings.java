package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The tuning part of an Azure ML sweep job ({@code type: sweep}): {@code search_space},
 * {@code sampling_algorithm}, {@code objective}, {@code early_termination} and {@code limits},
 * read and checked together. The rest of the job ({@code trial}, {@code compute}, {@code inputs},
 * …) is the engine's business and is not looked at.
 *
 * @param searchSpace       the search space
 * @param samplingAlgorithm how configurations are chosen
 * @param objective         the primary metric and goal
 * @param earlyTermination  the early-termination policy, if any
 * @param limits            trial counts and time limits
 * @param warnings          problems that do not stop the sweep (shown to the user)
 */
public record SweepSettings(SearchSpace searchSpace, SamplingAlgorithm samplingAlgorithm, Objective objective,
                            Optional<EarlyTerminationPolicy> earlyTermination, SweepLimits limits, List<Problem> warnings) {
    public SweepSettings {
        Objects.requireNonNull(searchSpace, "searchSpace");
        Objects.requireNonNull(samplingAlgorithm, "samplingAlgorithm");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(earlyTermination, "earlyTermination");
        Objects.requireNonNull(limits, "limits");
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads the tuning fields of a sweep job, throwing on any error.
     *
     * @param sweepJob the whole sweep job document
     * @throws SpecException listing every problem, each with its field path
     */
    public static SweepSettings parse(JsonNode sweepJob) {
        List<Problem> problems = new ArrayList<>();
        SweepSettings s = read(sweepJob, "", problems);
        Problems all = new Problems();
        all.addAll(problems);
        all.throwIfErrors("sweep job");
        return s;
    }

    /**
     * Reads the tuning fields of a sweep job, adding every problem to {@code problems}.
     *
     * @param sweepJob the sweep job document
     * @param path     the path of the document ("" at the top level, {@code jobs.tune} in a pipeline)
     * @return the settings, or null when there were errors
     */
    public static SweepSettings read(JsonNode sweepJob, String path, List<Problem> problems) {
        Problems p = new Problems();
        if (sweepJob == null || !sweepJob.isObject()) {
            p.error(path, "expected a sweep job mapping, got " + Fields.kindOf(sweepJob));
            problems.addAll(p.list());
            return null;
        }
        List<Problem> found = new ArrayList<>();
        SearchSpace space = SearchSpace.read(sweepJob.get("search_space"), Problems.child(path, "search_space"), found);
        SamplingAlgorithm algorithm = SamplingAlgorithm.read(sweepJob.get("sampling_algorithm"), Problems.child(path, "sampling_algorithm"), found);
        Objective objective = Objective.read(sweepJob.get("objective"), Problems.child(path, "objective"), found);
        Optional<EarlyTerminationPolicy> policy = EarlyTerminationPolicy.read(sweepJob.get("early_termination"),
                Problems.child(path, "early_termination"), found);
        SweepLimits limits = SweepLimits.read(sweepJob.get("limits"), Problems.child(path, "limits"), found);
        p.addAll(found);
        if (space != null && algorithm != null) {
            crossCheck(space, algorithm, limits, path, p);
        }
        problems.addAll(p.list());
        if (p.hasErrors()) {
            return null;
        }
        List<Problem> warnings = p.list().stream().filter(x -> !x.isError()).toList();
        return new SweepSettings(space, algorithm, objective, policy, limits, warnings);
    }

    /** Checks that need two sections at once: grid with non-choice expressions, cfo's initial configuration. */
    static void crossCheck(SearchSpace space, SamplingAlgorithm algorithm, SweepLimits limits, String path, Problems p) {
        String spacePath = Problems.child(path, "search_space");
        if (algorithm instanceof SamplingAlgorithm.Grid) {
            for (Map.Entry<String, String> e : space.nonChoiceExpressions().entrySet()) {
                p.error(Problems.child(spacePath, e.getKey()), "grid sampling supports only choice expressions, but '" + e.getKey()
                        + "' is " + e.getValue(), "list the values with {type: choice, values: [...]}, or use sampling_algorithm: random or bayesian");
            }
            OptionalLong size = space.gridSize();
            if (size.isPresent() && limits != null && size.getAsLong() < limits.maxTotalTrials()) {
                p.warn(Problems.child(Problems.child(path, "limits"), "max_total_trials"), "the grid has " + size.getAsLong()
                        + " combinations, so the sweep ends after " + size.getAsLong() + " trials, not " + limits.maxTotalTrials(), null);
            }
        }
        if (algorithm instanceof SamplingAlgorithm.Cfo cfo) {
            String at = Problems.child(Problems.child(path, "sampling_algorithm"), "initial_config");
            cfo.initialConfig().forEach((k, v) -> {
                Expression x = space.parameters().get(k);
                if (x == null) {
                    p.error(Problems.child(at, k), "'" + k + "' is not a parameter of the search space", "known: " + String.join(", ", space.names()));
                } else if (x instanceof Choice c ? c.indexOf(v) < 0 : Values.asNumber(v) == null) {
                    p.error(Problems.child(at, k), "value " + Values.canonical(v) + " is not a value of " + x.type(),
                            x instanceof Choice c ? "one of " + Values.canonical(c.values()) : "give a number");
                }
            });
        }
    }

    /** The seed to sample with: the spec's, or {@code fallback} (which the engine should record). */
    public long seed(long fallback) {
        return samplingAlgorithm.seed().orElse(fallback);
    }

    /** The most trials the sweep can run: max_total_trials, or the grid's size when smaller. */
    public long plannedTrials() {
        long n = limits.maxTotalTrials();
        if (samplingAlgorithm instanceof SamplingAlgorithm.Grid) {
            n = Math.min(n, searchSpace.gridSize().orElse(Long.MAX_VALUE));
        }
        return n;
    }

    /** The settings in normalised mapping form (defaults filled in). */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("sampling_algorithm", samplingAlgorithm.toJson());
        n.set("search_space", searchSpace.toJson());
        n.set("objective", objective.toJson());
        earlyTermination.ifPresent(e -> n.set("early_termination", e.toJson()));
        n.set("limits", limits.toJson());
        return n;
    }
}
