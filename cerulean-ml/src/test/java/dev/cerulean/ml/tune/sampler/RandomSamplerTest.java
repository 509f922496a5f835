package dev.cerulean.ml.tune.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.ml.tune.Goal;
import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.SearchSpace;
import dev.cerulean.ml.tune.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomSamplerTest {
    private final SearchSpace space = SearchSpace.parse(Yaml.tree("""
            lr: {type: loguniform, min_value: -7, max_value: 0}
            depth: {type: choice, values: [2, 4, 8]}
            momentum: {type: normal, mu: 0.9, sigma: 0.02}
            """));

    @Test
    void randomRuleIsReproducibleWithTheSameGenerator() {
        RandomSampler s = new RandomSampler(space, false, 1);
        History h = History.empty(Goal.MAXIMIZE);
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 10; i++) {
            assertThat(s.suggest(h, List.of(), a)).isEqualTo(s.suggest(h, List.of(), b));
        }
        assertThat(s.name()).isEqualTo("random");
    }

    @Test
    void sobolRuleGivesTheNthSequencePointToTheNthTrial() {
        RandomSampler s = new RandomSampler(space, true, 5);
        UnitCube cube = UnitCube.of(space);
        Sobol sobol = new Sobol(cube.size(), 5);
        History h = History.empty(Goal.MINIMIZE);
        List<Map<String, Object>> pending = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(0);
        for (int i = 0; i < 6; i++) {
            Map<String, Object> c = s.suggest(h, pending, rng).orElseThrow();
            assertThat(c).isEqualTo(cube.decode(sobol.point(i)));
            if (i % 2 == 0) {
                pending.add(c);
            } else {
                h = h.with(c, i);
            }
        }
        assertThat(s.name()).isEqualTo("sobol");
    }

    @Test
    void sobolRuleSpreadsAChoiceEvenly() {
        RandomSampler s = new RandomSampler(space, true, 11);
        History h = History.empty(Goal.MINIMIZE);
        int[] count = new int[3];
        SplittableRandom rng = new SplittableRandom(0);
        for (int i = 0; i < 48; i++) {
            Map<String, Object> c = s.suggest(h, List.of(), rng).orElseThrow();
            long depth = (Long) c.get("depth");
            count[depth == 2 ? 0 : depth == 4 ? 1 : 2]++;
            h = h.with(c, 0);
        }
        // 48 points in thirds of [0, 1]: a net puts 16 ± 1 in each (random sampling: ± 6 typical).
        for (int n : count) {
            assertThat(n).isBetween(15, 17);
        }
    }
}
