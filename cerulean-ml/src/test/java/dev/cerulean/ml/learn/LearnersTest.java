package dev.cerulean.ml.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.TestData;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.metrics.Metrics;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LearnersTest {
    static final List<String> NAMES = List.of("x0", "x1", "x2", "x3", "x4");

    /** Seeded data for a task: {x, y} with 5 features. */
    static Object[] data(Task task, int n, long seed) {
        if (task == Task.BINARY) {
            double[][] d = TestData.binary(n, seed);
            return new Object[] {new FeatureMatrix(d[0], n, 5, NAMES, null), d[1]};
        }
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * 5];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) {
                x[i * 5 + j] = r.nextDouble() * 2 - 1;
            }
            double a = x[i * 5];
            double b = x[i * 5 + 1];
            y[i] = task == Task.REGRESSION ? 2 * a - b + 0.1 * (r.nextDouble() - 0.5) : a > 0.3 ? 2 : b > 0 ? 1 : 0;
        }
        return new Object[] {new FeatureMatrix(x, n, 5, NAMES, null), y};
    }

    static Stream<Arguments> learnersAndTasks() {
        return Learners.names().stream().flatMap(l -> Stream.of(Task.BINARY, Task.MULTICLASS, Task.REGRESSION)
                .map(t -> Arguments.of(l, t)));
    }

    private static int classes(Task t) {
        return t == Task.BINARY ? 2 : t == Task.MULTICLASS ? 3 : 0;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("learnersAndTasks")
    void learnsSavesAndReloadsBitIdentically(String name, Task task) {
        Learner<?> learner = Learners.get(name);
        Object[] train = data(task, 600, 1);
        Object[] test = data(task, 300, 2);
        FeatureMatrix x = (FeatureMatrix) train[0];
        double[] y = (double[]) train[1];
        FitContext ctx = new FitContext(42, 1, null, null);
        try (Predictor p = learner.fit(x, y, task, classes(task), Map.of(), ctx);
                Predictor again = learner.fit(x, y, task, classes(task), Map.of(), ctx)) {
            double[] pred = p.predict((FeatureMatrix) test[0]);
            Map<String, Double> m = Metrics.compute(task, (double[]) test[1], pred, classes(task));
            if (task == Task.REGRESSION) {
                assertThat(m.get("r2_score")).as(name + " r2").isGreaterThan(0.8);
            } else {
                assertThat(m.get("accuracy")).as(name + " accuracy").isGreaterThan(0.85);
            }
            // Same inputs, seed and threads: the same bytes.
            Predictor.SavedModel saved = p.save();
            assertThat(again.save().bytes()).isEqualTo(saved.bytes());
            try (Predictor loaded = learner.load(saved.bytes(), task, classes(task))) {
                assertThat(loaded.predict((FeatureMatrix) test[0])).containsExactly(pred);
                assertThat(loaded.featureCount()).isEqualTo(5);
            }
            if (task.isClassification()) {
                for (int i = 0; i < 300; i++) {
                    double s = 0;
                    for (int k = 0; k < classes(task); k++) {
                        s += pred[i * classes(task) + k];
                    }
                    assertThat(s).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
                }
            }
            if (!name.equals("knn")) {
                double[] imp = p.featureImportance();
                assertThat(imp).hasSize(5);
                // x0 drives every target; x3, x4 are noise.
                assertThat(imp[0]).isGreaterThan(imp[3]).isGreaterThan(0);
            }
        }
    }

    @Nested
    class EarlyStopping {
        @Test
        void lightgbmStopsOnTheValidationLossAndKeepsOnlyTheBestRounds() {
            Object[] tr = data(Task.BINARY, 500, 3);
            Object[] va = data(Task.BINARY, 300, 4);
            LightGbmParams p = LightGbmParams.builder().nEstimators(2000).learningRate(0.3).earlyStoppingRounds(10).build();
            FitContext ctx = new FitContext(1, 1, null, null).withValidation((FeatureMatrix) va[0], (double[]) va[1]);
            try (Predictor m = LightGbmLearner.GBDT.fit((FeatureMatrix) tr[0], (double[]) tr[1], Task.BINARY, 2, p, ctx)) {
                int best = (int) m.trainingInfo().get("best_iteration");
                assertThat((int) m.trainingInfo().get("iterations")).isLessThan(2000).isEqualTo(best + 10);
                String text = new String(m.save().bytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(text.split("\nTree=", -1).length - 1).isEqualTo(best);
            }
        }

        @Test
        void xgboostStopsAndPredictsWithTheBestRounds() {
            Object[] tr = data(Task.REGRESSION, 500, 3);
            Object[] va = data(Task.REGRESSION, 300, 4);
            XgboostParams p = XgboostParams.builder().nEstimators(2000).learningRate(0.5).earlyStoppingRounds(5).build();
            FitContext ctx = new FitContext(1, 1, null, null).withValidation((FeatureMatrix) va[0], (double[]) va[1]);
            try (Predictor m = XgboostLearner.INSTANCE.fit((FeatureMatrix) tr[0], (double[]) tr[1], Task.REGRESSION, 0, p, ctx)) {
                int best = (int) m.trainingInfo().get("best_iteration");
                assertThat((int) m.trainingInfo().get("iterations")).isEqualTo(best + 5);
                XgboostParams fixed = p.toBuilder().nEstimators(best).earlyStoppingRounds(0).build();
                try (Predictor exact = XgboostLearner.INSTANCE.fit((FeatureMatrix) tr[0], (double[]) tr[1], Task.REGRESSION, 0, fixed,
                        ctx); Predictor reloaded = XgboostLearner.INSTANCE.load(m.save().bytes(), Task.REGRESSION, 0)) {
                    double[] want = exact.predict((FeatureMatrix) va[0]);
                    assertThat(m.predict((FeatureMatrix) va[0])).containsExactly(want);
                    assertThat(reloaded.predict((FeatureMatrix) va[0])).containsExactly(want);
                }
            }
        }
    }

    @Nested
    class Params {
        @Test
        void unknownNameSuggestsTheNearest() {
            assertThatThrownBy(() -> LightGbmParams.fromMap(Map.of("num_leafs", 10)))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("unknown lightgbm hyperparameter 'num_leafs'; did you mean 'num_leaves'?")
                    .satisfies(e -> assertThat(((InvalidParameterException) e).target()).isEqualTo("num_leafs"));
        }

        @Test
        void outOfRangeAndWrongTypeNameTheField() {
            assertThatThrownBy(() -> XgboostParams.fromMap(Map.of("subsample", 1.5)))
                    .hasMessage("xgboost hyperparameter 'subsample' must be in (0.0, 1.0], got '1.5'");
            assertThatThrownBy(() -> LightGbmParams.builder().numLeaves(1).build()).hasMessageContaining("'num_leaves'");
            assertThatThrownBy(() -> KnnParams.fromMap(Map.of("weights", "closest"))).hasMessageContaining("uniform, distance");
            assertThatThrownBy(() -> ForestParams.fromMap(Map.of("n_estimators", 2.5))).hasMessageContaining("an integer");
            assertThatThrownBy(() -> new ElasticNetParams(-1, 0.5, 10, 1e-6, true).validate()).hasMessageContaining("'alpha'");
        }

        @Test
        void nativeNamesAreAliasesAndDefaultsAreTheLibraries() {
            LightGbmParams p = LightGbmParams.fromMap(Map.of("num_iterations", "250", "feature_fraction", 0.8, "eta", 0.05));
            assertThat(p.nEstimators()).isEqualTo(250);
            assertThat(p.colsampleBytree()).isEqualTo(0.8);
            assertThat(p.learningRate()).isEqualTo(0.05);
            assertThat(LightGbmParams.DEFAULTS.numLeaves()).isEqualTo(31);
            assertThat(XgboostParams.DEFAULTS.maxDepth()).isEqualTo(6);
            assertThat(ElasticNetParams.fromMap(Map.of("C", 4)).alpha()).isEqualTo(0.25);
            assertThat(LightGbmParams.DEFAULTS.toMap()).containsKeys("n_estimators", "early_stopping_rounds");
        }

        @Test
        void azureAlgorithmNamesResolve() {
            assertThat(Learners.canonical("XGBoostClassifier")).isEqualTo("xgboost");
            assertThat(Learners.canonical("xg_boost_regressor")).isEqualTo("xgboost");
            assertThat(Learners.canonical("LightGBM")).isEqualTo("lightgbm");
            assertThat(Learners.canonical("RandomForest")).isEqualTo("random_forest");
            assertThat(Learners.canonical("ExtremeRandomTrees")).isEqualTo("extra_trees");
            assertThat(Learners.canonical("logistic_regression")).isEqualTo("elastic_net");
            assertThat(Learners.canonical("ElasticNet")).isEqualTo("elastic_net");
            assertThat(Learners.canonical("KNN")).isEqualTo("knn");
            assertThatThrownBy(() -> Learners.get("XGBoostClasifier")).hasMessageContaining("did you mean 'XGBoostClassifier'?");
        }
    }
}
