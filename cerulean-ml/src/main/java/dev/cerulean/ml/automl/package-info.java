/**
 * Automated machine learning, as Azure ML's {@code automl} jobs define it: {@link dev.cerulean.ml.automl.AutoMl#run}
 * takes an {@link dev.cerulean.ml.automl.AutoMlSpec} (task, primary metric, data, validation, limits, training
 * and featurization settings), reports {@link dev.cerulean.ml.automl.Guardrail}s and trials to an
 * {@link dev.cerulean.ml.automl.AutoMlListener}, and returns an {@link dev.cerulean.ml.automl.AutoMlResult}: the
 * leaderboard and the best model, which may be a {@link dev.cerulean.ml.automl.BaggedModel} (a configuration's
 * fold models averaged) or an {@link dev.cerulean.ml.automl.EnsembleModel} (voting or stacking). Both save and
 * load as MLflow model directories through {@link dev.cerulean.ml.pkg.ModelPackage}.
 *
 * <p>Search strategy, portfolio, tuning and ensembling follow FLAML (Wang et al., MLSys 2021), AutoGluon-Tabular
 * (Erickson et al., 2020) and Caruana et al. (ICML 2004); see {@code docs/automl.md}.
 */
package dev.cerulean.ml.automl;
