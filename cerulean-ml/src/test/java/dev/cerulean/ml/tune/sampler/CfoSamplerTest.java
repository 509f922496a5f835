package dev.cerulean.ml.tune.sampler;

import static dev.cerulean.ml.tune.sampler.Objectives.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
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
import org.junit.jupiter.api.Test;

class CfoSamplerTest {
    private static final SearchSpace GBDT = SearchSpace.parse(Yaml.tree("""
            n_estimators: {type: qloguniform, min_value: 1.386, max_value: 6.93, q: 1}
            learning_rate: {type: loguniform, min_value: -6.93, max_value: 0}
            subsample: {type: uniform, min_value: 0.5, max_value: 1}
            """));

    /** A bowl in log space with its minimum at 200 trees, learning rate 0.05, subsample 0.8. */
    private static double loss(Map<String, Object> c) {
        double a = Math.log(num(c, "n_estimators")) - Math.log(200);
        double b = Math.log(num(c, "learning_rate")) - Math.log(0.05);
        double s = num(c, "subsample") - 0.8;
        return a * a + b * b + 10 * s * s;
    }

    @Test
    void startsFromTheLowCostConfiguration() {
        CfoSampler s = new CfoSampler(GBDT, Map.of("n_estimators", 4));
        Map<String, Object> first = s.suggest(History.empty(Goal.MINIMIZE), List.of(), new SplittableRandom(0)).orElseThrow();
        assertThat(first.get("n_estimators")).isEqualTo(4L);
        // Other parameters start at their distribution's median.
        assertThat(num(first, "learning_rate")).isCloseTo(Math.exp(-6.93 / 2), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(num(first, "subsample")).isCloseTo(0.75, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void walksDownhillFromTheStart() {
        double[] best = Objectives.run(new CfoSampler(GBDT, Map.of("n_estimators", 4)), Goal.MINIMIZE, CfoSamplerTest::loss, 80, 3);
        assertThat(best[0]).isGreaterThan(10);
        assertThat(best[79]).isLessThan(0.3);
    }

    @Test
    void growsCostOnlyAsFarAsItPays() {
        SplittableRandom rng = new SplittableRandom(4);
        CfoSampler s = new CfoSampler(GBDT, Map.of("n_estimators", 4));
        History h = History.empty(Goal.MINIMIZE);
        double maxTrees = 0;
        for (int i = 0; i < 60; i++) {
            Map<String, Object> c = s.suggest(h, List.of(), rng).orElseThrow();
            maxTrees = Math.max(maxTrees, num(c, "n_estimators"));
            h = h.with(c, loss(c));
        }
        // A local search from 4 trees towards 200 never needs the far end of the range (1024).
        assertThat(maxTrees).isLessThan(700);
    }

    @Test
    void proposesDistinctPointsForParallelTrials() {
        CfoSampler s = new CfoSampler(GBDT, Map.of());
        SplittableRandom rng = new SplittableRandom(5);
        History h = History.empty(Goal.MINIMIZE);
        Map<String, Object> first = s.suggest(h, List.of(), rng).orElseThrow();
        h = h.with(first, loss(first));
        List<Map<String, Object>> pending = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        seen.add(Values.canonical(first));
        for (int i = 0; i < 4; i++) {
            Map<String, Object> c = s.suggest(h, pending, rng).orElseThrow();
            assertThat(seen.add(Values.canonical(c))).isTrue();
            pending.add(c);
        }
    }

    @Test
    void aNewInstanceContinuesFromTheHistory() {
        SplittableRandom rng = new SplittableRandom(6);
        CfoSampler s = new CfoSampler(GBDT, Map.of("n_estimators", 4));
        History h = History.empty(Goal.MINIMIZE);
        for (int i = 0; i < 20; i++) {
            Map<String, Object> c = s.suggest(h, List.of(), rng).orElseThrow();
            h = h.with(c, loss(c));
        }
        double best = h.best().orElseThrow().value();
        CfoSampler resumed = new CfoSampler(GBDT, Map.of("n_estimators", 4));
        Map<String, Object> c = resumed.suggest(h, List.of(), rng).orElseThrow();
        // It adopts the best trial as incumbent and steps from there, not from the start.
        assertThat(Values.canonical(c)).isNotEqualTo(Values.canonical(h.trials().get(0).config()));
        assertThat(loss(c)).isLessThan(best + 5);
    }

    @Test
    void rejectsAnInitialConfigurationOutsideTheSpace() {
        assertThatThrownBy(() -> new CfoSampler(GBDT, Map.of("trees", 4))).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("initial_config names 'trees'");
        SearchSpace c = SearchSpace.parse(Yaml.tree("b: {type: choice, values: [gbdt, dart]}"));
        assertThatThrownBy(() -> new CfoSampler(c, Map.of("b", "goss"))).isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).target()).isEqualTo("sampling_algorithm.initial_config.b"));
    }
}
