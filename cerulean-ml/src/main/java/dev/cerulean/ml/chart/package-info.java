/**
 * PNG charts drawn with XChart: ROC, precision-recall, calibration, confusion matrix (annotated heat
 * map), residual histogram, predicted-vs-true, and generic line (metric vs step) and bar (feature
 * importance) charts for reuse elsewhere, and a sweep's parallel coordinates and best-so-far charts
 * ({@link dev.cerulean.ml.chart.SweepCharts}).
 */
package dev.cerulean.ml.chart;
