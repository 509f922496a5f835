package dev.cerulean.ml.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.TestData;
import dev.cerulean.ml.automl.BaggedModel;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.learn.ContributionPredictor;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExplainTest {
    static final Frame PENGUINS = TestData.frame("penguins.csv");

    static CeruleanModel penguins(String algorithm, long seed) {
        return Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm(algorithm).cvFolds(0).seed(seed)
                .threads(1).hyperparameters(Map.of("n_estimators", 30)).build()).model();
    }

    @Nested
    class TreeShapValues {
        @ParameterizedTest
        @ValueSource(strings = {"lightgbm", "xgboost", "random_forest"})
        void rowsSumToTheRawMarginPerInputColumn(String algorithm) {
            try (CeruleanModel m = penguins(algorithm, 1)) {
                Frame x = PENGUINS.drop(List.of("species")).take(new int[] {0, 5, 160, 200, 320});
                TreeShap.ShapValues s = TreeShap.explain(m, x);
                // Aggregated back to input columns: island (one-hot for XGBoost) is one column, not several.
                assertThat(s.columns()).contains("island", "bill_length_mm", "sex").doesNotContain("island=Biscoe");
                assertThat(s.outputs()).isEqualTo(3);
                double[] raw = ((ContributionPredictor) m.predictor()).rawScores(m.featurizer().transform(x));
                for (int r = 0; r < 5; r++) {
                    for (int o = 0; o < 3; o++) {
                        assertThat(s.rawScore(r, o)).isCloseTo(raw[r * 3 + o], within(1e-4));
                    }
                }
                assertThat(s.meanAbsolute()).hasSize(s.columns().size());
            }
        }

        @Test
        void aBaggedModelIsExplainedAsTheAverageOfItsFolds() {
            CeruleanModel a = penguins("lightgbm", 1);
            CeruleanModel b = penguins("xgboost", 2);
            try (BaggedModel bag = new BaggedModel(List.of(a, b), "LightGBM", Map.of(), null)) {
                Frame x = PENGUINS.drop(List.of("species")).take(new int[] {1, 2, 250});
                assertThat(TreeShap.supports(bag)).isTrue();
                TreeShap.ShapValues s = TreeShap.explain(bag, x);
                double[] ra = ((ContributionPredictor) a.predictor()).rawScores(a.featurizer().transform(x));
                double[] rb = ((ContributionPredictor) b.predictor()).rawScores(b.featurizer().transform(x));
                for (int r = 0; r < 3; r++) {
                    for (int o = 0; o < 3; o++) {
                        assertThat(s.rawScore(r, o)).isCloseTo((ra[r * 3 + o] + rb[r * 3 + o]) / 2, within(1e-4));
                    }
                }
            }
        }

        @Test
        void linearModelsAreNotTreeModels() {
            try (CeruleanModel m = Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("elastic_net")
                    .cvFolds(0).build()).model()) {
                assertThat(TreeShap.supports(m)).isFalse();
                assertThatThrownBy(() -> TreeShap.explain(m, PENGUINS)).isInstanceOf(InvalidParameterException.class)
                        .hasMessageContaining("TreeSHAP explains tree models");
            }
        }
    }

    @Nested
    class Permutation {
        @Test
        void onlyTheColumnTheTargetDependsOnMatters() {
            SplittableRandom rnd = new SplittableRandom(4);
            int n = 600;
            double[] a = new double[n];
            double[] b = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rnd.nextDouble();
                b[i] = rnd.nextDouble();
                y[i] = 3 * a[i] + 0.05 * rnd.nextGaussian();
            }
            Frame f = Frame.of(NumericColumn.of("a", a), NumericColumn.of("b", b), NumericColumn.of("y", y));
            try (CeruleanModel m = Training.train(TrainSpec.builder().frame(f.take(range(0, 400))).target("y").algorithm("lightgbm")
                    .cvFolds(0).threads(1).build()).model()) {
                Frame test = f.take(range(400, 600));
                double[] yt = java.util.Arrays.copyOfRange(y, 400, 600);
                PermutationImportance.Result r = PermutationImportance.compute(m, test, yt,
                        "normalized_root_mean_squared_error", 3, 7);
                assertThat(r.importance().keySet()).containsExactly("a", "b");
                // An error metric: shuffling a raises the error a lot, b barely.
                assertThat(r.importance().get("a")).isGreaterThan(0.15);
                assertThat(Math.abs(r.importance().get("b"))).isLessThan(0.02);
                assertThat(r.baseline()).isLessThan(0.05);
                assertThat(r.rows()).isEqualTo(200);
                assertThatThrownBy(() -> PermutationImportance.compute(m, test, yt, "accuracy", 1, 1))
                        .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'accuracy' is not a regression metric");
            }
        }
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
