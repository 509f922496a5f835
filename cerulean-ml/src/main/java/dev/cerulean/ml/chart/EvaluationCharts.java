package dev.cerulean.ml.chart;

import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.ClassificationMetrics;
import dev.cerulean.ml.metrics.ConfusionMatrix;
import dev.cerulean.ml.metrics.Curves;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard evaluation charts of a run, as Azure ML's studio shows them: for classification ROC,
 * precision-recall, calibration (one curve per class, one-vs-rest; the positive class only for binary)
 * and the confusion matrix; for regression residuals and predicted-vs-true. Feed it out-of-fold or
 * validation predictions ({@link dev.cerulean.ml.train.TrainResult#outOfFold()}).
 */
public final class EvaluationCharts {
    private EvaluationCharts() {
    }

    /**
     * Renders the charts.
     *
     * @param task        the task
     * @param classes     class labels in probability order (classification), else ignored
     * @param yTrue       true class index or value per row
     * @param predictions probabilities ({@code classes.size()} per row) or values
     * @return file name ({@code roc.png}, {@code precision_recall.png}, {@code calibration.png},
     *         {@code confusion_matrix.png}, {@code residuals.png}, {@code predicted_vs_true.png}) to PNG bytes
     */
    public static Map<String, byte[]> render(Task task, List<String> classes, double[] yTrue, double[] predictions) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (task == Task.REGRESSION) {
            out.put("residuals.png", Charts.residualHistogram(Curves.residualHistogram(yTrue, predictions, 20)));
            out.put("predicted_vs_true.png", Charts.predictedVsTrue(yTrue, predictions));
            return out;
        }
        int k = classes.size();
        int n = yTrue.length;
        Map<String, List<Curves.RocPoint>> roc = new LinkedHashMap<>();
        Map<String, List<Curves.PrPoint>> pr = new LinkedHashMap<>();
        Map<String, List<Curves.CalibrationBin>> cal = new LinkedHashMap<>();
        for (int c = k == 2 ? 1 : 0; c < k; c++) {
            boolean[] pos = new boolean[n];
            double[] score = new double[n];
            for (int i = 0; i < n; i++) {
                pos[i] = (int) yTrue[i] == c;
                score[i] = predictions[i * k + c];
            }
            roc.put(classes.get(c), Curves.roc(pos, score));
            pr.put(classes.get(c), Curves.precisionRecall(pos, score));
            cal.put(classes.get(c), Curves.calibration(pos, score, 10));
        }
        out.put("roc.png", Charts.roc(roc));
        out.put("precision_recall.png", Charts.precisionRecall(pr));
        out.put("calibration.png", Charts.calibration(cal));
        int[] yi = new int[n];
        for (int i = 0; i < n; i++) {
            yi[i] = (int) yTrue[i];
        }
        out.put("confusion_matrix.png", Charts.confusionMatrix(ConfusionMatrix.of(classes, yi,
                ClassificationMetrics.argmax(predictions, k))));
        return out;
    }
}
