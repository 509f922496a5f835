package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code truncation_selection}: at each evaluation interval, stops the running trials that rank in
 * the lowest {@code truncation_percentage} percent (Azure ML's TruncationSelectionPolicy).
 *
 * <p>At interval N the cohort is every trial that has reached N (finished ones left out when
 * {@code exclude_finished_jobs}), each scored by its best value over its first N intervals, so a
 * young trial is compared with what older trials had reached by the same point. With m trials in
 * the cohort, k = ⌊m · truncation_percentage / 100⌋; the judged trial stops when it is among the k
 * worst, i.e. when at most k trials (itself included) score the same or worse. Ties therefore
 * protect: trials that all score alike are never cut.
 *
 * @param truncationPercentage percent of trials to cut at each evaluation, 1 to 99
 * @param evaluationInterval   intervals between evaluations (≥ 1)
 * @param delayEvaluation      intervals before the first evaluation (≥ 0)
 * @param excludeFinishedJobs  leave finished trials out of the ranking
 */
public record TruncationSelectionPolicy(int truncationPercentage, int evaluationInterval, int delayEvaluation,
                                        boolean excludeFinishedJobs) implements EarlyTerminationPolicy {
    public TruncationSelectionPolicy {
        if (truncationPercentage < 1 || truncationPercentage > 99) {
            throw new InvalidParameterException("truncation_percentage must be from 1 to 99, got " + truncationPercentage,
                    "early_termination.truncation_percentage");
        }
        if (evaluationInterval < 1) {
            throw new InvalidParameterException("evaluation_interval must be ≥ 1, got " + evaluationInterval, "early_termination.evaluation_interval");
        }
        if (delayEvaluation < 0) {
            throw new InvalidParameterException("delay_evaluation must be ≥ 0, got " + delayEvaluation, "early_termination.delay_evaluation");
        }
    }

    @Override
    public String type() {
        return "truncation_selection";
    }

    @Override
    public List<Termination> evaluate(Goal goal, List<TrialProgress> trials) {
        List<Termination> out = new ArrayList<>();
        for (TrialProgress t : trials) {
            int n = t.running() ? evaluationPoint(t.intervals()) : 0;
            if (n == 0) {
                continue;
            }
            List<Double> scores = new ArrayList<>();
            for (TrialProgress other : trials) {
                if (other.intervals() >= n && (other.running() || !excludeFinishedJobs || other == t)) {
                    scores.add(other.bestUpTo(goal, n));
                }
            }
            int m = scores.size();
            int k = m * truncationPercentage / 100;
            if (k == 0) {
                continue;
            }
            double mine = t.bestUpTo(goal, n);
            int sameOrWorse = 0;
            for (double s : scores) {
                if (!goal.better(s, mine)) {
                    sameOrWorse++;
                }
            }
            if (sameOrWorse <= k) {
                out.add(new Termination(t.trialId(), n, type(), "at interval " + n + " its best primary metric "
                        + Fields.num(mine) + " ranks " + (m - sameOrWorse + 1) + " of " + m
                        + ", in the lowest " + truncationPercentage + "% (the " + k + " worst of " + m + " trials are cut)"));
            }
        }
        return out;
    }

    @Override
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", type());
        n.put("truncation_percentage", truncationPercentage);
        n.put("evaluation_interval", evaluationInterval);
        n.put("delay_evaluation", delayEvaluation);
        n.put("exclude_finished_jobs", excludeFinishedJobs);
        return n;
    }
}
