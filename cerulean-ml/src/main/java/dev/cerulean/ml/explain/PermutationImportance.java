package dev.cerulean.ml.explain;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.MetricNames;
import dev.cerulean.ml.metrics.Metrics;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.validation.Splits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Permutation feature importance (Breiman 2001; Fisher, Rudin and Dominici, "All Models are Wrong, but Many
 * are Useful", JMLR 20, 2019): for each input column, shuffle its values across the rows, score the model
 * again, and report how much the metric got worse, averaged over repeats. Works for any model; measure it on
 * rows the model did not train on, or it rewards memorisation.
 */
public final class PermutationImportance {
    private PermutationImportance() {
    }

    /**
     * The importances.
     *
     * @param importance column to mean worsening of the metric, largest first
     * @param std        column to the standard deviation over repeats
     * @param metric     the metric
     * @param baseline   the metric with no column shuffled
     * @param rows       rows used
     * @param repeats    shuffles per column
     */
    public record Result(Map<String, Double> importance, Map<String, Double> std, String metric, double baseline, int rows,
            int repeats) {
    }

    /**
     * Computes permutation importance of every input column the model uses.
     *
     * @param model   the model
     * @param x       rows to score (the model's input columns; other columns are ignored)
     * @param y       true class index (classification, in {@code model.classes()} order) or value per row
     * @param metric  a metric of the task (Azure ML name); for error metrics a rise counts as importance
     * @param repeats shuffles per column, at least 1
     * @param seed    the seed of the shuffles
     * @throws InvalidParameterException if the metric is not one of the task's, or sizes disagree
     */
    public static Result compute(Model model, Frame x, double[] y, String metric, int repeats, long seed) {
        if (x.rowCount() != y.length) {
            throw new InvalidParameterException(x.rowCount() + " rows but " + y.length + " targets", "y");
        }
        if (repeats < 1) {
            throw new InvalidParameterException("repeats must be at least 1, got " + repeats, "repeats");
        }
        Task task = model.task();
        double base = score(model, x, y, metric);
        boolean higher = MetricNames.higherIsBetter(metric);
        List<String> columns = new ArrayList<>();
        for (ModelSignature.ColumnSpec c : model.signature().inputs()) {
            if (c.required() && x.has(c.name())) {
                columns.add(c.name());
            }
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> sd = new LinkedHashMap<>();
        int n = x.rowCount();
        for (int ci = 0; ci < columns.size(); ci++) {
            String name = columns.get(ci);
            FrameColumn col = x.column(name);
            double[] drops = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                int[] perm = Splits.permutation(n, seed * 1_000_003L + ci * 101L + r);
                double s = score(model, x.with(col.take(perm)), y, metric);
                drops[r] = higher ? base - s : s - base;
            }
            double m = 0;
            for (double d : drops) {
                m += d;
            }
            m /= repeats;
            double v = 0;
            for (double d : drops) {
                v += (d - m) * (d - m);
            }
            mean.put(name, m);
            sd.put(name, repeats > 1 ? Math.sqrt(v / (repeats - 1)) : 0.0);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        mean.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        if (task == null) {
            throw new IllegalStateException("model has no task");
        }
        return new Result(sorted, sd, metric, base, n, repeats);
    }

    /** The metric of the model's predictions for {@code x}. */
    static double score(Model model, Frame x, double[] y, String metric) {
        double[] pred = model.predict(x).raw();
        Map<String, Double> m = model.task() == Task.REGRESSION ? Metrics.forecasting(y, pred)
                : Metrics.compute(model.task(), y, pred, model.classes().size());
        Double v = m.get(metric);
        if (v == null) {
            throw new InvalidParameterException("'" + metric + "' is not a " + (model.task().isClassification() ? "classification"
                    : "regression") + " metric", "metric");
        }
        return v;
    }
}
