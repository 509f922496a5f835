package dev.cerulean.ml.metrics;

import dev.cerulean.ml.learn.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point: every metric for a task, from targets and {@link dev.cerulean.ml.learn.Predictor} output. */
public final class Metrics {
    private Metrics() {
    }

    /**
     * All metrics of the task.
     *
     * @param y       true class index (classification) or value (regression) per row
     * @param pred    the predictor's output: {@code k} probabilities per row, or one value per row
     * @param classes number of classes, ignored for regression
     */
    public static Map<String, Double> compute(Task task, double[] y, double[] pred, int classes) {
        if (task == Task.REGRESSION) {
            return RegressionMetrics.compute(y, pred);
        }
        int[] yi = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            yi[i] = (int) y[i];
        }
        return ClassificationMetrics.compute(yi, pred, classes);
    }

    /**
     * Forecasting metrics: the regression metrics ({@link RegressionMetrics#compute}) plus
     * {@link MetricNames#MAPE} and {@link MetricNames#SMAPE}, in {@link MetricNames#FORECASTING} order.
     */
    public static Map<String, Double> forecasting(double[] y, double[] pred) {
        Map<String, Double> m = new LinkedHashMap<>(RegressionMetrics.compute(y, pred));
        m.put(MetricNames.MAPE, RegressionMetrics.mape(y, pred));
        m.put(MetricNames.SMAPE, RegressionMetrics.smape(y, pred));
        return m;
    }

    /** The mean of each metric over several evaluations, skipping NaN values (NaN if all are). */
    public static Map<String, Double> mean(List<Map<String, Double>> runs) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (runs.isEmpty()) {
            return out;
        }
        for (String name : runs.get(0).keySet()) {
            double s = 0;
            int c = 0;
            for (Map<String, Double> r : runs) {
                Double v = r.get(name);
                if (v != null && !v.isNaN()) {
                    s += v;
                    c++;
                }
            }
            out.put(name, c == 0 ? Double.NaN : s / c);
        }
        return out;
    }
}
