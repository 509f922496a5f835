/**
 * Benchmarks of the ML library against the raw libraries it wraps, on UCI Adult (Becker and Kohavi,
 * 1996): {@link dev.cerulean.bench.ml.LightGbmQualityBenchmark} (cross-validated AUC),
 * {@link dev.cerulean.bench.ml.TrainingOverheadBenchmark} (facade overhead),
 * {@link dev.cerulean.bench.ml.LightGbmDefaultsBenchmark} (the trainer's defaults against scikit-learn's
 * HistGradientBoosting defaults on every shared classification and regression table) and
 * {@link dev.cerulean.bench.ml.PredictionThroughputBenchmark} (scoring rows/s). Each writes a Markdown
 * table to {@code bench/results/}.
 */
package dev.cerulean.bench.ml;
