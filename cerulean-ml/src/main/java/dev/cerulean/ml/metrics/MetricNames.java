package dev.cerulean.ml.metrics;

import java.util.List;
import java.util.Set;

/** Azure ML's metric names, and which way is better. */
public final class MetricNames {
    public static final String ACCURACY = "accuracy";
    public static final String AUC_WEIGHTED = "AUC_weighted";
    public static final String AUC_MACRO = "AUC_macro";
    public static final String AUC_MICRO = "AUC_micro";
    public static final String AP_WEIGHTED = "average_precision_score_weighted";
    public static final String AP_MACRO = "average_precision_score_macro";
    public static final String AP_MICRO = "average_precision_score_micro";
    public static final String LOG_LOSS = "log_loss";
    public static final String F1_MACRO = "f1_score_macro";
    public static final String F1_MICRO = "f1_score_micro";
    public static final String F1_WEIGHTED = "f1_score_weighted";
    public static final String PRECISION_MACRO = "precision_score_macro";
    public static final String PRECISION_MICRO = "precision_score_micro";
    public static final String PRECISION_WEIGHTED = "precision_score_weighted";
    public static final String RECALL_MACRO = "recall_score_macro";
    public static final String RECALL_MICRO = "recall_score_micro";
    public static final String RECALL_WEIGHTED = "recall_score_weighted";
    public static final String BALANCED_ACCURACY = "balanced_accuracy";
    public static final String NORM_MACRO_RECALL = "norm_macro_recall";
    public static final String MATTHEWS = "matthews_correlation";
    public static final String WEIGHTED_ACCURACY = "weighted_accuracy";

    public static final String R2 = "r2_score";
    public static final String SPEARMAN = "spearman_correlation";
    public static final String RMSE = "root_mean_squared_error";
    public static final String NRMSE = "normalized_root_mean_squared_error";
    public static final String MAE = "mean_absolute_error";
    public static final String NMAE = "normalized_mean_absolute_error";
    public static final String RMSLE = "root_mean_squared_log_error";
    public static final String NRMSLE = "normalized_root_mean_squared_log_error";
    public static final String MEDIAN_AE = "median_absolute_error";
    public static final String EXPLAINED_VARIANCE = "explained_variance";
    /** Mean absolute percentage error, in percent (forecasting). */
    public static final String MAPE = "mean_absolute_percentage_error";
    /** Symmetric mean absolute percentage error, in percent, 0–200 (forecasting). */
    public static final String SMAPE = "symmetric_mean_absolute_percentage_error";

    /** Classification metric names, in report order. */
    public static final List<String> CLASSIFICATION = List.of(ACCURACY, AUC_WEIGHTED, AUC_MACRO, AUC_MICRO, AP_WEIGHTED,
            AP_MACRO, AP_MICRO, LOG_LOSS, F1_MACRO, F1_MICRO, F1_WEIGHTED, PRECISION_MACRO, PRECISION_MICRO,
            PRECISION_WEIGHTED, RECALL_MACRO, RECALL_MICRO, RECALL_WEIGHTED, BALANCED_ACCURACY, NORM_MACRO_RECALL, MATTHEWS,
            WEIGHTED_ACCURACY);

    /** Regression metric names, in report order. */
    public static final List<String> REGRESSION = List.of(R2, SPEARMAN, RMSE, NRMSE, MAE, NMAE, RMSLE, NRMSLE, MEDIAN_AE,
            EXPLAINED_VARIANCE);

    /** Forecasting metric names, in report order: the regression metrics, then MAPE and sMAPE. */
    public static final List<String> FORECASTING = List.of(R2, SPEARMAN, RMSE, NRMSE, MAE, NMAE, RMSLE, NRMSLE, MEDIAN_AE,
            EXPLAINED_VARIANCE, MAPE, SMAPE);

    private static final Set<String> LOWER_IS_BETTER = Set.of(LOG_LOSS, RMSE, NRMSE, MAE, NMAE, RMSLE, NRMSLE, MEDIAN_AE,
            MAPE, SMAPE);

    private MetricNames() {
    }

    /** Whether a larger value of the metric is better. */
    public static boolean higherIsBetter(String metric) {
        return !LOWER_IS_BETTER.contains(metric);
    }
}
