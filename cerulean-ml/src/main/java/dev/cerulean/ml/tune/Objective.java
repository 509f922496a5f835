package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sweep's {@code objective}: the metric every trial logs (with {@code mlflow.log_metric}) and
 * whether to maximise or minimise it.
 *
 * @param primaryMetric the metric's name, exactly as the training script logs it
 * @param goal          the direction
 */
public record Objective(String primaryMetric, Goal goal) {
    public Objective {
        Objects.requireNonNull(goal, "goal");
        if (primaryMetric == null || primaryMetric.isBlank()) {
            throw new InvalidParameterException("objective.primary_metric must not be empty", "objective.primary_metric");
        }
    }

    /**
     * Reads {@code objective}, throwing on any error.
     *
     * @throws SpecException listing every problem
     */
    public static Objective parse(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        Objective o = read(node, "objective", problems);
        Problems all = new Problems();
        all.addAll(problems);
        all.throwIfErrors("objective");
        return o;
    }

    /**
     * Reads {@code objective}, adding every problem to {@code problems}.
     *
     * @return the objective, or null when there were errors
     */
    public static Objective read(JsonNode node, String path, List<Problem> problems) {
        Problems p = new Problems();
        Objective o = null;
        if (node == null || node.isNull() || node.isMissingNode()) {
            p.error(path, "'objective' is required", "e.g. objective: {primary_metric: accuracy, goal: maximize}");
        } else if (!node.isObject()) {
            p.error(path, "expected a mapping with primary_metric and goal, got " + Fields.kindOf(node));
        } else {
            Fields.rejectUnknown(node, List.of("primary_metric", "goal"), path, p);
            String metric = Fields.text(node, "primary_metric", path, true, p);
            if (metric != null && metric.isBlank()) {
                p.error(Problems.child(path, "primary_metric"), "primary_metric must not be empty",
                        "give the name the training script logs with mlflow.log_metric");
            }
            String goal = Fields.text(node, "goal", path, true, p);
            String g = goal == null ? null : Fields.oneOf(goal, List.of("maximize", "minimize"), Problems.child(path, "goal"), p);
            if (!p.hasErrors()) {
                o = new Objective(metric.strip(), "maximize".equals(g) ? Goal.MAXIMIZE : Goal.MINIMIZE);
            }
        }
        problems.addAll(p.list());
        return o;
    }

    /** The objective in its mapping form. */
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("primary_metric", primaryMetric);
        n.put("goal", goal.wireName());
        return n;
    }
}
