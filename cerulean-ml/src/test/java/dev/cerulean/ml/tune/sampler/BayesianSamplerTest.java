package dev.cerulean.ml.tune.sampler;

import static dev.cerulean.ml.tune.sampler.Objectives.median;
import static dev.cerulean.ml.tune.sampler.Objectives.num;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.ml.tune.Goal;
import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.SearchSpace;
import dev.cerulean.ml.tune.Values;
import dev.cerulean.ml.tune.Yaml;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class BayesianSamplerTest {
    private static final SearchSpace QUADRATIC = SearchSpace.parse(Yaml.tree("""
            x: {type: uniform, min_value: -1, max_value: 1}
            y: {type: uniform, min_value: -1, max_value: 1}
            z: {type: uniform, min_value: -1, max_value: 1}
            """));

    private static double quadratic(Map<String, Object> c) {
        double x = num(c, "x") - 0.3;
        double y = num(c, "y") + 0.2;
        double z = num(c, "z") - 0.5;
        return x * x + y * y + z * z;
    }

    @Test
    void beatsRandomSearchOnAQuadratic() {
        int trials = 25;
        double[] bayes = new double[3];
        double[] random = new double[3];
        for (int s = 0; s < 3; s++) {
            bayes[s] = Objectives.run(new BayesianSampler(QUADRATIC, s, 0), Goal.MINIMIZE, BayesianSamplerTest::quadratic, trials, s)[trials - 1];
            random[s] = Objectives.run(new RandomSampler(QUADRATIC, false, s), Goal.MINIMIZE, BayesianSamplerTest::quadratic, trials, s)[trials - 1];
        }
        // Random search in 3-D after 25 draws typically gets within 0.05–0.1 of the minimum.
        assertThat(median(bayes)).isLessThan(0.005);
        assertThat(median(bayes)).isLessThan(median(random) / 10);
    }

    @Test
    void maximisesWhenTheGoalSaysSo() {
        double[] best = Objectives.run(new BayesianSampler(QUADRATIC, 4, 0), Goal.MAXIMIZE, c -> -quadratic(c), 25, 4);
        assertThat(best[24]).isGreaterThan(-0.01);
    }

    @Test
    void handlesChoicesIntegersAndLogScalesTogether() {
        SearchSpace mixed = SearchSpace.parse(Yaml.tree("""
                lr: {type: loguniform, min_value: -9, max_value: 0}
                depth: {type: choice, values: [2, 4, 6, 8, 10]}
                booster: {type: choice, values: [gbdt, dart, goss]}
                leaves: {type: randint, upper: 64}
                """));
        ToDoubleFunction<Map<String, Object>> f = c -> {
            double lr = Math.log(num(c, "lr")) - Math.log(0.01);
            double depth = (num(c, "depth") - 6) / 4;
            double booster = c.get("booster").equals("dart") ? 0 : 1;
            double leaves = (num(c, "leaves") - 40) / 32;
            return lr * lr / 9 + depth * depth + booster + leaves * leaves;
        };
        int trials = 30;
        double[] bayes = new double[3];
        double[] random = new double[3];
        for (int s = 0; s < 3; s++) {
            bayes[s] = Objectives.run(new BayesianSampler(mixed, s, 0), Goal.MINIMIZE, f, trials, s)[trials - 1];
            random[s] = Objectives.run(new RandomSampler(mixed, false, s), Goal.MINIMIZE, f, trials, s)[trials - 1];
        }
        assertThat(median(bayes)).isLessThan(0.05);
        assertThat(median(bayes)).isLessThan(median(random));
    }

    @Test
    void startsWithTheSobolDesign() {
        BayesianSampler s = new BayesianSampler(QUADRATIC, 8, 0);
        assertThat(s.initialTrials()).isEqualTo(5);
        UnitCube cube = UnitCube.of(QUADRATIC);
        Sobol sobol = new Sobol(3, 8);
        History h = History.empty(Goal.MINIMIZE);
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 5; i++) {
            Map<String, Object> c = s.suggest(h, List.of(), rng).orElseThrow();
            assertThat(c).isEqualTo(cube.decode(sobol.point(i)));
            h = h.with(c, quadratic(c));
        }
        assertThat(s.suggest(h, List.of(), rng).orElseThrow()).isNotEqualTo(cube.decode(sobol.point(5)));
    }

    private static History history(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        History h = History.empty(Goal.MINIMIZE);
        for (int i = 0; i < n; i++) {
            Map<String, Object> c = QUADRATIC.sample(rng);
            h = h.with(c, quadratic(c));
        }
        return h;
    }

    private static double distance(Map<String, Object> a, Map<String, Object> b) {
        UnitCube cube = UnitCube.of(QUADRATIC);
        double[] u = cube.encode(a);
        double[] v = cube.encode(b);
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += (u[i] - v[i]) * (u[i] - v[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void steersAwayFromRunningTrials() {
        History h = history(12, 3);
        BayesianSampler s = new BayesianSampler(QUADRATIC, 3, 0);
        Map<String, Object> first = s.suggest(h, List.of(), new SplittableRandom(77)).orElseThrow();
        // Same random stream: without the running trial the sampler would propose (nearly) the same point.
        Map<String, Object> again = s.suggest(h, List.of(), new SplittableRandom(77)).orElseThrow();
        assertThat(distance(first, again)).isLessThan(0.02);
        Map<String, Object> next = s.suggest(h, List.of(first), new SplittableRandom(77)).orElseThrow();
        assertThat(distance(first, next)).isGreaterThan(0.05);
    }

    @Test
    void proposesDistinctConfigurationsForParallelTrials() {
        History h = history(10, 5);
        BayesianSampler s = new BayesianSampler(QUADRATIC, 5, 0);
        List<Map<String, Object>> pending = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 4; i++) {
            pending.add(s.suggest(h, pending, rng).orElseThrow());
        }
        for (int i = 0; i < pending.size(); i++) {
            for (int j = 0; j < i; j++) {
                assertThat(distance(pending.get(i), pending.get(j))).isGreaterThan(0.02);
            }
        }
    }

    @Test
    void neverRepeatsAConfigurationOfASmallDiscreteSpace() {
        SearchSpace small = SearchSpace.parse(Yaml.tree("""
                a: {type: choice, values: [1, 2, 3]}
                b: {type: choice, values: [x, y]}
                """));
        BayesianSampler s = new BayesianSampler(small, 2, 0);
        History h = History.empty(Goal.MAXIMIZE);
        Set<String> seen = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < 6; i++) {
            Map<String, Object> c = s.suggest(h, List.of(), rng).orElseThrow();
            assertThat(seen.add(Values.canonical(c))).as("repeated %s", c).isTrue();
            h = h.with(c, num(c, "a") + (c.get("b").equals("y") ? 1 : 0));
        }
    }

    @Test
    void leavesFailedAndForeignTrialsOutOfTheModel() {
        History h = history(8, 9)
                .with(Map.of("x", 0.1, "y", 0.1, "z", 0.1), Double.NaN)
                .with(Map.of("x", "not a number", "y", 0.0, "z", 0.0), 0.5)
                .with(Map.of("w", 1.0), 0.1);
        Map<String, Object> c = new BayesianSampler(QUADRATIC, 9, 0).suggest(h, List.of(), new SplittableRandom(9)).orElseThrow();
        assertThat(c).containsOnlyKeys("x", "y", "z");
    }

    @Test
    void searchesNestedBranches() {
        SearchSpace nested = SearchSpace.parse(Yaml.tree("""
                model:
                  type: choice
                  values:
                    - {kind: a, p: {type: uniform, min_value: 0, max_value: 1}}
                    - {kind: b, q: {type: uniform, min_value: 0, max_value: 1}, r: {type: choice, values: [1, 2]}}
                """));
        ToDoubleFunction<Map<String, Object>> f = c -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) c.get("model");
            if (m.get("kind").equals("a")) {
                return 1 + Math.abs(num(m, "p") - 0.5);
            }
            return Math.abs(num(m, "q") - 0.25) + (num(m, "r") == 2 ? 0 : 0.5);
        };
        double[] best = Objectives.run(new BayesianSampler(nested, 1, 0), Goal.MINIMIZE, f, 25, 1);
        assertThat(best[24]).isLessThan(0.05);
    }
}
