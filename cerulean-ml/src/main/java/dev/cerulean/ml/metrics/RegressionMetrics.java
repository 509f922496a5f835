package dev.cerulean.ml.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression metrics under Azure ML's names. The {@code normalized_*} ones divide by the range of the
 * true values (max − min), as Azure ML does; the log-error ones use log(1 + y) and are NaN when any true
 * or predicted value is negative (Azure ML leaves them out then).
 * {@code spearman_correlation} is Pearson's correlation of average ranks; {@code explained_variance} is
 * 1 − Var(y − ŷ)/Var(y); {@code r2_score} is 1 − SS_res/SS_tot.
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /**
     * All regression metrics.
     *
     * @return metric name to value, in {@link MetricNames#REGRESSION} order
     */
    public static Map<String, Double> compute(double[] yTrue, double[] yPred) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException(yTrue.length + " true values, " + yPred.length + " predictions");
        }
        int n = yTrue.length;
        double mean = Arrays.stream(yTrue).average().orElse(Double.NaN);
        double min = Arrays.stream(yTrue).min().orElse(Double.NaN);
        double max = Arrays.stream(yTrue).max().orElse(Double.NaN);
        double range = max - min;
        double sse = 0;
        double sst = 0;
        double sae = 0;
        double[] abs = new double[n];
        double[] res = new double[n];
        boolean negative = false;
        double sle = 0;
        for (int i = 0; i < n; i++) {
            double e = yTrue[i] - yPred[i];
            res[i] = e;
            sse += e * e;
            sst += (yTrue[i] - mean) * (yTrue[i] - mean);
            sae += Math.abs(e);
            abs[i] = Math.abs(e);
            if (yTrue[i] < 0 || yPred[i] < 0) {
                negative = true;
            } else {
                double le = Math.log1p(yTrue[i]) - Math.log1p(yPred[i]);
                sle += le * le;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(MetricNames.R2, sst == 0 ? (sse == 0 ? 1.0 : 0.0) : 1 - sse / sst);
        m.put(MetricNames.SPEARMAN, pearson(ranks(yTrue), ranks(yPred)));
        double rmse = Math.sqrt(sse / n);
        m.put(MetricNames.RMSE, rmse);
        m.put(MetricNames.NRMSE, range > 0 ? rmse / range : Double.NaN);
        double mae = sae / n;
        m.put(MetricNames.MAE, mae);
        m.put(MetricNames.NMAE, range > 0 ? mae / range : Double.NaN);
        double rmsle = negative ? Double.NaN : Math.sqrt(sle / n);
        m.put(MetricNames.RMSLE, rmsle);
        double logRange = negative ? Double.NaN : Math.log1p(max) - Math.log1p(min);
        m.put(MetricNames.NRMSLE, negative || logRange <= 0 ? Double.NaN : rmsle / logRange);
        m.put(MetricNames.MEDIAN_AE, median(abs));
        double resMean = Arrays.stream(res).average().orElse(0);
        double resVar = 0;
        for (double r : res) {
            resVar += (r - resMean) * (r - resMean);
        }
        m.put(MetricNames.EXPLAINED_VARIANCE, sst == 0 ? (resVar == 0 ? 1.0 : 0.0) : 1 - resVar / sst);
        return m;
    }

    /**
     * Mean absolute percentage error in percent: mean of |y − ŷ| / |y| × 100 over the rows whose true value is
     * not 0 (a zero has no percentage error); NaN when every true value is 0.
     */
    public static double mape(double[] yTrue, double[] yPred) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (yTrue[i] != 0) {
                s += Math.abs((yTrue[i] - yPred[i]) / yTrue[i]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : 100 * s / n;
    }

    /**
     * Symmetric mean absolute percentage error in percent (Makridakis' M3/M4 form): mean of
     * 2|y − ŷ| / (|y| + |ŷ|) × 100, from 0 to 200; a row where both are 0 counts as 0.
     */
    public static double smape(double[] yTrue, double[] yPred) {
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) {
            double den = Math.abs(yTrue[i]) + Math.abs(yPred[i]);
            s += den == 0 ? 0 : 2 * Math.abs(yTrue[i] - yPred[i]) / den;
        }
        return yTrue.length == 0 ? Double.NaN : 100 * s / yTrue.length;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Average ranks (1-based), ties sharing the mean of their positions. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }
}
