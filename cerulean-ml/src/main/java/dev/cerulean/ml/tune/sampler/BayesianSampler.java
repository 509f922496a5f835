package dev.cerulean.ml.tune.sampler;

import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.Observation;
import dev.cerulean.ml.tune.Sampler;
import dev.cerulean.ml.tune.SearchSpace;
import dev.cerulean.ml.tune.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Erf;

/**
 * {@code bayesian}: Gaussian-process Bayesian optimisation with expected improvement (Jones,
 * Schonlau and Welch, "Efficient Global Optimization of Expensive Black-Box Functions", J. Global
 * Optimization 1998; Snoek, Larochelle and Adams, NeurIPS 2012).
 *
 * <ol>
 *   <li>The first trials are points of a digitally shifted Sobol sequence (an initial design that
 *       covers the space evenly): {@code initialTrials}, by default max(5, min(d + 1, 10)) for d
 *       search-space coordinates.</li>
 *   <li>After that, a {@link GaussianProcess} is fitted to the finished trials in the
 *       {@link UnitCube} (log scale for log expressions; categorical choices through an overlap
 *       kernel; nested branches as conditional coordinates), on losses made closer to Gaussian by
 *       a fitted power transform ({@link OutputWarping}).</li>
 *   <li>Trials still running are added as observations at the model's own prediction, the
 *       <em>kriging believer</em> heuristic (Ginsbourger, Le Riche and Carraro, "Kriging is
 *       well-suited to parallelize optimization", 2010): their neighbourhood loses its expected
 *       improvement, so parallel trials spread out.</li>
 *   <li>Expected improvement is maximised over random points, perturbations of the best trials and
 *       a local hill-climb from the most promising; the best point whose configuration has not been
 *       tried or started yet is proposed.</li>
 * </ol>
 *
 * <p>Trials without a value (failed) and configurations that no longer fit the search space are
 * left out of the model. The model is refitted from scratch at every call (the previous fit only
 * warm-starts the hyperparameter search), so the sampler can be recreated at any time. Fitting is
 * O(n³) in the number of finished trials: above {@value #MAX_MODEL_POINTS} trials, the model keeps
 * the best half and a random sample of the rest.
 */
public final class BayesianSampler implements Sampler {
    /** Most trials the Gaussian process is fitted on. */
    public static final int MAX_MODEL_POINTS = 300;
    private static final int RANDOM_CANDIDATES = 1000;
    private static final int LOCAL_CANDIDATES = 100;
    private static final int CLIMBERS = 5;
    private static final int CLIMB_STEPS = 40;
    private static final double XI = 0.01;

    private final SearchSpace space;
    private final UnitCube cube;
    private final Sobol sobol;
    private final int initialTrials;
    private final boolean[] categorical;
    private double[] warmStart;

    /**
     * @param space         the search space
     * @param seed          seeds the Sobol initial design
     * @param initialTrials trials of the initial design; 0 for the default
     */
    public BayesianSampler(SearchSpace space, long seed, int initialTrials) {
        if (initialTrials < 0) {
            throw new IllegalArgumentException("initialTrials must be ≥ 0, got " + initialTrials);
        }
        this.space = space;
        this.cube = UnitCube.of(space);
        int d = cube.size();
        // Beyond Sobol's 1000 dimensions the initial design is random.
        this.sobol = d <= Sobol.MAX_DIMENSION ? new Sobol(d, seed) : null;
        this.initialTrials = initialTrials > 0 ? initialTrials : Math.max(5, Math.min(d + 1, 10));
        this.categorical = new boolean[d];
        for (int i = 0; i < d; i++) {
            categorical[i] = cube.dims().get(i).kind() == UnitCube.Kind.CATEGORICAL;
        }
    }

    @Override
    public String name() {
        return "bayesian";
    }

    /** The number of initial-design trials. */
    public int initialTrials() {
        return initialTrials;
    }

    @Override
    public Optional<Map<String, Object>> suggest(History history, List<Map<String, Object>> pending, RandomGenerator rng) {
        Set<String> issued = new HashSet<>();
        history.trials().forEach(o -> issued.add(Values.canonical(o.config())));
        pending.forEach(p -> issued.add(Values.canonical(p)));
        long started = (long) history.size() + pending.size();

        List<double[]> xs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (Observation o : history.completed()) {
            double[] u = cube.encode(o.config());
            if (u != null) {
                xs.add(u);
                losses.add(history.goal().toLoss(o.value()));
            }
        }
        boolean design = xs.size() < initialTrials && started < initialTrials;
        if (design || xs.size() < 2) {
            return Optional.of(fromDesign(started, issued, rng));
        }
        return Optional.of(fromModel(xs, losses, pending, issued, rng));
    }

    private Map<String, Object> fromDesign(long index, Set<String> issued, RandomGenerator rng) {
        // Small discrete spaces repeat Sobol points: walk on until an untried configuration.
        if (sobol == null) {
            return untried(issued, rng);
        }
        for (long i = index; i < index + 64; i++) {
            Map<String, Object> c = cube.decode(sobol.point(i));
            if (!issued.contains(Values.canonical(c))) {
                return c;
            }
        }
        return untried(issued, rng);
    }

    private Map<String, Object> untried(Set<String> issued, RandomGenerator rng) {
        for (int i = 0; i < 200; i++) {
            Map<String, Object> c = space.sample(rng);
            if (!issued.contains(Values.canonical(c))) {
                return c;
            }
        }
        return space.sample(rng);
    }

    private Map<String, Object> fromModel(List<double[]> xs, List<Double> losses, List<Map<String, Object>> pending,
                                          Set<String> issued, RandomGenerator rng) {
        int n = xs.size();
        List<Integer> keep = subset(losses, rng);
        double[][] x = new double[keep.size()][];
        double[] loss = new double[keep.size()];
        for (int i = 0; i < keep.size(); i++) {
            x[i] = xs.get(keep.get(i));
            loss[i] = losses.get(keep.get(i));
        }
        double[] z = OutputWarping.warp(loss);
        double bestZ = Double.POSITIVE_INFINITY;
        for (double v : z) {
            bestZ = Math.min(bestZ, v);
        }
        GaussianProcess gp = GaussianProcess.fit(x, z, categorical, warmStart, rng);
        warmStart = gp.theta();
        for (Map<String, Object> p : pending) {
            double[] u = cube.encode(p);
            if (u != null) {
                gp = gp.condition(u, gp.predict(u)[0]);
            }
        }
        List<Scored> ranked = maximise(gp, x, z, bestZ, rng);
        for (Scored s : ranked) {
            Map<String, Object> c = cube.decode(s.point);
            if (!issued.contains(Values.canonical(c))) {
                return c;
            }
        }
        return untried(issued, rng);
    }

    /** The indices the model is fitted on: all of them, or the best half and a random sample of the rest. */
    private static List<Integer> subset(List<Double> losses, RandomGenerator rng) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < losses.size(); i++) {
            all.add(i);
        }
        if (all.size() <= MAX_MODEL_POINTS) {
            return all;
        }
        all.sort(Comparator.comparingDouble(losses::get));
        List<Integer> out = new ArrayList<>(all.subList(0, MAX_MODEL_POINTS / 2));
        List<Integer> rest = new ArrayList<>(all.subList(MAX_MODEL_POINTS / 2, all.size()));
        for (int i = 0; i < MAX_MODEL_POINTS - MAX_MODEL_POINTS / 2; i++) {
            int j = i + rng.nextInt(rest.size() - i);
            Integer t = rest.get(i);
            rest.set(i, rest.get(j));
            rest.set(j, t);
            out.add(rest.get(i));
        }
        return out;
    }

    private record Scored(double[] point, double ei) {
    }

    private List<Scored> maximise(GaussianProcess gp, double[][] x, double[] z, double bestZ, RandomGenerator rng) {
        int d = cube.size();
        List<Scored> cands = new ArrayList<>();
        for (int i = 0; i < RANDOM_CANDIDATES; i++) {
            double[] u = new double[d];
            for (int j = 0; j < d; j++) {
                u[j] = rng.nextDouble();
            }
            cands.add(score(gp, cube.canonical(u), bestZ));
        }
        Integer[] order = new Integer[z.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> z[i]));
        double[] scales = {0.01, 0.03, 0.1, 0.3};
        for (int b = 0; b < Math.min(5, order.length); b++) {
            double[] base = x[order[b]];
            for (int i = 0; i < LOCAL_CANDIDATES; i++) {
                cands.add(score(gp, cube.canonical(perturb(base, scales[i % scales.length], rng)), bestZ));
            }
        }
        cands.sort(Comparator.comparingDouble((Scored s) -> s.ei).reversed());
        List<Scored> climbed = new ArrayList<>();
        for (int c = 0; c < Math.min(CLIMBERS, cands.size()); c++) {
            Scored cur = cands.get(c);
            double scale = 0.05;
            int fails = 0;
            for (int step = 0; step < CLIMB_STEPS && scale > 1e-4; step++) {
                Scored next = score(gp, cube.canonical(perturb(cur.point, scale, rng)), bestZ);
                if (next.ei > cur.ei) {
                    cur = next;
                    fails = 0;
                } else if (++fails >= 4) {
                    scale /= 2;
                    fails = 0;
                }
            }
            climbed.add(cur);
        }
        climbed.addAll(cands);
        climbed.sort(Comparator.comparingDouble((Scored s) -> s.ei).reversed());
        return climbed;
    }

    private double[] perturb(double[] base, double scale, RandomGenerator rng) {
        int d = base.length;
        double[] u = base.clone();
        double flip = 1.0 / Math.max(2, d);
        for (int j = 0; j < d; j++) {
            UnitCube.Kind kind = cube.dims().get(j).kind();
            if (kind == UnitCube.Kind.CATEGORICAL || kind == UnitCube.Kind.ORDINAL && cube.dims().get(j).cardinality() <= 3) {
                if (rng.nextDouble() < flip) {
                    u[j] = rng.nextDouble();
                }
            } else {
                double v = (u[j] < 0 ? 0.5 : u[j]) + scale * rng.nextGaussian();
                u[j] = Math.min(1.0, Math.max(0.0, v));
            }
        }
        return u;
    }

    private static Scored score(GaussianProcess gp, double[] u, double bestZ) {
        double[] mv = gp.predict(u);
        double s = Math.sqrt(mv[1]);
        double imp = bestZ - mv[0] - XI;
        double t = imp / s;
        double ei = imp * 0.5 * Erf.erfc(-t / Math.sqrt(2)) + s * Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
        return new Scored(u, Math.max(ei, 0.0));
    }
}
