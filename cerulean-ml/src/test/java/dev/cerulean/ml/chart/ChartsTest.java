package dev.cerulean.ml.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.ml.metrics.ConfusionMatrix;
import dev.cerulean.ml.metrics.Curves;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    private static BufferedImage image(byte[] png) throws IOException {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Whether the image has pixels of more than {@code n} distinct colours (something was drawn). */
    private static boolean colourful(BufferedImage img, int n) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < img.getWidth(); x += 3) {
            for (int y = 0; y < img.getHeight(); y += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        return colours.size() > n;
    }

    @Test
    void evaluationChartsForClassificationAndRegression() throws IOException {
        Map<String, byte[]> c = EvaluationCharts.render(dev.cerulean.ml.learn.Task.MULTICLASS, List.of("a", "b", "c"),
                new double[] {0, 1, 2, 2}, new double[] {0.7, 0.2, 0.1, 0.2, 0.3, 0.5, 0.1, 0.2, 0.7, 0.2, 0.5, 0.3});
        assertThat(c).containsOnlyKeys("roc.png", "precision_recall.png", "calibration.png", "confusion_matrix.png");
        for (byte[] png : c.values()) {
            assertThat(colourful(image(png), 3)).isTrue();
        }
        Map<String, byte[]> r = EvaluationCharts.render(dev.cerulean.ml.learn.Task.REGRESSION, List.of(),
                new double[] {1, 2, 3}, new double[] {1.2, 1.9, 3.3});
        assertThat(r).containsOnlyKeys("residuals.png", "predicted_vs_true.png");
    }

    @Test
    void everyChartRendersAPng() throws IOException {
        boolean[] pos = {false, true, true, false, true, false};
        double[] s = {0.1, 0.8, 0.6, 0.4, 0.9, 0.3};
        Map<String, byte[]> charts = new LinkedHashMap<>();
        charts.put("roc", Charts.roc(Map.of("class 1", Curves.roc(pos, s))));
        charts.put("pr", Charts.precisionRecall(Map.of("class 1", Curves.precisionRecall(pos, s))));
        charts.put("calibration", Charts.calibration(Map.of("class 1", Curves.calibration(pos, s, 5))));
        charts.put("confusion", Charts.confusionMatrix(ConfusionMatrix.of(List.of("no", "yes"), new int[] {0, 1, 1, 0},
                new int[] {0, 1, 0, 0})));
        charts.put("residuals", Charts.residualHistogram(Curves.residualHistogram(new double[] {1, 2, 3, 4, 5},
                new double[] {1.1, 1.7, 3.2, 4.5, 4.4}, 4)));
        charts.put("pvt", Charts.predictedVsTrue(new double[] {1, 2, 3, 4}, new double[] {1.1, 2.2, 2.7, 4.1}));
        charts.put("line", Charts.line("loss", "step", "loss", Map.of("train", new double[][] {{0, 1, 2}, {1.0, 0.6, 0.4}})));
        Map<String, Double> imp = new LinkedHashMap<>();
        imp.put("age", 10.0);
        imp.put("a very long engineered feature name that gets cut", 4.0);
        charts.put("bar", Charts.bar("Feature importance", "gain", imp, 20));
        for (Map.Entry<String, byte[]> e : charts.entrySet()) {
            BufferedImage img = image(e.getValue());
            assertThat(img.getWidth()).as(e.getKey()).isGreaterThanOrEqualTo(Charts.WIDTH);
            assertThat(img.getHeight()).as(e.getKey()).isGreaterThanOrEqualTo(Charts.HEIGHT);
            assertThat(colourful(img, 3)).as(e.getKey()).isTrue();
            Charts.write(e.getValue(), dir.resolve(e.getKey() + ".png"));
        }
        assertThat(dir.resolve("roc.png")).exists();
    }
}
