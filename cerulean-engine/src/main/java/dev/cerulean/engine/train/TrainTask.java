package dev.cerulean.engine.train;

import dev.cerulean.core.CancelToken;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.engine.port.RunLogger;
import dev.cerulean.ml.chart.Charts;
import dev.cerulean.ml.chart.EvaluationCharts;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.pkg.ModelPackage;
import dev.cerulean.ml.train.TrainResult;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in training job: trains one learner on a table, logs its parameters, cross-validated
 * metrics (Azure ML's names) and validation-split metrics ({@code validation_} prefixed), evaluation
 * charts and feature importance, and stores the model package under {@code model/} of the run.
 */
public final class TrainTask {
    /**
     * What to train.
     *
     * @param data            the training table
     * @param datasetHash     its content hash (recorded in the model's provenance), or null
     * @param target          the target column
     * @param task            classification or regression, or null to infer
     * @param algorithm       the learner (Cerulean's or Azure ML's name)
     * @param hyperparameters learner settings
     * @param cvFolds         cross-validation folds (0 for none)
     * @param validationSize  fraction held out for validation metrics (0 for none)
     * @param seed            the seed
     * @param groupColumn     rows sharing a value stay in one fold, or null
     * @param featureColumns  the columns to use, or null for all but the target
     * @param threads         native threads for the learner, or 0 to choose by the data's size
     */
    public record Spec(TableSource data, String datasetHash, String target, Task task, String algorithm, Map<String, Object> hyperparameters,
            int cvFolds, double validationSize, long seed, String groupColumn, List<String> featureColumns, int threads) {
    }

    /**
     * What the training produced.
     *
     * @param task         the task it solved
     * @param metrics      every metric logged, by key
     * @param modelPath    the model package's path in the run's artifacts
     * @param trainingRows rows the final model was fit on
     */
    public record Outcome(Task task, Map<String, Double> metrics, String modelPath, int trainingRows) {
    }

    private TrainTask() {
    }

    /** Trains and logs. Throws a {@link CeruleanException} naming what is wrong with the data or settings. */
    public static Outcome run(Spec spec, String runId, RunLogger logger, CancelToken cancel, Path scratch) {
        logger.log("Loading the training data (" + String.join(", ", spec.data().names()) + ")");
        Frame frame = Training.read(spec.data(), Map.of(), spec.target());
        checkCancelled(cancel);
        logger.log("Training " + spec.algorithm() + " on " + frame.rowCount() + " rows, target '" + spec.target() + "'"
                + (spec.cvFolds() > 0 ? ", " + spec.cvFolds() + "-fold cross-validation" : ""));
        TrainSpec.Builder b = TrainSpec.builder().frame(frame).target(spec.target()).task(spec.task()).algorithm(spec.algorithm())
                .hyperparameters(spec.hyperparameters()).seed(spec.seed()).cvFolds(spec.cvFolds())
                .validationFraction(spec.validationSize()).threads(spec.threads());
        if (spec.groupColumn() != null) {
            b.groupColumn(spec.groupColumn());
        }
        if (spec.featureColumns() != null && !spec.featureColumns().isEmpty()) {
            b.featureColumns(spec.featureColumns());
        }
        if (spec.datasetHash() != null) {
            b.datasetHash(spec.datasetHash());
        }
        TrainResult result = Training.train(b.build());
        checkCancelled(cancel);
        result.warnings().forEach(w -> logger.log("warning: " + w));

        Map<String, String> params = new LinkedHashMap<>();
        params.put("algorithm", spec.algorithm());
        params.put("task", result.task().name().toLowerCase(Locale.ROOT));
        params.put("target", spec.target());
        params.put("cv_folds", Integer.toString(spec.cvFolds()));
        params.put("validation_size", Double.toString(spec.validationSize()));
        params.put("seed", Long.toString(spec.seed()));
        spec.hyperparameters().forEach((k, v) -> params.put(k, String.valueOf(v)));
        logger.logParams(params);

        Map<String, Double> metrics = new LinkedHashMap<>();
        result.cvMetrics().forEach((k, v) -> metrics.put(k, v));
        result.validationMetrics().forEach((k, v) -> metrics.put("validation_" + k, v));
        metrics.put("training_rows", (double) result.trainingRows());
        metrics.put("training_seconds", result.timingsMillis().getOrDefault("total", 0L) / 1000.0);
        logger.logMetrics(finite(metrics), 0);
        for (int f = 0; f < result.foldMetrics().size(); f++) {
            Map<String, Double> fold = new LinkedHashMap<>();
            result.foldMetrics().get(f).forEach((k, v) -> fold.put("fold_" + k, v));
            logger.logMetrics(finite(fold), f);
        }
        if (!result.cvMetrics().isEmpty()) {
            logger.log("Cross-validated: " + summary(result.cvMetrics()));
        }
        if (!result.validationMetrics().isEmpty()) {
            logger.log("Validation split: " + summary(result.validationMetrics()));
        }
        if (result.cvMetrics().isEmpty() && result.validationMetrics().isEmpty()) {
            logger.log("Trained on all " + result.trainingRows() + " rows (no cross-validation or validation split, so no metrics)");
        }

        if (result.outOfFold() != null) {
            TrainResult.OutOfFold oof = result.outOfFold();
            EvaluationCharts.render(result.task(), result.classes(), oof.targets(), oof.values())
                    .forEach((file, png) -> logger.logArtifact(png, "charts/" + file));
        }
        Map<String, Double> importance = result.columnImportance();
        if (!importance.isEmpty()) {
            logger.logArtifact(Charts.bar("Feature importance (" + spec.algorithm() + ")", "importance", importance, 25),
                    "charts/feature_importance.png");
        }

        Path dir = scratch.resolve("model");
        Frame example = inputExample(frame, spec.target());
        ModelPackage.save(result.model(), dir, new ModelPackage.SaveOptions(example, runId, "model",
                Map.of("algorithm", spec.algorithm())));
        logger.logArtifact(dir, "model");
        logger.log("Stored the model package under model/");
        try {
            result.model().close();
        } catch (RuntimeException e) {
            // Native memory is freed at exit anyway; the package on disk is what matters.
        }
        return new Outcome(result.task(), metrics, "model", result.trainingRows());
    }

    /** The model package's input example: the first five rows of the training data, without the target. */
    public static Frame inputExample(Frame frame, String target) {
        int[] rows = new int[Math.min(5, frame.rowCount())];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return frame.take(rows).drop(List.of(target));
    }

    private static Map<String, Double> finite(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null && !v.isNaN()) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String summary(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (n++ == 4) {
                sb.append(", …");
                break;
            }
            sb.append(n == 1 ? "" : ", ").append(e.getKey()).append(String.format(Locale.ROOT, " %.4f", e.getValue()));
        }
        return sb.toString();
    }

    private static void checkCancelled(CancelToken cancel) {
        if (cancel.isCancelled()) {
            throw new CeruleanException(ErrorCode.CONFLICT, "cancelled: " + cancel.reason());
        }
    }

    static void deleteRecursively(Path p) {
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
