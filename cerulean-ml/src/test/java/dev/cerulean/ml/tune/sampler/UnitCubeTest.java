package dev.cerulean.ml.tune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.ml.tune.SearchSpace;
import dev.cerulean.ml.tune.Yaml;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UnitCubeTest {
    private final SearchSpace space = SearchSpace.parse(Yaml.tree("""
            lr: {type: loguniform, min_value: -7, max_value: 0}
            depth: {type: choice, values: [8, 2, 4]}
            model:
              type: choice
              values:
                - {kind: linear, C: {type: uniform, min_value: 0, max_value: 10}}
                - {kind: tree, leaves: {type: randint, upper: 64}, booster: {type: choice, values: [gbdt, dart]}}
            """));
    private final UnitCube cube = UnitCube.of(space);

    @Test
    void hasOneCoordinatePerExpressionWithParentsFirst() {
        assertThat(cube.dims()).extracting(UnitCube.Dim::path)
                .containsExactly("lr", "depth", "model", "model.values[0].C", "model.values[1].leaves", "model.values[1].booster");
        assertThat(cube.dims()).extracting(UnitCube.Dim::kind).containsExactly(UnitCube.Kind.CONTINUOUS, UnitCube.Kind.ORDINAL,
                UnitCube.Kind.CATEGORICAL, UnitCube.Kind.CONTINUOUS, UnitCube.Kind.INTEGER, UnitCube.Kind.CATEGORICAL);
        assertThat(cube.dims().get(4).parent()).isEqualTo(2);
        assertThat(cube.dims().get(4).parentOption()).isEqualTo(1);
    }

    @Test
    void ordersNumericChoicesByValue() {
        // depth's values sorted are 2, 4, 8: the lowest third of [0, 1] is 2.
        assertThat(cube.decode(new double[] {0.5, 0.1, 0.1, 0.5, 0.5, 0.1}).get("depth")).isEqualTo(2L);
        assertThat(cube.decode(new double[] {0.5, 0.9, 0.1, 0.5, 0.5, 0.1}).get("depth")).isEqualTo(8L);
    }

    @Test
    void decodesAndEncodesBackToTheCanonicalPoint() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 100; i++) {
            double[] u = new double[cube.size()];
            for (int d = 0; d < u.length; d++) {
                u[d] = rng.nextDouble();
            }
            double[] c = cube.canonical(u);
            Map<String, Object> config = cube.decode(u);
            assertThat(cube.decode(c)).isEqualTo(config);
            assertThat(cube.encode(config)).usingComparatorWithPrecision(1e-9).containsExactly(c);
        }
    }

    @Test
    void setsInactiveCoordinatesToFixedValues() {
        double[] linear = cube.canonical(new double[] {0.3, 0.3, 0.2, 0.4, 0.77, 0.9});
        assertThat(linear[4]).isEqualTo(UnitCube.INACTIVE_NUMERIC);
        assertThat(linear[5]).isEqualTo(UnitCube.INACTIVE_CATEGORY);
        assertThat(linear[3]).isCloseTo(0.4, within(1e-12));
        assertThat(cube.active(linear)).containsExactly(true, true, true, true, false, false);
    }

    @Test
    void readsConfigurationsBackFromStoredStrings() {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("lr", "0.01");
        stored.put("depth", "4");
        stored.put("model", Map.of("kind", "tree", "leaves", "31", "booster", "dart"));
        double[] u = cube.encode(stored);
        assertThat(u).isNotNull();
        Map<String, Object> back = cube.decode(u);
        assertThat((Double) back.get("lr")).isCloseTo(0.01, within(1e-12));
        assertThat(back.get("depth")).isEqualTo(4L);
        assertThat(back.get("model")).isEqualTo(Map.of("kind", "tree", "leaves", 31L, "booster", "dart"));
    }

    @Test
    void refusesConfigurationsThatDoNotFit() {
        assertThat(cube.encode(Map.of("lr", 0.1, "depth", 5, "model", Map.of("kind", "linear", "C", 1)))).isNull();
        assertThat(cube.encode(Map.of("lr", "fast", "depth", 4, "model", Map.of("kind", "linear", "C", 1)))).isNull();
        assertThat(cube.encode(Map.of("lr", 0.1, "depth", 4))).isNull();
    }
}
