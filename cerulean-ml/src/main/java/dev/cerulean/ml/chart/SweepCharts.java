package dev.cerulean.ml.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The two charts of a hyperparameter sweep: parallel coordinates (one line per trial across its
 * hyperparameters and the primary metric) and the best value so far against the trial number.
 */
public final class SweepCharts {
    private SweepCharts() {
    }

    /**
     * One trial as the charts see it.
     *
     * @param number the trial's number
     * @param params its hyperparameters, flat (numbers, strings, booleans)
     * @param value  its primary metric value, NaN when it has none
     */
    public record Trial(int number, Map<String, Object> params, double value) {
    }

    /**
     * Parallel coordinates: an axis per hyperparameter then one for the metric, each scaled to
     * [0, 1] over the trials (numbers by value, other values as ordered categories). Trials without
     * a value are left out; lines go from blue (worst) to red (best).
     *
     * @param maximize whether larger metric values are better
     */
    public static byte[] parallelCoordinates(String metric, boolean maximize, List<Trial> trials) {
        List<Trial> done = trials.stream().filter(t -> Double.isFinite(t.value())).toList();
        List<String> axes = new ArrayList<>();
        for (Trial t : done) {
            t.params().keySet().stream().filter(k -> !axes.contains(k)).forEach(axes::add);
        }
        axes.add(metric);
        List<Scale> scales = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            List<Object> values = new ArrayList<>();
            for (Trial t : done) {
                values.add(i == axes.size() - 1 ? (Object) t.value() : t.params().get(axes.get(i)));
            }
            scales.add(Scale.of(values));
        }
        XYChart c = new XYChartBuilder().width(Math.max(Charts.WIDTH, 120 * axes.size())).height(Charts.HEIGHT)
                .title("Parallel coordinates (" + done.size() + " trials with " + metric + ")").xAxisTitle("").yAxisTitle("scaled value")
                .build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisMin(-0.05).setYAxisMax(1.05);
        c.getStyler().setXAxisMin(-0.1).setXAxisMax(axes.size() - 0.9);
        c.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-6 && i >= 0 && i < axes.size() ? axes.get((int) i) : "";
        });
        Scale metricScale = scales.get(axes.size() - 1);
        double[] xs = new double[axes.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i;
        }
        for (Trial t : done) {
            double[] ys = new double[axes.size()];
            for (int i = 0; i < axes.size(); i++) {
                Object v = i == axes.size() - 1 ? t.value() : t.params().get(axes.get(i));
                ys[i] = scales.get(i).apply(v);
            }
            XYSeries s = c.addSeries("trial " + t.number(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            double q = metricScale.apply(t.value());
            s.setLineColor(shade(maximize ? q : 1 - q));
            s.setMarkerColor(shade(maximize ? q : 1 - q));
        }
        if (done.isEmpty()) {
            c.addSeries("none", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        return Charts.png(c);
    }

    /** The best value so far after each trial that ended with a value, against the trial's number. */
    public static byte[] bestSoFar(String metric, boolean maximize, List<Trial> trials) {
        List<Trial> done = trials.stream().filter(t -> Double.isFinite(t.value())).toList();
        double[][] each = new double[2][done.size()];
        double[][] best = new double[2][done.size()];
        double b = Double.NaN;
        for (int i = 0; i < done.size(); i++) {
            Trial t = done.get(i);
            b = Double.isNaN(b) || (maximize ? t.value() > b : t.value() < b) ? t.value() : b;
            each[0][i] = t.number();
            each[1][i] = t.value();
            best[0][i] = t.number();
            best[1][i] = b;
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("trial", each);
        series.put("best so far", best);
        if (done.isEmpty()) {
            series.clear();
            series.put("no trial with " + metric, new double[][] {{0}, {0}});
        }
        return Charts.line("Best " + metric + " so far (" + (maximize ? "maximize" : "minimize") + ")", "trial", metric, series);
    }

    private static Color shade(double q) {
        double t = Double.isFinite(q) ? Math.max(0, Math.min(1, q)) : 0;
        return new Color((int) (40 + 200 * t), 60, (int) (220 - 180 * t));
    }

    /** Maps a column of values onto [0, 1]. */
    private record Scale(double min, double max, List<String> categories) {
        static Scale of(List<Object> values) {
            boolean numeric = values.stream().allMatch(v -> v instanceof Number || v == null);
            if (numeric) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (Object v : values) {
                    if (v != null && Double.isFinite(((Number) v).doubleValue())) {
                        lo = Math.min(lo, ((Number) v).doubleValue());
                        hi = Math.max(hi, ((Number) v).doubleValue());
                    }
                }
                return new Scale(lo, hi, null);
            }
            TreeSet<String> cats = new TreeSet<>();
            values.forEach(v -> cats.add(String.valueOf(v)));
            return new Scale(0, 0, List.copyOf(cats));
        }

        double apply(Object v) {
            if (categories != null) {
                int i = categories.indexOf(String.valueOf(v));
                return categories.size() <= 1 ? 0.5 : (double) i / (categories.size() - 1);
            }
            if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                return 0;
            }
            return max > min ? (n.doubleValue() - min) / (max - min) : 0.5;
        }
    }
}
