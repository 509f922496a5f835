package dev.cerulean.ml.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Classification metrics under Azure ML's names, computed as scikit-learn does (Azure ML's AutoML
 * delegates to it):
 * <ul>
 * <li>AUC and average precision per class one-vs-rest; {@code _macro} averages the classes present in
 * the truth, {@code _weighted} weights them by support, {@code _micro} scores all (row, class) pairs at
 * once. Binary problems average over both classes, as Azure ML does (so macro = weighted = binary AUC).</li>
 * <li>precision/recall/F1: per class over the classes in the truth or the predictions (0 where undefined);
 * micro equals accuracy for single-label problems.</li>
 * <li>{@code balanced_accuracy}: mean recall over the classes present in the truth.</li>
 * <li>{@code norm_macro_recall}: (recall_score_macro − R)/(1 − R) with R = 1/K (0.5 for binary), so
 * chance scores 0 (not clipped: worse than chance is negative).</li>
 * <li>{@code weighted_accuracy}: accuracy with each row weighted by its true class's support.</li>
 * <li>{@code log_loss}: mean negative log probability of the true class, probabilities clipped to
 * [1e-15, 1 − 1e-15].</li>
 * <li>{@code matthews_correlation}: the multiclass R_K statistic (Gorodkin 2004), as scikit-learn.</li>
 * </ul>
 * Undefined values (e.g. AUC with one class present) are NaN.
 */
public final class ClassificationMetrics {
    private ClassificationMetrics() {
    }

    /** The predicted class per row: the most probable (first on ties). */
    public static int[] argmax(double[] proba, int k) {
        int n = proba.length / k;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (proba[i * k + c] > proba[i * k + best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * All classification metrics.
     *
     * @param yTrue class index per row, 0..k-1
     * @param proba k probabilities per row, row-major
     * @param k     number of classes (&gt;= 2)
     * @return metric name to value, in {@link MetricNames#CLASSIFICATION} order
     */
    public static Map<String, Double> compute(int[] yTrue, double[] proba, int k) {
        if (proba.length != (long) yTrue.length * k) {
            throw new IllegalArgumentException(proba.length + " probabilities for " + yTrue.length + " rows of " + k + " classes");
        }
        int n = yTrue.length;
        int[] yPred = argmax(proba, k);
        long[][] cm = new long[k][k];
        for (int i = 0; i < n; i++) {
            cm[yTrue[i]][yPred[i]]++;
        }
        long[] support = new long[k];
        long[] predicted = new long[k];
        long correct = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                support[a] += cm[a][b];
                predicted[b] += cm[a][b];
            }
            correct += cm[a][a];
        }
        Map<String, Double> m = new LinkedHashMap<>();
        double accuracy = n == 0 ? Double.NaN : correct / (double) n;
        m.put(MetricNames.ACCURACY, accuracy);

        // One-vs-rest AUC and AP per class.
        double aucMacro = 0;
        double aucWeighted = 0;
        double apMacro = 0;
        double apWeighted = 0;
        int present = 0;
        long presentSupport = 0;
        boolean[] pos = new boolean[n];
        double[] score = new double[n];
        for (int c = 0; c < k; c++) {
            if (support[c] == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                pos[i] = yTrue[i] == c;
                score[i] = proba[i * k + c];
            }
            double auc = Curves.auc(pos, score);
            double ap = Curves.averagePrecision(pos, score);
            aucMacro += auc;
            aucWeighted += auc * support[c];
            apMacro += ap;
            apWeighted += ap * support[c];
            present++;
            presentSupport += support[c];
        }
        boolean[] allPos = new boolean[n * k];
        for (int i = 0; i < n; i++) {
            allPos[i * k + yTrue[i]] = true;
        }
        m.put(MetricNames.AUC_WEIGHTED, aucWeighted / presentSupport);
        m.put(MetricNames.AUC_MACRO, aucMacro / present);
        m.put(MetricNames.AUC_MICRO, Curves.auc(allPos, proba));
        m.put(MetricNames.AP_WEIGHTED, apWeighted / presentSupport);
        m.put(MetricNames.AP_MACRO, apMacro / present);
        m.put(MetricNames.AP_MICRO, Curves.averagePrecision(allPos, proba));

        double ll = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(Math.max(proba[i * k + yTrue[i]], 1e-15), 1 - 1e-15);
            ll -= Math.log(p);
        }
        m.put(MetricNames.LOG_LOSS, ll / n);

        // Per-class precision / recall / F1 over labels in the truth or the predictions (scikit-learn's label set).
        double pMacro = 0;
        double rMacro = 0;
        double fMacro = 0;
        double pW = 0;
        double rW = 0;
        double fW = 0;
        int labels = 0;
        double recallTrueSum = 0;
        int trueLabels = 0;
        for (int c = 0; c < k; c++) {
            if (support[c] == 0 && predicted[c] == 0) {
                continue;
            }
            labels++;
            double prec = predicted[c] == 0 ? 0 : cm[c][c] / (double) predicted[c];
            double rec = support[c] == 0 ? 0 : cm[c][c] / (double) support[c];
            double f1 = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec);
            pMacro += prec;
            rMacro += rec;
            fMacro += f1;
            pW += prec * support[c];
            rW += rec * support[c];
            fW += f1 * support[c];
            if (support[c] > 0) {
                recallTrueSum += rec;
                trueLabels++;
            }
        }
        m.put(MetricNames.F1_MACRO, fMacro / labels);
        m.put(MetricNames.F1_MICRO, accuracy);
        m.put(MetricNames.F1_WEIGHTED, fW / n);
        m.put(MetricNames.PRECISION_MACRO, pMacro / labels);
        m.put(MetricNames.PRECISION_MICRO, accuracy);
        m.put(MetricNames.PRECISION_WEIGHTED, pW / n);
        double recallMacro = rMacro / labels;
        m.put(MetricNames.RECALL_MACRO, recallMacro);
        m.put(MetricNames.RECALL_MICRO, accuracy);
        m.put(MetricNames.RECALL_WEIGHTED, rW / n);
        m.put(MetricNames.BALANCED_ACCURACY, recallTrueSum / trueLabels);
        double chance = 1.0 / k;
        m.put(MetricNames.NORM_MACRO_RECALL, (recallMacro - chance) / (1 - chance));
        m.put(MetricNames.MATTHEWS, matthews(cm, support, predicted, correct, n));
        double wNum = 0;
        double wDen = 0;
        for (int c = 0; c < k; c++) {
            wNum += (double) support[c] * cm[c][c];
            wDen += (double) support[c] * support[c];
        }
        m.put(MetricNames.WEIGHTED_ACCURACY, wDen == 0 ? Double.NaN : wNum / wDen);
        return m;
    }

    private static double matthews(long[][] cm, long[] t, long[] p, long correct, long n) {
        double cov = (double) correct * n;
        double sp = 0;
        double st = 0;
        for (int c = 0; c < t.length; c++) {
            cov -= (double) p[c] * t[c];
            sp += (double) p[c] * p[c];
            st += (double) t[c] * t[c];
        }
        double den = Math.sqrt(((double) n * n - sp) * ((double) n * n - st));
        return den == 0 ? 0 : cov / den;
    }
}
