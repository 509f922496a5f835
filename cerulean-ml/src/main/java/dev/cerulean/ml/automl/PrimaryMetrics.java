package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.metrics.MetricNames;
import java.util.List;

/**
 * Azure ML's primary metrics per task, their defaults, and validation of a requested one. Azure ML lets
 * classification optimise {@code accuracy}, {@code AUC_weighted}, {@code average_precision_score_weighted},
 * {@code norm_macro_recall}, {@code precision_score_weighted}, and regression and forecasting
 * {@code spearman_correlation}, {@code normalized_root_mean_squared_error}, {@code r2_score},
 * {@code normalized_mean_absolute_error}. Cerulean also accepts any other metric it computes for the task
 * ({@code log_loss}, {@code f1_score_macro}, {@code balanced_accuracy}, {@code root_mean_squared_error},
 * {@code mean_absolute_percentage_error}, ...).
 */
public final class PrimaryMetrics {
    /** Azure ML's classification primary metrics. */
    public static final List<String> CLASSIFICATION = List.of(MetricNames.ACCURACY, MetricNames.AUC_WEIGHTED,
            MetricNames.AP_WEIGHTED, MetricNames.NORM_MACRO_RECALL, MetricNames.PRECISION_WEIGHTED);
    /** Azure ML's regression and forecasting primary metrics. */
    public static final List<String> REGRESSION = List.of(MetricNames.SPEARMAN, MetricNames.NRMSE, MetricNames.R2,
            MetricNames.NMAE);

    private PrimaryMetrics() {
    }

    /** The default: {@code accuracy} for classification, {@code normalized_root_mean_squared_error} otherwise. */
    public static String defaultFor(AutoMlTask task) {
        return task == AutoMlTask.CLASSIFICATION ? MetricNames.ACCURACY : MetricNames.NRMSE;
    }

    /**
     * The metric to optimise: the default when {@code requested} is null, else the requested one spelled as
     * Cerulean reports it (matched ignoring case).
     *
     * @throws InvalidParameterException naming {@code primary_metric} when the task does not have the metric
     */
    public static String resolve(AutoMlTask task, String requested) {
        if (requested == null || requested.isBlank()) {
            return defaultFor(task);
        }
        List<String> all = task == AutoMlTask.CLASSIFICATION ? MetricNames.CLASSIFICATION
                : task == AutoMlTask.REGRESSION ? MetricNames.REGRESSION : MetricNames.FORECASTING;
        for (String m : all) {
            if (m.equalsIgnoreCase(requested.strip())) {
                return m;
            }
        }
        List<String> azure = task == AutoMlTask.CLASSIFICATION ? CLASSIFICATION : REGRESSION;
        String near = dev.cerulean.core.spec.Suggest.nearest(requested, all);
        throw new InvalidParameterException("primary_metric '" + requested + "' is not a " + task.wireName() + " metric"
                + (near == null ? "" : "; did you mean '" + near + "'?") + " Azure ML's " + task.wireName() + " primary metrics are "
                + String.join(", ", azure) + "; Cerulean also accepts " + String.join(", ", all.stream()
                .filter(m -> !azure.contains(m)).toList()), "primary_metric");
    }
}
