package dev.cerulean.ml.chart;

import dev.cerulean.ml.metrics.ConfusionMatrix;
import dev.cerulean.ml.metrics.Curves;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart rendering. Every method returns PNG bytes ({@link #write} saves them); nothing needs a display
 * (AWT runs headless). Sizes are in pixels.
 */
public final class Charts {
    /** Default width in pixels. */
    public static final int WIDTH = 640;
    /** Default height in pixels. */
    public static final int HEIGHT = 480;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** Encodes a chart as PNG. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes PNG bytes to a file (creating parent directories). */
    public static void write(byte[] png, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A line chart: one line per series, e.g. a metric against the step it was logged at.
     *
     * @param series name to {x values, y values} (equal lengths)
     */
    public static byte[] line(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = c.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(e.getValue()[0].length > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        c.getStyler().setLegendVisible(series.size() > 1);
        return png(c);
    }

    /**
     * A bar chart of named values (e.g. feature importance), in the map's order, at most {@code maxBars}.
     */
    public static byte[] bar(String title, String yLabel, Map<String, Double> values, int maxBars) {
        List<String> names = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (names.size() == maxBars) {
                break;
            }
            names.add(e.getKey().length() > 30 ? e.getKey().substring(0, 27) + "..." : e.getKey());
            v.add(e.getValue());
        }
        CategoryChart c = new CategoryChartBuilder().width(Math.max(WIDTH, 40 * names.size())).height(HEIGHT).title(title)
                .yAxisTitle(yLabel).build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(45);
        if (!names.isEmpty()) {
            c.addSeries(yLabel, names, v);
        }
        return png(c);
    }

    /** ROC curves, one per series (e.g. per class), with the chance diagonal. */
    public static byte[] roc(Map<String, List<Curves.RocPoint>> curves) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("ROC").xAxisTitle("False positive rate")
                .yAxisTitle("True positive rate").build();
        for (Map.Entry<String, List<Curves.RocPoint>> e : curves.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(Curves.RocPoint::fpr).toArray();
            double[] y = e.getValue().stream().mapToDouble(Curves.RocPoint::tpr).toArray();
            c.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
        diagonal(c, 0, 1);
        unitAxes(c);
        return png(c);
    }

    /** Precision-recall curves, one per series. */
    public static byte[] precisionRecall(Map<String, List<Curves.PrPoint>> curves) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Precision-recall").xAxisTitle("Recall")
                .yAxisTitle("Precision").build();
        for (Map.Entry<String, List<Curves.PrPoint>> e : curves.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(Curves.PrPoint::recall).toArray();
            double[] y = e.getValue().stream().mapToDouble(Curves.PrPoint::precision).toArray();
            c.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
        unitAxes(c);
        return png(c);
    }

    /** A reliability diagram: observed positive rate against mean predicted probability, per bin. */
    public static byte[] calibration(Map<String, List<Curves.CalibrationBin>> curves) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Calibration").xAxisTitle("Mean predicted probability")
                .yAxisTitle("Fraction of positives").build();
        for (Map.Entry<String, List<Curves.CalibrationBin>> e : curves.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(Curves.CalibrationBin::meanPredicted).toArray();
            double[] y = e.getValue().stream().mapToDouble(Curves.CalibrationBin::fractionPositive).toArray();
            if (x.length > 0) {
                c.addSeries(e.getKey(), x, y);
            }
        }
        diagonal(c, 0, 1);
        unitAxes(c);
        return png(c);
    }

    /** The confusion matrix as a heat map with the count in each cell; true class on the y axis. */
    public static byte[] confusionMatrix(ConfusionMatrix cm) {
        int k = cm.classes().size();
        HeatMapChart c = new HeatMapChartBuilder().width(Math.max(WIDTH, 60 * k)).height(Math.max(HEIGHT, 50 * k))
                .title("Confusion matrix").xAxisTitle("Predicted").yAxisTitle("True").build();
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, t, cm.counts()[t][p]});
            }
        }
        // Mid-blue at the top of the scale keeps the black counts readable.
        c.getStyler().setShowValue(true);
        c.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x9ECAE1), new Color(0x4292C6)});
        c.getStyler().setLegendVisible(false);
        c.addSeries("counts", cm.classes(), cm.classes(), cells);
        return png(c);
    }

    /** A histogram of residuals (true − predicted). */
    public static byte[] residualHistogram(List<Curves.Bin> bins) {
        List<String> labels = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Curves.Bin b : bins) {
            labels.add(String.format(java.util.Locale.ROOT, "%.3g", (b.low() + b.high()) / 2));
            counts.add(b.count());
        }
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title("Residuals").xAxisTitle("True − predicted")
                .yAxisTitle("Rows").build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(45);
        if (!labels.isEmpty()) {
            c.addSeries("rows", labels, counts);
        }
        return png(c);
    }

    /** Predicted against true values (a point per row, at most 5,000 drawn), with the y = x line. */
    public static byte[] predictedVsTrue(double[] yTrue, double[] yPred) {
        int n = Math.min(yTrue.length, 5000);
        double[] x = java.util.Arrays.copyOf(yTrue, n);
        double[] y = java.util.Arrays.copyOf(yPred, n);
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Predicted vs true").xAxisTitle("True")
                .yAxisTitle("Predicted").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(4);
        if (n > 0) {
            c.addSeries("rows", x, y);
            double lo = Math.min(java.util.Arrays.stream(x).min().getAsDouble(), java.util.Arrays.stream(y).min().getAsDouble());
            double hi = Math.max(java.util.Arrays.stream(x).max().getAsDouble(), java.util.Arrays.stream(y).max().getAsDouble());
            diagonal(c, lo, hi);
        }
        return png(c);
    }

    private static void diagonal(XYChart c, double lo, double hi) {
        XYSeries d = c.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi});
        d.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        d.setMarker(SeriesMarkers.NONE);
        d.setLineColor(Color.GRAY);
        d.setShowInLegend(false);
    }

    private static void unitAxes(XYChart c) {
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    }
}
