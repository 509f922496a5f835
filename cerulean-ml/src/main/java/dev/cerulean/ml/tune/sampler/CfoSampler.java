package dev.cerulean.ml.tune.sampler;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.tune.Choice;
import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.Observation;
import dev.cerulean.ml.tune.Sampler;
import dev.cerulean.ml.tune.SearchSpace;
import dev.cerulean.ml.tune.Values;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * {@code cfo}: FLAML's cost-frugal local search, FLOW2 (Wu, Wang and Huang, "Frugal Optimization
 * for Cost-related Hyperparameters", AAAI 2021; {@code flaml/tune/searcher/flow2.py}). It starts
 * from a low-cost initial configuration and walks the {@link UnitCube} (log scale for log
 * expressions) by randomised direct search:
 *
 * <ol>
 *   <li>draw a random unit direction u and try x + δu; if that is not better than the incumbent x,
 *       try x − δu; move to whichever improves;</li>
 *   <li>δ starts at 0.1·√d and halves after 2^min(9, d) consecutive directions failed both
 *       ways;</li>
 *   <li>when δ drops below its floor (one cell of the finest discrete coordinate, or 1e-4), the
 *       search restarts from a random point.</li>
 * </ol>
 *
 * Because it only moves by small steps from a cheap start, expensive configurations (many trees,
 * many leaves) are reached only when they pay, which is what AutoML under a time budget needs.
 *
 * <p>The initial configuration is {@code initialConfig} where given; other numeric parameters
 * start at their distribution's median, other choices at their first value. Parallel calls propose
 * further random directions from the same incumbent. Unlike the other samplers it keeps state
 * between calls (the incumbent, δ, the failure count, its open proposals); a new instance rebuilds
 * an equivalent state from the history.
 */
public final class CfoSampler implements Sampler {
    private static final double STEP = 0.1;
    private static final double STEP_FLOOR = 1e-4;

    private enum Kind { INIT, PLUS, MINUS, RESTART }

    private record Proposal(Kind kind, double[] origin, double[] direction, double step) {
    }

    private final SearchSpace space;
    private final UnitCube cube;
    private final double[] init;
    private final double initialStep;
    private final double stepFloor;
    private final int patience;

    private final Map<String, Deque<Proposal>> open = new HashMap<>();
    private final Deque<double[]> mirrors = new ArrayDeque<>();
    private int processed;
    private boolean initIssued;
    private double[] incumbent;
    private double incumbentLoss;
    private double step;
    private int failures;

    /**
     * @param space         the search space
     * @param initialConfig values for some or all parameters to start from (the low-cost corner),
     *                      possibly empty
     * @throws InvalidParameterException when the initial configuration names an unknown parameter
     *                                   or a value outside its parameter's choices
     */
    public CfoSampler(SearchSpace space, Map<String, Object> initialConfig) {
        this.space = space;
        this.cube = UnitCube.of(space);
        int d = cube.size();
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            UnitCube.Dim dim = cube.dims().get(i);
            x[i] = dim.expression() instanceof Choice && dim.kind() == UnitCube.Kind.CATEGORICAL
                    ? cube.optionCoordinate(i, 0) : 0.5;
        }
        for (Map.Entry<String, Object> e : initialConfig.entrySet()) {
            if (!space.parameters().containsKey(e.getKey())) {
                throw new InvalidParameterException("initial_config names '" + e.getKey() + "', which is not in the search space (known: "
                        + String.join(", ", space.names()) + ")", "sampling_algorithm.initial_config." + e.getKey());
            }
            Map<String, Object> probe = new LinkedHashMap<>(cube.decode(x));
            probe.put(e.getKey(), e.getValue());
            double[] u = cube.encode(probe);
            if (u == null) {
                throw new InvalidParameterException("initial_config value " + Values.canonical(e.getValue()) + " of '" + e.getKey()
                        + "' is not a value of its expression", "sampling_algorithm.initial_config." + e.getKey());
            }
            x = u;
        }
        this.init = cube.canonical(x);
        this.initialStep = STEP * Math.sqrt(Math.max(1, d));
        double floor = STEP_FLOOR;
        boolean allDiscrete = d > 0;
        double finest = 1.0;
        for (UnitCube.Dim dim : cube.dims()) {
            int k = dim.cardinality();
            if (k > 0) {
                finest = Math.min(finest, 1.0 / k);
            } else {
                allDiscrete = false;
            }
        }
        this.stepFloor = allDiscrete ? finest : floor;
        this.patience = 1 << Math.min(9, d);
        reset();
    }

    private void reset() {
        open.clear();
        mirrors.clear();
        processed = 0;
        initIssued = false;
        incumbent = init.clone();
        incumbentLoss = Double.POSITIVE_INFINITY;
        step = initialStep;
        failures = 0;
    }

    @Override
    public String name() {
        return "cfo";
    }

    /** The current step size δ in cube units (for tests and progress reports). */
    public double step() {
        return step;
    }

    @Override
    public Optional<Map<String, Object>> suggest(History history, List<Map<String, Object>> pending, RandomGenerator rng) {
        if (history.size() < processed) {
            reset();
        }
        List<Observation> trials = history.trials();
        for (int i = processed; i < trials.size(); i++) {
            learn(trials.get(i), history, rng);
        }
        processed = trials.size();

        Set<String> issued = new HashSet<>();
        trials.forEach(o -> issued.add(Values.canonical(o.config())));
        pending.forEach(p -> issued.add(Values.canonical(p)));

        if (!initIssued) {
            initIssued = true;
            Map<String, Object> c = cube.decode(init);
            if (!issued.contains(Values.canonical(c))) {
                return Optional.of(propose(c, new Proposal(Kind.INIT, init, null, step)));
            }
        }
        while (!mirrors.isEmpty()) {
            double[] m = mirrors.pollFirst();
            Map<String, Object> c = cube.decode(m);
            if (!issued.contains(Values.canonical(c))) {
                double[] dir = new double[m.length];
                for (int i = 0; i < m.length; i++) {
                    dir[i] = m[i] - incumbent[i];
                }
                return Optional.of(propose(c, new Proposal(Kind.MINUS, incumbent.clone(), dir, step)));
            }
        }
        for (int attempt = 0; attempt < 32; attempt++) {
            double[] u = direction(rng);
            double[] plus = move(incumbent, u, step);
            Map<String, Object> c = cube.decode(plus);
            if (!issued.contains(Values.canonical(c))) {
                return Optional.of(propose(c, new Proposal(Kind.PLUS, incumbent.clone(), u, step)));
            }
        }
        // Every nearby point is taken (a small discrete neighbourhood): start afresh elsewhere.
        for (int attempt = 0; attempt < 200; attempt++) {
            double[] r = randomPoint(rng);
            Map<String, Object> c = cube.decode(r);
            if (!issued.contains(Values.canonical(c))) {
                return Optional.of(propose(c, new Proposal(Kind.RESTART, r, null, initialStep)));
            }
        }
        return Optional.of(space.sample(rng));
    }

    private Map<String, Object> propose(Map<String, Object> config, Proposal p) {
        open.computeIfAbsent(Values.canonical(config), k -> new ArrayDeque<>()).addLast(p);
        return config;
    }

    private void learn(Observation o, History history, RandomGenerator rng) {
        Deque<Proposal> q = open.get(Values.canonical(o.config()));
        Proposal p = q == null ? null : q.pollFirst();
        double[] x = cube.encode(o.config());
        if (x == null) {
            return;
        }
        double loss = o.hasValue() ? history.goal().toLoss(o.value()) : Double.POSITIVE_INFINITY;
        boolean better = loss < incumbentLoss;
        if (p == null) {
            // A trial this sampler did not propose (another sampler, a restart): adopt it if better.
            if (better) {
                moveTo(x, loss);
            }
            return;
        }
        switch (p.kind) {
            case INIT, RESTART -> {
                if (p.kind == Kind.RESTART || better) {
                    moveTo(x, loss);
                    step = p.step;
                }
            }
            case PLUS -> {
                if (better) {
                    moveTo(x, loss);
                } else if (Arrays.equals(p.origin, incumbent)) {
                    mirrors.addLast(move(incumbent, negate(p.direction), p.step));
                }
            }
            case MINUS -> {
                if (better) {
                    moveTo(x, loss);
                } else if (Arrays.equals(p.origin, incumbent)) {
                    fail(rng);
                }
            }
            default -> throw new IllegalStateException(p.kind.toString());
        }
    }

    private void moveTo(double[] x, double loss) {
        incumbent = x;
        incumbentLoss = loss;
        failures = 0;
        mirrors.clear();
    }

    private void fail(RandomGenerator rng) {
        if (++failures < patience) {
            return;
        }
        failures = 0;
        step /= 2;
        if (step < stepFloor) {
            // Converged here: restart from a random point, which the next result makes the incumbent.
            incumbent = cube.canonical(randomPoint(rng));
            incumbentLoss = Double.POSITIVE_INFINITY;
            step = initialStep;
            mirrors.clear();
        }
    }

    private double[] direction(RandomGenerator rng) {
        int d = cube.size();
        double[] u = new double[d];
        double norm = 0;
        for (int i = 0; i < d; i++) {
            u[i] = rng.nextGaussian();
            norm += u[i] * u[i];
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < d; i++) {
            u[i] /= norm;
        }
        return u;
    }

    private double[] move(double[] from, double[] u, double delta) {
        double[] out = new double[from.length];
        for (int i = 0; i < from.length; i++) {
            double base = from[i] < 0 ? 0.5 : from[i];
            out[i] = Math.min(1.0, Math.max(0.0, base + delta * u[i]));
        }
        return cube.canonical(out);
    }

    private static double[] negate(double[] u) {
        double[] out = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            out[i] = -u[i];
        }
        return out;
    }

    private double[] randomPoint(RandomGenerator rng) {
        double[] r = new double[cube.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.nextDouble();
        }
        return cube.canonical(r);
    }
}
