/**
 * Model packages as MLflow model directories. {@link dev.cerulean.ml.pkg.ModelPackage#save} writes an
 * {@code MLmodel} file with a {@code cerulean} flavor (featurizer + learner, versioned by
 * {@code format_version}), the native {@code xgboost} or {@code lightgbm} flavor where the learner is
 * one, the input signature, an input example and a provenance record;
 * {@link dev.cerulean.ml.pkg.ModelPackage#load} reads those back, and also MLflow directories made
 * elsewhere with the {@code xgboost}, {@code lightgbm} and {@code onnx} flavors. Composite models (AutoML's
 * bagged models and ensembles, forecasters) are saved through {@link dev.cerulean.ml.pkg.ModelFormat}s found
 * with {@link java.util.ServiceLoader}: {@code format_version: 2} with a {@code model_type}. Every package
 * Cerulean writes holds the model's {@link dev.cerulean.core.model.Provenance} as {@code provenance.json},
 * named by the flavor's {@code provenance} field, and {@link dev.cerulean.ml.model.Model#provenance()} gives
 * it back after loading.
 */
package dev.cerulean.ml.pkg;
