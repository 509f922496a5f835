package dev.cerulean.ml.train;

import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.CeruleanModel;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Training#train}.
 *
 * @param model              the model refit on all training rows (excluding a validation hold-out)
 * @param task               the task (inferred or given)
 * @param classes            class labels in probability order (classification), else empty
 * @param cvMetrics          mean of each metric across folds; empty without cross-validation
 * @param foldMetrics        each fold's metrics, in fold order
 * @param validationMetrics  the refit model's metrics on the validation hold-out; empty without one
 * @param outOfFold          predictions of each row by the fold model that did not see it (AutoML
 *                           ensembling input), or null without cross-validation
 * @param importance         the refit model's feature importance, computed on first use (it costs a model
 *                           dump for XGBoost); see {@link #featureImportance()} and {@link #columnImportance()}
 * @param timingsMillis      wall time per phase: {@code load}, {@code cross_validation}, {@code refit},
 *                           {@code validation}, {@code total}
 * @param warnings           dropped columns, dropped rows and other notes
 * @param trainingRows       rows the final model saw
 */
public record TrainResult(CeruleanModel model, Task task, List<String> classes, Map<String, Double> cvMetrics,
        List<Map<String, Double>> foldMetrics, Map<String, Double> validationMetrics, OutOfFold outOfFold,
        Importance importance, Map<String, Long> timingsMillis, List<String> warnings, int trainingRows) {

    /** The refit model's importance per engineered feature, largest first (empty for kNN). */
    public Map<String, Double> featureImportance() {
        return importance.byFeature();
    }

    /** The refit model's importance summed per input column, largest first (empty for kNN). */
    public Map<String, Double> columnImportance() {
        return importance.byColumn();
    }

    /** Feature importance, computed once on first use; thread-safe. */
    public static final class Importance {
        private final java.util.function.Supplier<Map<String, Double>[]> compute;
        private Map<String, Double>[] value;

        /** @param compute returns {by feature, by column} */
        public Importance(java.util.function.Supplier<Map<String, Double>[]> compute) {
            this.compute = compute;
        }

        private synchronized Map<String, Double>[] get() {
            if (value == null) {
                value = compute.get();
            }
            return value;
        }

        /** Per engineered feature, largest first. */
        public Map<String, Double> byFeature() {
            return get()[0];
        }

        /** Per input column, largest first. */
        public Map<String, Double> byColumn() {
            return get()[1];
        }
    }

    /**
     * Out-of-fold predictions.
     *
     * @param rows    row index (into the training rows, after rows with a missing target were dropped and
     *                a validation hold-out removed) of each prediction, ascending
     * @param width   values per row: the number of classes, or 1 for regression
     * @param values  {@code width} values per entry of {@code rows}, row-major (class probabilities, or values)
     * @param targets the true target per entry (class index or value)
     * @param fold    the fold that predicted each entry
     */
    public record OutOfFold(int[] rows, int width, double[] values, double[] targets, int[] fold) {
    }
}
