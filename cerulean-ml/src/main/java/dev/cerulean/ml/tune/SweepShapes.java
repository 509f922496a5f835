package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.spec.ObjectShape;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.Shape;
import dev.cerulean.core.spec.SpecContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tuning sections of a sweep job as {@link Shape}s of the core spec layer, so that the sweep
 * job schema (built by the engine) validates them in the same pass as the rest of the job and
 * reports their problems with the same paths and suggestions:
 *
 * <pre>
 * object().required("search_space", SweepShapes.searchSpace())
 *         .required("sampling_algorithm", SweepShapes.samplingAlgorithm())
 *         .required("objective", SweepShapes.objective())
 *         .optional("early_termination", SweepShapes.earlyTermination())
 *         .optional("limits", SweepShapes.limits())
 *         .rule(SweepShapes.crossCheck())
 *         ...
 * </pre>
 *
 * Each shape returns the section in normalised form (defaults filled in).
 */
public final class SweepShapes {
    private SweepShapes() {
    }

    private interface Reader {
        JsonNode read(JsonNode value, String path, List<Problem> problems);
    }

    private static Shape shape(String description, Reader reader) {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                List<Problem> problems = new ArrayList<>();
                JsonNode out = reader.read(value, path, problems);
                report(problems, ctx);
                return problems.stream().anyMatch(Problem::isError) ? null : out;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    private static void report(List<Problem> problems, SpecContext ctx) {
        for (Problem pr : problems) {
            if (pr.isError()) {
                ctx.error(pr.path(), pr.message(), pr.suggestion());
            } else {
                ctx.warn(pr.path(), pr.message(), pr.suggestion());
            }
        }
    }

    /** {@code search_space}. */
    public static Shape searchSpace() {
        return shape("a search space", (v, path, problems) -> {
            SearchSpace s = SearchSpace.read(v, path, problems);
            return s == null ? null : s.toJson();
        });
    }

    /** {@code sampling_algorithm}. */
    public static Shape samplingAlgorithm() {
        return shape("a sampling algorithm", (v, path, problems) -> {
            SamplingAlgorithm a = SamplingAlgorithm.read(v, path, problems);
            return a == null ? null : a.toJson();
        });
    }

    /** {@code objective}. */
    public static Shape objective() {
        return shape("an objective", (v, path, problems) -> {
            Objective o = Objective.read(v, path, problems);
            return o == null ? null : o.toJson();
        });
    }

    /** {@code early_termination}. */
    public static Shape earlyTermination() {
        return shape("an early termination policy", (v, path, problems) -> {
            Optional<EarlyTerminationPolicy> e = EarlyTerminationPolicy.read(v, path, problems);
            return e.map(EarlyTerminationPolicy::toJson).orElse(null);
        });
    }

    /** {@code limits}. */
    public static Shape limits() {
        return shape("sweep limits", (v, path, problems) -> {
            SweepLimits l = SweepLimits.read(v, path, problems);
            return l == null ? null : l.toJson();
        });
    }

    /**
     * The checks across sections (grid with non-choice expressions, cfo's initial configuration,
     * a grid smaller than max_total_trials), run on the normalised sweep job.
     */
    public static ObjectShape.Rule crossCheck() {
        return (ObjectNode job, String path, SpecContext ctx) -> {
            if (!job.has("search_space") || !job.has("sampling_algorithm")) {
                return;
            }
            List<Problem> ignored = new ArrayList<>();
            SearchSpace space = SearchSpace.read(job.get("search_space"), "search_space", ignored);
            SamplingAlgorithm algorithm = SamplingAlgorithm.read(job.get("sampling_algorithm"), "sampling_algorithm", ignored);
            SweepLimits limits = job.has("limits") ? SweepLimits.read(job.get("limits"), "limits", ignored) : SweepLimits.defaults();
            if (space == null || algorithm == null) {
                return;
            }
            Problems p = new Problems();
            SweepSettings.crossCheck(space, algorithm, limits, path, p);
            report(p.list(), ctx);
        };
    }
}
