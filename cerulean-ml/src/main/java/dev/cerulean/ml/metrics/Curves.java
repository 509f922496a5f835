package dev.cerulean.ml.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** ROC, precision-recall and calibration curves for one class against the rest, and regression diagnostics. */
public final class Curves {
    private Curves() {
    }

    /** A point of a ROC curve: at scores &gt;= threshold, the false and true positive rates. */
    public record RocPoint(double fpr, double tpr, double threshold) {
    }

    /** A point of a precision-recall curve at scores &gt;= threshold. */
    public record PrPoint(double recall, double precision, double threshold) {
    }

    /** A calibration bin: mean predicted probability, observed positive rate, rows. */
    public record CalibrationBin(double meanPredicted, double fractionPositive, long count) {
    }

    /** A histogram bin [low, high) (the last one includes high). */
    public record Bin(double low, double high, long count) {
    }

    /** A predicted-vs-true bin: true values in [low, high), with the mean and spread of their predictions. */
    public record PredictedVsTrueBin(double low, double high, double meanTrue, double meanPredicted, double stdPredicted,
            long count) {
    }

    /** Indices sorted by descending score (stable, so ties keep row order). */
    static Integer[] byScoreDescending(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
        return idx;
    }

    /**
     * The ROC curve with a point per distinct score (plus the origin), as scikit-learn's roc_curve without
     * dropping collinear points.
     *
     * @param positive whether each row is of the positive class
     * @param scores   score per row (higher = more positive)
     */
    public static List<RocPoint> roc(boolean[] positive, double[] scores) {
        Integer[] idx = byScoreDescending(scores);
        long p = 0;
        for (boolean b : positive) {
            p += b ? 1 : 0;
        }
        long n = positive.length - p;
        List<RocPoint> out = new ArrayList<>();
        out.add(new RocPoint(0, 0, Double.POSITIVE_INFINITY));
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < idx.length; i++) {
            if (positive[idx[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == idx.length - 1 || scores[idx[i + 1]] != scores[idx[i]]) {
                out.add(new RocPoint(n == 0 ? Double.NaN : fp / (double) n, p == 0 ? Double.NaN : tp / (double) p, scores[idx[i]]));
            }
        }
        return out;
    }

    /** The precision-recall curve, a point per distinct score, in order of increasing recall. */
    public static List<PrPoint> precisionRecall(boolean[] positive, double[] scores) {
        Integer[] idx = byScoreDescending(scores);
        long p = 0;
        for (boolean b : positive) {
            p += b ? 1 : 0;
        }
        List<PrPoint> out = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < idx.length; i++) {
            if (positive[idx[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == idx.length - 1 || scores[idx[i + 1]] != scores[idx[i]]) {
                out.add(new PrPoint(p == 0 ? Double.NaN : tp / (double) p, tp / (double) (tp + fp), scores[idx[i]]));
            }
        }
        return out;
    }

    /**
     * Area under the ROC curve by the Mann–Whitney statistic with average ranks for ties (equal to the
     * trapezoidal area scikit-learn computes). NaN when a class is absent.
     */
    public static double auc(boolean[] positive, double[] scores) {
        int n = scores.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[idx[k]]) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /**
     * Average precision as scikit-learn defines it: the sum over thresholds of (R_n − R_{n−1})·P_n. NaN
     * when there is no positive row.
     */
    public static double averagePrecision(boolean[] positive, double[] scores) {
        List<PrPoint> pr = precisionRecall(positive, scores);
        double ap = 0;
        double prevRecall = 0;
        for (PrPoint pt : pr) {
            if (Double.isNaN(pt.recall())) {
                return Double.NaN;
            }
            ap += (pt.recall() - prevRecall) * pt.precision();
            prevRecall = pt.recall();
        }
        return ap;
    }

    /** Reliability diagram: {@code bins} equal-width probability bins; empty bins are left out. */
    public static List<CalibrationBin> calibration(boolean[] positive, double[] probabilities, int bins) {
        double[] sum = new double[bins];
        long[] pos = new long[bins];
        long[] count = new long[bins];
        for (int i = 0; i < probabilities.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (probabilities[i] * bins)));
            sum[b] += probabilities[i];
            pos[b] += positive[i] ? 1 : 0;
            count[b]++;
        }
        List<CalibrationBin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                out.add(new CalibrationBin(sum[b] / count[b], pos[b] / (double) count[b], count[b]));
            }
        }
        return out;
    }

    /** An equal-width histogram of {@code values} (NaN skipped) over their range. */
    public static List<Bin> histogram(double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        List<Bin> out = new ArrayList<>();
        if (lo > hi) {
            return out;
        }
        if (lo == hi) {
            out.add(new Bin(lo, hi, Arrays.stream(values).filter(v -> !Double.isNaN(v)).count()));
            return out;
        }
        long[] c = new long[bins];
        double w = (hi - lo) / bins;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                c[Math.min(bins - 1, (int) ((v - lo) / w))]++;
            }
        }
        for (int b = 0; b < bins; b++) {
            out.add(new Bin(lo + b * w, b == bins - 1 ? hi : lo + (b + 1) * w, c[b]));
        }
        return out;
    }

    /** Residuals (true − predicted) histogram. */
    public static List<Bin> residualHistogram(double[] yTrue, double[] yPred, int bins) {
        double[] r = new double[yTrue.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = yTrue[i] - yPred[i];
        }
        return histogram(r, bins);
    }

    /** Predicted-vs-true in {@code bins} equal-width bins of the true value (as Azure ML's chart summarises it). */
    public static List<PredictedVsTrueBin> predictedVsTrue(double[] yTrue, double[] yPred, int bins) {
        double lo = Arrays.stream(yTrue).min().orElse(0);
        double hi = Arrays.stream(yTrue).max().orElse(0);
        double w = hi > lo ? (hi - lo) / bins : 1;
        double[] st = new double[bins];
        double[] sp = new double[bins];
        double[] sp2 = new double[bins];
        long[] c = new long[bins];
        for (int i = 0; i < yTrue.length; i++) {
            int b = Math.min(bins - 1, (int) ((yTrue[i] - lo) / w));
            st[b] += yTrue[i];
            sp[b] += yPred[i];
            sp2[b] += yPred[i] * yPred[i];
            c[b]++;
        }
        List<PredictedVsTrueBin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (c[b] > 0) {
                double m = sp[b] / c[b];
                out.add(new PredictedVsTrueBin(lo + b * w, lo + (b + 1) * w, st[b] / c[b], m,
                        Math.sqrt(Math.max(0, sp2[b] / c[b] - m * m)), c[b]));
            }
        }
        return out;
    }
}
