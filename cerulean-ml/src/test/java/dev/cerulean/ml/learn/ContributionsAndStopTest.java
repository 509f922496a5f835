package dev.cerulean.ml.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.ml.feature.FeatureMatrix;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContributionsAndStopTest {
    static Stream<Arguments> treeLearners() {
        return Stream.of("lightgbm", "xgboost", "random_forest", "extra_trees").flatMap(l -> Stream.of(Task.BINARY,
                Task.MULTICLASS, Task.REGRESSION).map(t -> Arguments.of(l, t)));
    }

    private static int classes(Task t) {
        return t == Task.BINARY ? 2 : t == Task.MULTICLASS ? 3 : 0;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("treeLearners")
    void treeShapContributionsSumToTheRawScore(String name, Task task) {
        Object[] train = LearnersTest.data(task, 400, 5);
        Object[] valid = LearnersTest.data(task, 200, 6);
        Object[] test = LearnersTest.data(task, 50, 7);
        Learner<?> learner = Learners.get(name);
        // Early stopping leaves XGBoost with extra rounds it must not count.
        Map<String, Object> hp = name.equals("lightgbm") || name.equals("xgboost")
                ? Map.of("n_estimators", 300, "early_stopping_rounds", 5, "learning_rate", 0.3) : Map.of("n_estimators", 20);
        FitContext ctx = new FitContext(1, 1, null, null).withValidation((FeatureMatrix) valid[0], (double[]) valid[1]);
        try (Predictor p = learner.fit((FeatureMatrix) train[0], (double[]) train[1], task, classes(task), hp, ctx)) {
            ContributionPredictor c = (ContributionPredictor) p;
            FeatureMatrix x = (FeatureMatrix) test[0];
            double[] raw = c.rawScores(x);
            double[] contrib = c.contributions(x);
            int w = c.scoreWidth();
            assertThat(w).isEqualTo(task == Task.MULTICLASS ? 3 : 1);
            assertThat(raw).hasSize(50 * w);
            assertThat(contrib).hasSize(50 * w * 6);
            for (int i = 0; i < 50; i++) {
                for (int k = 0; k < w; k++) {
                    double s = 0;
                    for (int j = 0; j <= 5; j++) {
                        s += contrib[(i * w + k) * 6 + j];
                    }
                    assertThat(s).as("row %d output %d", i, k).isCloseTo(raw[i * w + k], within(1e-4 * (1 + Math.abs(raw[i * w + k]))));
                }
            }
            // The raw score is the margin of the predicted probability / value.
            double[] pred = p.predict(x);
            if (task == Task.BINARY && !name.equals("random_forest") && !name.equals("extra_trees")) {
                assertThat(pred[1]).isCloseTo(1 / (1 + Math.exp(-raw[0])), within(1e-6));
            } else if (task == Task.REGRESSION) {
                assertThat(pred[0]).isCloseTo(raw[0], within(1e-6));
            }
            // x3 and x4 are noise: x0 contributes more on average.
            double a0 = 0;
            double a3 = 0;
            for (int i = 0; i < 50; i++) {
                a0 += Math.abs(contrib[i * w * 6]);
                a3 += Math.abs(contrib[i * w * 6 + 3]);
            }
            assertThat(a0).isGreaterThan(a3);
        }
    }

    @Test
    void aStopConditionEndsBoostingAndKeepsTheRoundsSoFar() {
        Object[] train = LearnersTest.data(Task.BINARY, 300, 5);
        AtomicInteger asked = new AtomicInteger();
        FitContext ctx = new FitContext(1, 1, null, null).withStop(() -> asked.incrementAndGet() >= 7);
        for (String name : new String[] {"lightgbm", "xgboost", "random_forest"}) {
            asked.set(0);
            try (Predictor p = Learners.get(name).fit((FeatureMatrix) train[0], (double[]) train[1], Task.BINARY, 2,
                    Map.of("n_estimators", 500), ctx)) {
                assertThat(p.trainingInfo()).as(name).containsEntry("iterations", 7).containsEntry("interrupted", true);
                assertThat(p.predict((FeatureMatrix) train[0])).hasSize(600);
            }
        }
        // The elastic net stops between coordinate sweeps and IRLS steps, keeping the coefficients reached.
        for (Task task : new Task[] {Task.BINARY, Task.MULTICLASS, Task.REGRESSION}) {
            Object[] d = LearnersTest.data(task, 300, 5);
            int k = task == Task.BINARY ? 2 : task == Task.MULTICLASS ? 3 : 0;
            try (Predictor p = ElasticNetLearner.INSTANCE.fit((FeatureMatrix) d[0], (double[]) d[1], task, k, Map.of("alpha", 1e-6,
                    "tol", 1e-12), new FitContext(1, 1, null, null).withStop(() -> true));
                    Predictor full = ElasticNetLearner.INSTANCE.fit((FeatureMatrix) d[0], (double[]) d[1], task, k, Map.of("alpha",
                            1e-6, "tol", 1e-12), new FitContext(1, 1, null, null))) {
                assertThat(p.trainingInfo()).as(task.name()).containsEntry("interrupted", true);
                assertThat(full.trainingInfo()).doesNotContainKey("interrupted");
                assertThat(p.predict((FeatureMatrix) d[0])).hasSize(300 * Math.max(1, k));
            }
        }
    }
}
