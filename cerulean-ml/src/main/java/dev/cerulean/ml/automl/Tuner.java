package dev.cerulean.ml.automl;

import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.tune.Goal;
import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.sampler.CfoSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The tuning phase after the portfolio: a cost-frugal local search (CFO/FLOW2, {@link CfoSampler}) per learner
 * family, started from the family's best portfolio configuration (whose hyperparameters outside the search
 * space, such as LightGBM's {@code extra_trees}, are kept), and FLAML's choice of which family to tune
 * next by estimated cost for improvement (ECI; Wang et al., MLSys 2021, {@code flaml/automl/automl.py}):
 * ECI = max(time since the family's last improvement, time between its last two improvements), raised to
 * 2·gap/speed when the family trails the best by {@code gap} and improves at {@code speed} per second;
 * families are drawn with probability proportional to 1/ECI, except one turn in five goes to a family drawn
 * uniformly (so a very cheap family cannot starve the others), and gains below 0.02% do not count as
 * improvements. Not thread-safe: the search loop calls it.
 */
final class Tuner {
    private final Task task;
    private final int rows;
    private final int patience;
    private final List<String> learners;
    private final Goal goal;
    private final SplittableRandom rng;
    private final Map<String, Family> families = new LinkedHashMap<>();
    private double globalBestLoss = Double.POSITIVE_INFINITY;

    /** What is known of one learner family. */
    private static final class Family {
        final String learner;
        TuningSpaces.Space space;
        /** The configuration tuning started from: its hyperparameters outside the space are kept. */
        Map<String, Object> base;
        CfoSampler sampler;
        History history;
        final List<Map<String, Object>> pending = new ArrayList<>();
        Map<String, Object> bestHyperparameters;
        double bestLoss = Double.POSITIVE_INFINITY;
        double firstLoss = Double.NaN;
        double seconds;
        double lastImprovementAt;
        double previousImprovementAt;

        Family(String learner) {
            this.learner = learner;
        }
    }

    Tuner(Task task, int rows, int patience, List<String> learners, Goal goal, long seed) {
        this.task = task;
        this.rows = rows;
        this.patience = patience;
        this.learners = learners;
        this.goal = goal;
        this.rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** Records a finished trial (portfolio or tuning). */
    void observe(Candidate c, TrialResult r) {
        Family f = families.computeIfAbsent(c.learner(), Family::new);
        f.seconds += r.duration().toNanos() / 1e9;
        double loss = r.scored() ? goal.toLoss(r.score()) : Double.POSITIVE_INFINITY;
        if (c.tuned() != null && f.history != null) {
            f.pending.remove(c.tuned());
            f.history = f.history.with(c.tuned(), r.scored() ? r.score() : Double.NaN);
        }
        if (Double.isNaN(f.firstLoss) && Double.isFinite(loss)) {
            f.firstLoss = loss;
        }
        if (loss < f.bestLoss) {
            // Gains within noise move the incumbent but do not count as progress for the family's ECI.
            if (improves(loss, f.bestLoss)) {
                f.previousImprovementAt = f.lastImprovementAt;
                f.lastImprovementAt = f.seconds;
            }
            f.bestLoss = loss;
            f.bestHyperparameters = c.hyperparameters();
        }
        globalBestLoss = Math.min(globalBestLoss, loss);
    }

    /** A loss counts as an improvement when it beats the best by more than 0.02% (relative), beyond noise. */
    static boolean improves(double loss, double best) {
        return !Double.isFinite(best) || loss < best - IMPROVEMENT * Math.max(1e-12, Math.abs(best));
    }

    /** Relative gain that counts as an improvement. */
    static final double IMPROVEMENT = 2e-4;
    /** Share of tuning turns given to a family drawn uniformly, so no family is starved by a cheap one. */
    static final double EXPLORE = 0.2;

    /** The next tuning candidate, or null when no family can be tuned. */
    Candidate next() {
        List<Family> eligible = new ArrayList<>();
        List<Double> inverse = new ArrayList<>();
        for (String l : learners) {
            Family f = families.get(l);
            if (f == null || !Double.isFinite(f.bestLoss)) {
                continue;
            }
            if (f.space == null) {
                f.space = TuningSpaces.of(l, task, rows, patience);
                if (f.space == null) {
                    continue;
                }
                f.sampler = new CfoSampler(f.space.space(), f.space.initial(f.bestHyperparameters));
                f.base = f.bestHyperparameters;
                f.history = History.empty(goal);
            }
            eligible.add(f);
            inverse.add(1.0 / Math.max(1e-3, eci(f)));
        }
        if (eligible.isEmpty()) {
            return null;
        }
        double total = inverse.stream().mapToDouble(Double::doubleValue).sum();
        Family pick = eligible.get(eligible.size() - 1);
        if (rng.nextDouble() < EXPLORE) {
            pick = eligible.get(rng.nextInt(eligible.size()));
        } else {
            double u = rng.nextDouble() * total;
            for (int i = 0; i < eligible.size(); i++) {
                u -= inverse.get(i);
                if (u <= 0) {
                    pick = eligible.get(i);
                    break;
                }
            }
        }
        Map<String, Object> sampled = pick.sampler.suggest(pick.history, pick.pending, rng).orElse(null);
        if (sampled == null) {
            return null;
        }
        pick.pending.add(sampled);
        Map<String, Object> hp = new LinkedHashMap<>(pick.base);
        hp.putAll(pick.space.hyperparameters(sampled));
        return new Candidate(pick.learner, hp, "tuning:cfo", sampled);
    }

    private double eci(Family f) {
        double eci = Math.max(f.seconds - f.lastImprovementAt, f.lastImprovementAt - f.previousImprovementAt);
        eci = Math.max(eci, 1e-3);
        double gap = f.bestLoss - globalBestLoss;
        if (gap > 0) {
            double gained = Double.isFinite(f.firstLoss) ? f.firstLoss - f.bestLoss : 0;
            double speed = gained > 0 && f.seconds > 0 ? gained / f.seconds : 0;
            eci = speed > 0 ? Math.max(eci, 2 * gap / speed) : Math.max(eci, 10 * Math.max(1, f.seconds));
        }
        return eci;
    }

    /** Families that could be tuned (for messages). */
    Map<String, Double> bestLosses() {
        Map<String, Double> m = new HashMap<>();
        families.forEach((k, v) -> m.put(k, v.bestLoss));
        return m;
    }
}
