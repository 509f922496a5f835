package dev.cerulean.ml.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * What an early-termination policy sees of one trial: whether it is still running, and the values
 * of the primary metric it has logged, in order. As in Azure ML, each logged value is one
 * <em>interval</em>: interval n is {@code values.get(n - 1)}.
 *
 * @param trialId the trial's id, echoed in {@link Termination}s
 * @param running true while the trial runs; finished, failed, cancelled and already terminated
 *                trials are not running, but still count as peers for comparison
 * @param values  the primary metric's values in the order logged (NaN allowed: it counts as the
 *                worst value)
 */
public record TrialProgress(String trialId, boolean running, List<Double> values) {
    public TrialProgress {
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(values, "values");
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** A running trial. */
    public static TrialProgress running(String trialId, List<Double> values) {
        return new TrialProgress(trialId, true, values);
    }

    /** A trial that is no longer running. */
    public static TrialProgress finished(String trialId, List<Double> values) {
        return new TrialProgress(trialId, false, values);
    }

    /**
     * From an MLflow-style metric history (step → value): values ordered by step, one interval per
     * step; steps need not be contiguous.
     */
    public static TrialProgress fromSteps(String trialId, boolean running, SortedMap<Long, Double> history) {
        List<Double> v = new ArrayList<>();
        for (Map.Entry<Long, Double> e : history.entrySet()) {
            v.add(e.getValue() == null ? Double.NaN : e.getValue());
        }
        return new TrialProgress(trialId, running, v);
    }

    /** The number of intervals logged so far. */
    public int intervals() {
        return values.size();
    }

    /** The best value over intervals 1..n (NaN ignored), or the goal's worst value when there is none. */
    public double bestUpTo(Goal goal, int n) {
        double best = goal.worst();
        for (int i = 0; i < Math.min(n, values.size()); i++) {
            best = goal.best(best, values.get(i));
        }
        return best;
    }

    /** The mean of intervals 1..n, NaN values left out; NaN when there are none. */
    public double averageUpTo(int n) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < Math.min(n, values.size()); i++) {
            double v = values.get(i);
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
