package dev.cerulean.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Values worked by hand (and matching scikit-learn's documented examples). */
class MetricsTest {
    private static final double EPS = 1e-4;

    @Nested
    class Binary {
        // y = [0, 0, 1, 1], P(1) = [0.1, 0.4, 0.35, 0.8]: scikit-learn's roc_auc_score example.
        final int[] y = {0, 0, 1, 1};
        final double[] p = {0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8};
        final Map<String, Double> m = ClassificationMetrics.compute(y, p, 2);

        @Test
        void rankingMetrics() {
            assertThat(m.get("AUC_weighted")).isCloseTo(0.75, within(EPS));
            assertThat(m.get("AUC_macro")).isCloseTo(0.75, within(EPS));
            assertThat(m.get("AUC_micro")).isCloseTo(13 / 16.0, within(EPS));
            assertThat(m.get("average_precision_score_macro")).isCloseTo(0.8333 * 0.5 + apClass0() * 0.5, within(EPS));
            assertThat(m.get("log_loss")).isCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4,
                    within(1e-9));
        }

        private double apClass0() {
            // class 0 scores (P(0)): rows 0,1 are positive with 0.9, 0.6; negatives 0.65, 0.2.
            // Thresholds 0.9 (P=1, R=.5), 0.65 (P=.5, R=.5), 0.6 (P=2/3, R=1), 0.2 (P=.5, R=1): AP = .5*1 + .5*2/3.
            return 0.5 + 0.5 * 2 / 3.0;
        }

        @Test
        void thresholdMetrics() {
            // Predicted [0, 0, 0, 1]: TN 2, FP 0, FN 1, TP 1.
            assertThat(m.get("accuracy")).isCloseTo(0.75, within(EPS));
            assertThat(m.get("precision_score_macro")).isCloseTo((2 / 3.0 + 1) / 2, within(EPS));
            assertThat(m.get("recall_score_macro")).isCloseTo(0.75, within(EPS));
            assertThat(m.get("f1_score_macro")).isCloseTo((0.8 + 2 / 3.0) / 2, within(EPS));
            assertThat(m.get("f1_score_weighted")).isCloseTo((0.8 + 2 / 3.0) / 2, within(EPS));
            assertThat(m.get("f1_score_micro")).isCloseTo(0.75, within(EPS));
            assertThat(m.get("balanced_accuracy")).isCloseTo(0.75, within(EPS));
            assertThat(m.get("norm_macro_recall")).isCloseTo(0.5, within(EPS));
            assertThat(m.get("matthews_correlation")).isCloseTo(2 / Math.sqrt(12), within(EPS));
            assertThat(m.get("weighted_accuracy")).isCloseTo(0.75, within(EPS));
        }

        @Test
        void averagePrecisionMatchesScikitLearnExample() {
            boolean[] pos = {false, false, true, true};
            assertThat(Curves.averagePrecision(pos, new double[] {0.1, 0.4, 0.35, 0.8})).isCloseTo(0.8333, within(EPS));
        }
    }

    @Test
    void multiclassMetrics() {
        int[] y = {0, 1, 2, 2};
        double[] p = {0.7, 0.2, 0.1, 0.2, 0.3, 0.5, 0.1, 0.2, 0.7, 0.2, 0.5, 0.3};
        Map<String, Double> m = ClassificationMetrics.compute(y, p, 3);
        assertThat(m.get("accuracy")).isCloseTo(0.5, within(EPS));
        assertThat(m.get("precision_score_macro")).isCloseTo(0.5, within(EPS));
        assertThat(m.get("norm_macro_recall")).isCloseTo(0.25, within(EPS));
        assertThat(m.get("matthews_correlation")).isCloseTo(0.2, within(EPS));
        assertThat(m.get("weighted_accuracy")).isCloseTo(0.5, within(EPS));
        assertThat(m.get("AUC_macro")).isCloseTo((1 + 2 / 3.0 + 0.75) / 3, within(EPS));
        assertThat(m.get("AUC_weighted")).isCloseTo((1 + 2 / 3.0 + 1.5) / 4, within(EPS));
        assertThat(m.get("log_loss")).isCloseTo(-(Math.log(0.7) + Math.log(0.3)) / 2, within(1e-9));
    }

    @Test
    void regressionMetricsMatchScikitLearnExamples() {
        Map<String, Double> m = RegressionMetrics.compute(new double[] {3, -0.5, 2, 7}, new double[] {2.5, 0.0, 2, 8});
        assertThat(m.get("r2_score")).isCloseTo(0.948608, within(1e-6));
        assertThat(m.get("explained_variance")).isCloseTo(0.957173, within(1e-6));
        assertThat(m.get("mean_absolute_error")).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("root_mean_squared_error")).isCloseTo(Math.sqrt(0.375), within(1e-12));
        assertThat(m.get("normalized_root_mean_squared_error")).isCloseTo(Math.sqrt(0.375) / 7.5, within(1e-12));
        assertThat(m.get("normalized_mean_absolute_error")).isCloseTo(0.5 / 7.5, within(1e-12));
        assertThat(m.get("median_absolute_error")).isCloseTo(0.5, within(1e-12));
        assertThat(m.get("spearman_correlation")).isCloseTo(1.0, within(1e-12));
        assertThat(m.get("root_mean_squared_log_error")).isNaN();

        Map<String, Double> l = RegressionMetrics.compute(new double[] {3, 5, 2.5, 7}, new double[] {2.5, 5, 4, 8});
        assertThat(l.get("root_mean_squared_log_error")).isCloseTo(Math.sqrt(0.039730), within(1e-5));
        assertThat(l.get("normalized_root_mean_squared_log_error"))
                .isCloseTo(Math.sqrt(0.039730) / (Math.log1p(7) - Math.log1p(2.5)), within(1e-5));
    }

    @Test
    void spearmanUsesAverageRanksForTies() {
        assertThat(RegressionMetrics.ranks(new double[] {10, 20, 20, 5})).containsExactly(2, 3.5, 3.5, 1);
    }

    @Test
    void curvesHaveThePointsWorkedByHand() {
        boolean[] pos = {false, false, true, true};
        double[] s = {0.1, 0.4, 0.35, 0.8};
        List<Curves.RocPoint> roc = Curves.roc(pos, s);
        assertThat(roc).extracting(Curves.RocPoint::fpr).containsExactly(0.0, 0.0, 0.5, 0.5, 1.0);
        assertThat(roc).extracting(Curves.RocPoint::tpr).containsExactly(0.0, 0.5, 0.5, 1.0, 1.0);
        List<Curves.CalibrationBin> cal = Curves.calibration(pos, s, 2);
        assertThat(cal).hasSize(2);
        assertThat(cal.get(0).fractionPositive()).isCloseTo(1 / 3.0, within(EPS));
        assertThat(cal.get(1).count()).isEqualTo(1);
        List<Curves.Bin> h = Curves.residualHistogram(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 1}, 3);
        assertThat(h).extracting(Curves.Bin::count).containsExactly(1L, 1L, 2L);
        ConfusionMatrix cm = ConfusionMatrix.of(List.of("a", "b"), new int[] {0, 0, 1}, new int[] {0, 1, 1});
        assertThat(cm.counts()[0]).containsExactly(1, 1);
        assertThat(cm.support(0)).isEqualTo(2);
    }

    @Test
    void forecastingAddsPercentageErrorsWorkedByHand() {
        double[] y = {100, 200, 0, 50};
        double[] p = {110, 180, 5, 50};
        // MAPE skips the zero: (0.1 + 0.1 + 0) / 3; sMAPE: 2*10/210, 2*20/380, 2*5/5, 0.
        Map<String, Double> m = Metrics.forecasting(y, p);
        assertThat(m.keySet()).containsExactlyElementsOf(MetricNames.FORECASTING);
        assertThat(m.get("mean_absolute_percentage_error")).isCloseTo(100 * 0.2 / 3, within(1e-9));
        assertThat(m.get("symmetric_mean_absolute_percentage_error"))
                .isCloseTo(100 * (20.0 / 210 + 40.0 / 380 + 2 + 0) / 4, within(1e-9));
        assertThat(m.get("normalized_root_mean_squared_error")).isEqualTo(RegressionMetrics.compute(y, p)
                .get("normalized_root_mean_squared_error"));
        assertThat(RegressionMetrics.mape(new double[] {0, 0}, new double[] {1, 2})).isNaN();
        assertThat(MetricNames.higherIsBetter("symmetric_mean_absolute_percentage_error")).isFalse();
    }

    @Test
    void directionOfMetrics() {
        assertThat(MetricNames.higherIsBetter("AUC_weighted")).isTrue();
        assertThat(MetricNames.higherIsBetter("normalized_root_mean_squared_error")).isFalse();
    }
}
