package dev.cerulean.ml.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.ml.TestData;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The gradient-boosting defaults chosen from the data, and the early stopping they turn on. */
class LightGbmDefaultsTest {

    @Nested
    class Resolution {
        @Test
        void smallClassificationTablesTrainLightGbmsHundredRoundsWithoutStopping() {
            LightGbmParams p = LightGbmParams.DEFAULTS.resolve(999, Task.BINARY);
            assertThat(p.earlyStoppingRounds()).isZero();
            assertThat(p.nEstimators()).isEqualTo(100);
            assertThat(p.minChildSamples()).isEqualTo(20);
            assertThat(LightGbmParams.DEFAULTS.resolve(500, Task.MULTICLASS).earlyStoppingRounds()).isZero();
        }

        @Test
        void largerClassificationTablesStopEarlyUnderAHighRoundCap() {
            LightGbmParams p = LightGbmParams.DEFAULTS.resolve(1000, Task.BINARY);
            assertThat(p.earlyStoppingRounds()).isEqualTo(30);
            assertThat(p.nEstimators()).isEqualTo(1000);
            assertThat(LightGbmParams.DEFAULTS.resolve(40_000, Task.MULTICLASS).earlyStoppingRounds()).isEqualTo(30);
        }

        @Test
        void regressionStopsEarlyFromTwoHundredRows() {
            assertThat(LightGbmParams.DEFAULTS.resolve(199, Task.REGRESSION).earlyStoppingRounds()).isZero();
            assertThat(LightGbmParams.DEFAULTS.resolve(199, Task.REGRESSION).nEstimators()).isEqualTo(100);
            assertThat(LightGbmParams.DEFAULTS.resolve(200, Task.REGRESSION).earlyStoppingRounds()).isEqualTo(30);
            assertThat(LightGbmParams.DEFAULTS.resolve(200, Task.REGRESSION).nEstimators()).isEqualTo(1000);
        }

        @Test
        void valuesTheUserGaveWinOverTheChosenOnes() {
            LightGbmParams off = LightGbmParams.fromMap(Map.of("early_stopping_rounds", 0)).resolve(50_000, Task.BINARY);
            assertThat(off.earlyStoppingRounds()).isZero();
            assertThat(off.nEstimators()).isEqualTo(100);

            LightGbmParams on = LightGbmParams.fromMap(Map.of("early_stopping_rounds", 5)).resolve(100, Task.BINARY);
            assertThat(on.earlyStoppingRounds()).isEqualTo(5);
            assertThat(on.nEstimators()).isEqualTo(1000);

            LightGbmParams rounds = LightGbmParams.fromMap(Map.of("num_iterations", 300)).resolve(50_000, Task.REGRESSION);
            assertThat(rounds.nEstimators()).isEqualTo(300);
            assertThat(rounds.earlyStoppingRounds()).isEqualTo(30);

            LightGbmParams library = LightGbmParams.fromMap(LightGbmParams.LIBRARY_DEFAULTS);
            assertThat(library.isResolved()).isTrue();
            assertThat(library.resolve(50_000, Task.BINARY)).isEqualTo(library);
        }

        @Test
        void theLearnerReportsWhatAFitWouldUse() {
            LightGbmParams p = LightGbmLearner.GBDT.resolve(LightGbmParams.DEFAULTS, 5000, Task.BINARY);
            assertThat(p.toMap()).containsEntry("n_estimators", 1000).containsEntry("early_stopping_rounds", 30)
                    .containsEntry("validation_fraction", 0.1);
        }
    }

    @Nested
    class EarlyStoppingWithoutAValidationSet {
        /** 2,000 seeded rows, a quarter of them positive (so stratification shows in the held-out count). */
        private final Object[] data = imbalanced(2000, 7);
        private final FeatureMatrix x = (FeatureMatrix) data[0];
        private final double[] y = (double[]) data[1];

        @Test
        void holdsOutASeededStratifiedShareChoosesTheRoundsThenRefitsOnEveryRow() {
            assertThat(LightGbmLearner.refitRounds(90, 1000, 900, 1000)).isEqualTo(100);
            assertThat(LightGbmLearner.refitRounds(990, 1000, 900, 1000)).isEqualTo(1000);
            FitContext ctx = new FitContext(11, 1, null, null);
            Map<String, Object> info;
            String text;
            try (Predictor p = LightGbmLearner.GBDT.fit(x, y, Task.BINARY, 2, Map.of(), ctx)) {
                info = p.trainingInfo();
                text = new String(p.save().bytes(), StandardCharsets.UTF_8);
            }
            int[] labels = new int[y.length];
            for (int i = 0; i < y.length; i++) {
                labels[i] = (int) y[i];
            }
            Fold split = Splits.trainValidation(x.rows(), 0.1, labels, 11);
            assertThat(info).containsEntry("validation", "internal").containsEntry("validation_rows", split.test().length);
            int best = (int) info.get("best_iteration");
            assertThat(best).isBetween(1, 999);
            // The refit on all 2,000 rows boosts the chosen rounds scaled by 2,000 / 1,800 rows, and keeps them all.
            int refit = (int) Math.round(best * 2000.0 / split.train().length);
            assertThat(info).containsEntry("iterations", refit);
            assertThat(trees(text)).isEqualTo(refit);
            assertThat(text).contains("num_leaves=31");

            // The rounds are those chosen by watching exactly the seeded, stratified hold-out of Splits.
            try (Predictor given = LightGbmLearner.GBDT.fit(x.take(split.train()), pick(y, split.train()), Task.BINARY, 2,
                    Map.of(), ctx.withValidation(x.take(split.test()), pick(y, split.test())))) {
                assertThat(given.trainingInfo()).containsEntry("validation", "given").containsEntry("best_iteration", best);
            }
            // The same seed gives the same model.
            try (Predictor again = LightGbmLearner.GBDT.fit(x, y, Task.BINARY, 2, Map.of(), ctx)) {
                assertThat(new String(again.save().bytes(), StandardCharsets.UTF_8)).isEqualTo(text);
            }
        }

        @Test
        void aValidationSetFromTheCallerIsWatchedAndNotRefitted() {
            Object[] valid = imbalanced(300, 8);
            FitContext ctx = new FitContext(11, 1, (FeatureMatrix) valid[0], (double[]) valid[1]);
            try (Predictor p = LightGbmLearner.GBDT.fit(x, y, Task.BINARY, 2, Map.of(), ctx)) {
                Map<String, Object> info = p.trainingInfo();
                assertThat(info).containsEntry("validation", "given").containsEntry("validation_rows", 300);
                assertThat(trees(new String(p.save().bytes(), StandardCharsets.UTF_8))).isEqualTo(info.get("best_iteration"));
            }
        }

        @Test
        void turningItOffTrainsTheFixedRoundsOnEveryRow() {
            try (Predictor p = LightGbmLearner.GBDT.fit(x, y, Task.BINARY, 2, Map.of("early_stopping_rounds", 0),
                    new FitContext(11, 1, null, null))) {
                assertThat(p.trainingInfo()).containsEntry("iterations", 100).doesNotContainKeys("best_iteration", "validation");
            }
        }
    }

    /** Seeded binary rows with about a quarter positive. */
    static Object[] imbalanced(int n, long seed) {
        double[][] d = TestData.binary(n, seed);
        double[] y = d[1];
        // Flip most positives to negatives by a fixed rule on a noise feature, keeping the signal for the rest.
        for (int i = 0; i < n; i++) {
            if (y[i] == 1 && d[0][i * 5 + 4] < 0) {
                y[i] = 0;
            }
        }
        return new Object[] {new FeatureMatrix(d[0], n, 5, LearnersTest.NAMES, null), y};
    }

    private static int trees(String modelText) {
        Matcher m = Pattern.compile("(?m)^Tree=").matcher(modelText);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    private static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }
}
