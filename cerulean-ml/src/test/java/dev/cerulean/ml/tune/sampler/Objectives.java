package dev.cerulean.ml.tune.sampler;

import dev.cerulean.ml.tune.Goal;
import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.Sampler;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Test helper: runs a sampler sequentially on an objective. */
final class Objectives {
    private Objectives() {
    }

    /** The best value after each of {@code trials} sequential trials. */
    static double[] run(Sampler sampler, Goal goal, ToDoubleFunction<Map<String, Object>> f, int trials, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        History h = History.empty(goal);
        double[] best = new double[trials];
        double b = goal.worst();
        for (int t = 0; t < trials; t++) {
            Map<String, Object> c = sampler.suggest(h, List.of(), rng).orElseThrow();
            double v = f.applyAsDouble(c);
            b = goal.best(b, v);
            best[t] = b;
            h = h.with(c, v);
        }
        return best;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    static double num(Map<String, Object> c, String name) {
        return ((Number) c.get(name)).doubleValue();
    }
}
