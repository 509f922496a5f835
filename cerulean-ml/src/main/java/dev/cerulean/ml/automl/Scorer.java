package dev.cerulean.ml.automl;

import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.ClassificationMetrics;
import dev.cerulean.ml.metrics.MetricNames;
import dev.cerulean.ml.metrics.Metrics;
import java.util.Arrays;

/**
 * One metric on fixed true values, computed fast enough for ensemble selection (thousands of evaluations):
 * accuracy, AUC (rank-sum on primitive arrays), log loss and the regression errors directly; other metrics
 * through {@link Metrics#compute}. Values equal those of {@link Metrics#compute} for the same inputs.
 */
final class Scorer {
    private final String metric;
    private final Task task;
    private final int k;
    private final double[] y;
    private final boolean higherIsBetter;
    private final int[] support;
    private final double yMin;
    private final double yMax;
    private final double yMean;

    Scorer(String metric, Task task, int k, double[] y) {
        this.metric = metric;
        this.task = task;
        this.k = k;
        this.y = y;
        this.higherIsBetter = MetricNames.higherIsBetter(metric);
        this.support = new int[Math.max(k, 1)];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double v : y) {
            if (task.isClassification()) {
                support[(int) v]++;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        yMin = min;
        yMax = max;
        yMean = sum / Math.max(1, y.length);
    }

    /** A scorer for the subset of rows {@code rows}. */
    Scorer subset(int[] rows) {
        double[] sub = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            sub[i] = y[rows[i]];
        }
        return new Scorer(metric, task, k, sub);
    }

    /** The true values at the given positions. */
    double[] targets(int[] positions) {
        double[] out = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = y[positions[i]];
        }
        return out;
    }

    String metric() {
        return metric;
    }

    boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Smaller is better: the metric, or its negation. NaN becomes +inf. */
    double loss(double[] pred) {
        double s = score(pred);
        return Double.isNaN(s) ? Double.POSITIVE_INFINITY : higherIsBetter ? -s : s;
    }

    /** The metric's value for these predictions ({@code k} probabilities per row, or values). */
    double score(double[] pred) {
        if (task.isClassification()) {
            switch (metric) {
                case MetricNames.ACCURACY:
                    return accuracy(pred);
                case MetricNames.AUC_WEIGHTED:
                    return auc(pred, true);
                case MetricNames.AUC_MACRO:
                    return auc(pred, false);
                case MetricNames.LOG_LOSS:
                    return logLoss(pred);
                default:
                    int[] yi = new int[y.length];
                    for (int i = 0; i < y.length; i++) {
                        yi[i] = (int) y[i];
                    }
                    return ClassificationMetrics.compute(yi, pred, k).get(metric);
            }
        }
        switch (metric) {
            case MetricNames.RMSE:
            case MetricNames.NRMSE:
            case MetricNames.R2: {
                double sse = 0;
                double sst = 0;
                for (int i = 0; i < y.length; i++) {
                    double e = y[i] - pred[i];
                    sse += e * e;
                    sst += (y[i] - yMean) * (y[i] - yMean);
                }
                double rmse = Math.sqrt(sse / y.length);
                if (metric.equals(MetricNames.RMSE)) {
                    return rmse;
                }
                if (metric.equals(MetricNames.NRMSE)) {
                    return yMax > yMin ? rmse / (yMax - yMin) : Double.NaN;
                }
                return sst == 0 ? (sse == 0 ? 1.0 : 0.0) : 1 - sse / sst;
            }
            case MetricNames.MAE:
            case MetricNames.NMAE: {
                double sae = 0;
                for (int i = 0; i < y.length; i++) {
                    sae += Math.abs(y[i] - pred[i]);
                }
                double mae = sae / y.length;
                return metric.equals(MetricNames.MAE) ? mae : yMax > yMin ? mae / (yMax - yMin) : Double.NaN;
            }
            default:
                return Metrics.forecasting(y, pred).get(metric);
        }
    }

    private double accuracy(double[] p) {
        int n = y.length;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (p[i * k + c] > p[i * k + best]) {
                    best = c;
                }
            }
            if (best == (int) y[i]) {
                correct++;
            }
        }
        return n == 0 ? Double.NaN : correct / (double) n;
    }

    private double logLoss(double[] p) {
        double ll = 0;
        for (int i = 0; i < y.length; i++) {
            double q = Math.min(Math.max(p[i * k + (int) y[i]], 1e-15), 1 - 1e-15);
            ll -= Math.log(q);
        }
        return ll / y.length;
    }

    /** One-vs-rest AUC per present class by the Mann-Whitney rank sum (ties share ranks), averaged. */
    private double auc(double[] p, boolean weighted) {
        int n = y.length;
        double[] s = new double[n];
        double[] sorted = new double[n];
        double total = 0;
        double weights = 0;
        int classesToScore = k == 2 ? 1 : k;
        for (int c = 0; c < classesToScore; c++) {
            int cls = k == 2 ? 1 : c;
            long pos = support[cls];
            long neg = n - pos;
            if (pos == 0 || neg == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                s[i] = p[i * k + cls];
            }
            System.arraycopy(s, 0, sorted, 0, n);
            Arrays.sort(sorted);
            double rankSum = 0;
            for (int i = 0; i < n; i++) {
                if ((int) y[i] == cls) {
                    int lo = lowerBound(sorted, s[i]);
                    int hi = upperBound(sorted, s[i]);
                    rankSum += (lo + 1 + hi) / 2.0;
                }
            }
            double a = (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
            if (k == 2) {
                // Binary: both classes' AUCs are equal, so macro = weighted = this.
                return a;
            }
            double w = weighted ? pos : 1;
            total += a * w;
            weights += w;
        }
        return weights == 0 ? Double.NaN : total / weights;
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
