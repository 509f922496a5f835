/**
 * AutoML benchmarks: {@link dev.cerulean.bench.automl.AutoMlBenchmark} (AutoML against the built-in LightGBM
 * with default hyperparameters on every classification and regression table of the shared data) and
 * {@link dev.cerulean.bench.automl.ForecastBenchmark} (rolling-origin evaluation of each forecasting model and of
 * AutoML's pick against seasonal naive). The H2O AutoML peer lives in the separate {@code cerulean-bench-h2o}
 * module, so its old dependencies never reach a Cerulean class path.
 */
package dev.cerulean.bench.automl;
