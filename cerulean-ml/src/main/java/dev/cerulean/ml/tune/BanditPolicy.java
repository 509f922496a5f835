package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bandit}: stops a running trial whose best value so far falls outside the allowed slack
 * from the best trial at the same interval (Azure ML's BanditPolicy).
 *
 * <p>At interval N, let B be the best value any trial reached in its first N intervals and Y the
 * judged trial's best in its first N. When maximising, the trial stops if Y &lt; B / (1 +
 * slack_factor) (Azure ML's example: best 0.8, slack_factor 0.2 ⇒ stop below 0.8 / 1.2 ≈ 0.667), or
 * if Y &lt; B − slack_amount. When minimising the rule is mirrored (Azure ML does not document
 * this case): Y &gt; B · (1 + slack_factor), or Y &gt; B + slack_amount. For a best value below zero
 * the ratio is taken on its magnitude, so the cut-off always lies on the worse side of B:
 * B − |B|·f/(1 + f) when maximising, B + |B|·f when minimising.
 *
 * @param slackFactor        the allowed ratio, or null when {@code slackAmount} is set
 * @param slackAmount        the allowed absolute distance, or null when {@code slackFactor} is set
 * @param evaluationInterval intervals between evaluations (≥ 1)
 * @param delayEvaluation    intervals before the first evaluation (≥ 0)
 */
public record BanditPolicy(Double slackFactor, Double slackAmount, int evaluationInterval, int delayEvaluation)
        implements EarlyTerminationPolicy {
    public BanditPolicy {
        if ((slackFactor == null) == (slackAmount == null)) {
            throw new InvalidParameterException("bandit needs exactly one of slack_factor and slack_amount", "early_termination.slack_factor");
        }
        if (slackFactor != null && !(slackFactor > 0 && Double.isFinite(slackFactor))) {
            throw new InvalidParameterException("slack_factor must be positive, got " + slackFactor, "early_termination.slack_factor");
        }
        if (slackAmount != null && !(slackAmount > 0 && Double.isFinite(slackAmount))) {
            throw new InvalidParameterException("slack_amount must be positive, got " + slackAmount, "early_termination.slack_amount");
        }
        if (evaluationInterval < 1) {
            throw new InvalidParameterException("evaluation_interval must be ≥ 1, got " + evaluationInterval, "early_termination.evaluation_interval");
        }
        if (delayEvaluation < 0) {
            throw new InvalidParameterException("delay_evaluation must be ≥ 0, got " + delayEvaluation, "early_termination.delay_evaluation");
        }
    }

    /** A bandit policy with a slack factor. */
    public static BanditPolicy withSlackFactor(double slackFactor, int evaluationInterval, int delayEvaluation) {
        return new BanditPolicy(slackFactor, null, evaluationInterval, delayEvaluation);
    }

    /** A bandit policy with a slack amount. */
    public static BanditPolicy withSlackAmount(double slackAmount, int evaluationInterval, int delayEvaluation) {
        return new BanditPolicy(null, slackAmount, evaluationInterval, delayEvaluation);
    }

    @Override
    public String type() {
        return "bandit";
    }

    /** The value below (maximising) or above (minimising) which a trial is stopped, given the best value B. */
    public double cutoff(Goal goal, double best) {
        if (slackAmount != null) {
            return goal == Goal.MAXIMIZE ? best - slackAmount : best + slackAmount;
        }
        return goal == Goal.MAXIMIZE ? best - Math.abs(best) * slackFactor / (1 + slackFactor) : best + Math.abs(best) * slackFactor;
    }

    @Override
    public List<Termination> evaluate(Goal goal, List<TrialProgress> trials) {
        List<Termination> out = new ArrayList<>();
        for (TrialProgress t : trials) {
            int n = t.running() ? evaluationPoint(t.intervals()) : 0;
            if (n == 0) {
                continue;
            }
            double best = goal.worst();
            String bestId = null;
            for (TrialProgress other : trials) {
                if (other.intervals() >= n) {
                    double b = other.bestUpTo(goal, n);
                    if (bestId == null || goal.better(b, best)) {
                        best = b;
                        bestId = other.trialId();
                    }
                }
            }
            if (Double.isInfinite(best)) {
                continue;
            }
            double mine = t.bestUpTo(goal, n);
            double cut = cutoff(goal, best);
            if (goal.better(cut, mine)) {
                String rule = slackFactor != null
                        ? (goal == Goal.MAXIMIZE ? "best / (1 + slack_factor " + Fields.num(slackFactor) + ")"
                                : "best × (1 + slack_factor " + Fields.num(slackFactor) + ")")
                        : (goal == Goal.MAXIMIZE ? "best − slack_amount " : "best + slack_amount ") + Fields.num(slackAmount);
                out.add(new Termination(t.trialId(), n, type(), "at interval " + n + " its best primary metric " + Fields.num(mine) + " is " + (goal == Goal.MAXIMIZE ? "below" : "above")
                        + " the bandit cut-off " + Fields.num(cut) + " = " + rule + ", where best = "
                        + Fields.num(best) + " (trial " + bestId + ")"));
            }
        }
        return out;
    }

    @Override
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", type());
        if (slackFactor != null) {
            n.put("slack_factor", slackFactor);
        } else {
            n.put("slack_amount", slackAmount);
        }
        n.put("evaluation_interval", evaluationInterval);
        n.put("delay_evaluation", delayEvaluation);
        return n;
    }
}
