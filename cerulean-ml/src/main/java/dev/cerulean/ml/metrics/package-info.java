/**
 * Evaluation metrics under Azure ML's names ({@code AUC_weighted}, {@code f1_score_macro},
 * {@code normalized_root_mean_squared_error}, ...), computed as scikit-learn computes them, and the
 * curves behind the charts: confusion matrix, ROC, precision-recall, calibration, residual histogram and
 * predicted-vs-true.
 */
package dev.cerulean.ml.metrics;
