package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.SpecException;
import dev.cerulean.core.spec.Suggest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An Azure ML early-termination policy ({@code early_termination} of a sweep job): decides which
 * running trials to stop, from the primary metric every trial has logged so far.
 *
 * <p>A trial that has logged n values is judged at interval N, the largest multiple of
 * {@code evaluation_interval} with {@code delay_evaluation} ≤ N ≤ n, against the other trials'
 * first N values only (Azure ML: a young trial is compared with older trials at the same point of
 * their training). Trials that have not reached N are not part of that comparison. Nothing is
 * judged before the first such N. Calling {@link #evaluate} again with the same data gives the
 * same answer, so the engine may call it after every logged value or on a timer.
 */
public sealed interface EarlyTerminationPolicy permits BanditPolicy, MedianStoppingPolicy, TruncationSelectionPolicy {
    /** The policy's {@code type}: {@code bandit}, {@code median_stopping}, {@code truncation_selection}. */
    String type();

    /** Intervals between evaluations (≥ 1). */
    int evaluationInterval();

    /** Intervals before the first evaluation (≥ 0). */
    int delayEvaluation();

    /**
     * The running trials to stop now.
     *
     * @param goal   whether the primary metric is maximised or minimised
     * @param trials every trial of the sweep so far, running or not
     * @return one termination per trial to stop, in the order of {@code trials}; empty when none
     */
    List<Termination> evaluate(Goal goal, List<TrialProgress> trials);

    /** The policy in its YAML mapping form, defaults filled in. */
    JsonNode toJson();

    /**
     * The interval a trial with {@code logged} values is judged at: the largest multiple N of
     * {@code evaluationInterval()} with {@code max(1, delayEvaluation())} ≤ N ≤ logged, or 0 when
     * there is none yet.
     */
    default int evaluationPoint(int logged) {
        int every = Math.max(1, evaluationInterval());
        int n = logged / every * every;
        return n >= Math.max(1, delayEvaluation()) ? n : 0;
    }

    /**
     * Reads {@code early_termination}, throwing on any error.
     *
     * @return the policy, or empty when the node is null or missing (no early termination)
     * @throws SpecException listing every problem
     */
    static Optional<EarlyTerminationPolicy> parse(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        Optional<EarlyTerminationPolicy> p = read(node, "early_termination", problems);
        Problems all = new Problems();
        all.addAll(problems);
        all.throwIfErrors("early_termination");
        return p;
    }

    /**
     * Reads {@code early_termination}, adding every problem to {@code problems}.
     *
     * @return the policy; empty when the node is absent or has errors
     */
    static Optional<EarlyTerminationPolicy> read(JsonNode node, String path, List<Problem> problems) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        Problems p = new Problems();
        EarlyTerminationPolicy policy = readPolicy(node, path, p);
        problems.addAll(p.list());
        return p.hasErrors() ? Optional.empty() : Optional.ofNullable(policy);
    }

    private static EarlyTerminationPolicy readPolicy(JsonNode node, String path, Problems p) {
        List<String> types = List.of("bandit", "median_stopping", "truncation_selection");
        if (!node.isObject()) {
            p.error(path, "expected a mapping with a type, got " + Fields.kindOf(node),
                    node.isTextual() ? "write early_termination: {type: " + node.asText() + "}" : null);
            return null;
        }
        String written = Fields.text(node, "type", path, true, p);
        if (written == null) {
            return null;
        }
        // The REST API spells them Bandit, MedianStopping, TruncationSelection.
        String squashed = written.strip().toLowerCase(Locale.ROOT).replace("_", "").replace("policy", "");
        String type = null;
        for (String t : types) {
            if (t.replace("_", "").equals(squashed)) {
                type = t;
            }
        }
        if (type == null) {
            String near = Suggest.nearest(written, types);
            p.error(Problems.child(path, "type"), "unknown early termination policy '" + written + "': expected one of " + String.join(", ", types),
                    near != null ? "did you mean '" + near + "'?" : null);
            return null;
        }
        List<String> known = new ArrayList<>(List.of("type", "evaluation_interval", "delay_evaluation"));
        switch (type) {
            case "bandit" -> known.addAll(List.of("slack_factor", "slack_amount"));
            case "truncation_selection" -> known.addAll(List.of("truncation_percentage", "exclude_finished_jobs"));
            default -> { }
        }
        int before = p.errorCount();
        Fields.rejectUnknown(node, known, path, p);
        Long interval = Fields.integer(node, "evaluation_interval", path, false, p);
        Long delay = Fields.integer(node, "delay_evaluation", path, false, p);
        if (interval != null && (interval < 0 || interval > Integer.MAX_VALUE)) {
            p.error(Problems.child(path, "evaluation_interval"), "evaluation_interval must be a positive integer, got " + interval);
        }
        if (delay != null && (delay < 0 || delay > Integer.MAX_VALUE)) {
            p.error(Problems.child(path, "delay_evaluation"), "delay_evaluation must be an integer ≥ 0, got " + delay);
        }
        // The Python SDK writes evaluation_interval: 0 when it is not set; it means every interval.
        int every = interval == null || interval <= 0 ? 1 : (int) (long) interval;
        int wait = delay == null || delay < 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, delay);
        switch (type) {
            case "bandit": {
                Double factor = Fields.number(node, "slack_factor", path, false, p);
                Double amount = Fields.number(node, "slack_amount", path, false, p);
                if (factor != null && factor < 0) {
                    p.error(Problems.child(path, "slack_factor"), "slack_factor must be ≥ 0, got " + SearchSpace.fmt(factor));
                }
                if (amount != null && amount < 0) {
                    p.error(Problems.child(path, "slack_amount"), "slack_amount must be ≥ 0, got " + SearchSpace.fmt(amount));
                }
                boolean hasFactor = factor != null && factor > 0;
                boolean hasAmount = amount != null && amount > 0;
                if (hasFactor && hasAmount) {
                    p.error(Problems.child(path, "slack_amount"), "give slack_factor or slack_amount, not both (slack_factor "
                            + SearchSpace.fmt(factor) + ", slack_amount " + SearchSpace.fmt(amount) + ")",
                            "keep slack_factor for a ratio of the best value, or slack_amount for an absolute distance");
                } else if (!hasFactor && !hasAmount && p.errorCount() == before) {
                    p.error(factor != null || amount != null ? Problems.child(path, factor != null ? "slack_factor" : "slack_amount") : path,
                            "bandit needs a positive slack_factor or slack_amount",
                            "e.g. slack_factor: 0.1 stops trials below 1/1.1 ≈ 91% of the best trial");
                } else if (factor != null && amount != null) {
                    // The Python SDK serialises the unset one as 0.
                    p.warn(Problems.child(path, hasFactor ? "slack_amount" : "slack_factor"),
                            (hasFactor ? "slack_amount" : "slack_factor") + " is 0 and is ignored", null);
                }
                if (p.errorCount() > before) {
                    return null;
                }
                return new BanditPolicy(hasFactor ? factor : null, hasAmount ? amount : null, every, wait);
            }
            case "median_stopping":
                return p.errorCount() > before ? null : new MedianStoppingPolicy(every, wait);
            default: {
                Long pct = Fields.integer(node, "truncation_percentage", path, true, p);
                Boolean exclude = Fields.bool(node, "exclude_finished_jobs", path, p);
                if (pct != null && (pct < 1 || pct > 99)) {
                    p.error(Problems.child(path, "truncation_percentage"), "truncation_percentage must be an integer from 1 to 99, got " + pct);
                }
                if (p.errorCount() > before) {
                    return null;
                }
                return new TruncationSelectionPolicy((int) (long) pct, every, wait, exclude != null && exclude);
            }
        }
    }
}
