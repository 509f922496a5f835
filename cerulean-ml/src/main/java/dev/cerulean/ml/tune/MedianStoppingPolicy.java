package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code median_stopping}: stops a running trial whose best value so far is worse than the median
 * of the running averages of all trials (Azure ML's MedianStoppingPolicy; the median stopping rule
 * of Golovin et al., "Google Vizier: A Service for Black-Box Optimization", KDD 2017).
 *
 * <p>At interval N, each trial that has reached N (the judged one included, running or not) has a
 * running average: the mean of its first N values. The judged trial stops when its best value in
 * its first N intervals is strictly worse than the median of those averages. A lone trial is never
 * stopped: its best is never worse than its own average.
 *
 * @param evaluationInterval intervals between evaluations (≥ 1)
 * @param delayEvaluation    intervals before the first evaluation (≥ 0)
 */
public record MedianStoppingPolicy(int evaluationInterval, int delayEvaluation) implements EarlyTerminationPolicy {
    public MedianStoppingPolicy {
        if (evaluationInterval < 1) {
            throw new InvalidParameterException("evaluation_interval must be ≥ 1, got " + evaluationInterval, "early_termination.evaluation_interval");
        }
        if (delayEvaluation < 0) {
            throw new InvalidParameterException("delay_evaluation must be ≥ 0, got " + delayEvaluation, "early_termination.delay_evaluation");
        }
    }

    @Override
    public String type() {
        return "median_stopping";
    }

    @Override
    public List<Termination> evaluate(Goal goal, List<TrialProgress> trials) {
        List<Termination> out = new ArrayList<>();
        for (TrialProgress t : trials) {
            int n = t.running() ? evaluationPoint(t.intervals()) : 0;
            if (n == 0) {
                continue;
            }
            List<Double> averages = new ArrayList<>();
            for (TrialProgress other : trials) {
                if (other.intervals() >= n) {
                    double avg = other.averageUpTo(n);
                    if (!Double.isNaN(avg)) {
                        averages.add(avg);
                    }
                }
            }
            if (averages.isEmpty()) {
                continue;
            }
            double median = median(averages);
            double mine = t.bestUpTo(goal, n);
            if (goal.better(median, mine)) {
                out.add(new Termination(t.trialId(), n, type(), "at interval " + n + " its best primary metric "
                        + Fields.num(mine) + " is " + (goal == Goal.MAXIMIZE ? "below" : "above")
                        + " the median " + Fields.num(median) + " of the running averages over intervals 1.." + n
                        + " of " + averages.size() + " trials"));
            }
        }
        return out;
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    }

    @Override
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", type());
        n.put("evaluation_interval", evaluationInterval);
        n.put("delay_evaluation", delayEvaluation);
        return n;
    }
}
