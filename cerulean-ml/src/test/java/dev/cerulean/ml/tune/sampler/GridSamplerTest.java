package dev.cerulean.ml.tune.sampler;

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
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GridSamplerTest {
    private final SplittableRandom rng = new SplittableRandom(0);

    private static List<Map<String, Object>> runAll(GridSampler g) {
        History h = History.empty(Goal.MINIMIZE);
        List<Map<String, Object>> seen = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(0);
        while (true) {
            Optional<Map<String, Object>> c = g.suggest(h, List.of(), rng);
            if (c.isEmpty()) {
                return seen;
            }
            seen.add(c.get());
            h = h.with(c.get(), seen.size());
        }
    }

    @Test
    void enumeratesTheCartesianProductInOrderThenStops() {
        GridSampler g = new GridSampler(SearchSpace.parse(Yaml.tree("""
                batch_size: {type: choice, values: [16, 32]}
                layers: {type: choice, values: [1, 2, 3]}
                """)));
        assertThat(g.size()).hasValue(6);
        assertThat(runAll(g)).containsExactly(
                Map.of("batch_size", 16L, "layers", 1L), Map.of("batch_size", 16L, "layers", 2L), Map.of("batch_size", 16L, "layers", 3L),
                Map.of("batch_size", 32L, "layers", 1L), Map.of("batch_size", 32L, "layers", 2L), Map.of("batch_size", 32L, "layers", 3L));
    }

    @Test
    void skipsCombinationsThatAreRunningOrDone() {
        GridSampler g = new GridSampler(SearchSpace.parse(Yaml.tree("a: {type: choice, values: [x, y, z]}")));
        History h = History.empty(Goal.MAXIMIZE).with(Map.of("a", "x"), Double.NaN);
        assertThat(g.suggest(h, List.of(Map.of("a", "y")), rng)).contains(Map.of("a", "z"));
        assertThat(g.suggest(h, List.of(Map.of("a", "y"), Map.of("a", "z")), rng)).isEmpty();
    }

    @Test
    void expandsNestedBranchesIntoTheirOwnGrids() {
        GridSampler g = new GridSampler(SearchSpace.parse(Yaml.tree("""
                model:
                  type: choice
                  values:
                    - {kind: linear, C: {type: choice, values: [0.1, 1, 10]}}
                    - {kind: tree, depth: {type: choice, values: [3, 6]}, eta: {type: choice, values: [0.1, 0.3]}}
                    - none
                seed: {type: choice, values: [1, 2]}
                """)));
        assertThat(g.size()).hasValue((3 + 4 + 1) * 2);
        List<Map<String, Object>> all = runAll(g);
        assertThat(all).hasSize(16);
        Set<String> distinct = new HashSet<>();
        all.forEach(c -> distinct.add(Values.canonical(c)));
        assertThat(distinct).hasSize(16);
        assertThat(all.get(0)).isEqualTo(Map.of("model", Map.of("kind", "linear", "C", 0.1), "seed", 1L));
        assertThat(all).contains(Map.of("model", Map.of("kind", "tree", "depth", 6L, "eta", 0.3), "seed", 2L));
        assertThat(all.get(15)).isEqualTo(Map.of("model", "none", "seed", 2L));
    }

    @Test
    void treatsARepeatedValueAsOneCombination() {
        GridSampler g = new GridSampler(SearchSpace.parse(Yaml.tree("a: {type: choice, values: [1, 1, 2]}")));
        assertThat(runAll(g)).containsExactly(Map.of("a", 1L), Map.of("a", 2L));
    }

    @Test
    void rejectsExpressionsThatAreNotChoicesByName() {
        SearchSpace s = SearchSpace.parse(Yaml.tree("""
                depth: {type: choice, values: [3, 5]}
                lr: {type: uniform, min_value: 0.01, max_value: 0.1}
                n: {type: randint, upper: 5}
                """));
        assertThatThrownBy(() -> new GridSampler(s)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("grid sampling supports only choice expressions, but 'lr' is uniform (and 1 more)")
                .satisfies(e -> assertThat(((InvalidParameterException) e).target()).isEqualTo("search_space.lr"));
    }

    @Test
    void reportsASizeThatSaturatesInsteadOfOverflowing() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            yaml.append("p").append(i).append(": {type: choice, values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n");
        }
        GridSampler g = new GridSampler(SearchSpace.parse(Yaml.tree(yaml.toString())));
        assertThat(g.size()).hasValue(Long.MAX_VALUE);
        assertThat(g.suggest(History.empty(Goal.MINIMIZE), List.of(), rng)).isPresent();
    }
}
