/**
 * The training facade the job engine, CLI and AutoML call: {@link dev.cerulean.ml.train.Training#train}
 * takes a {@link dev.cerulean.ml.train.TrainSpec} (data, target, task, algorithm, hyperparameters, seed,
 * resampling) and returns a {@link dev.cerulean.ml.train.TrainResult}: the model refit on all training
 * rows, cross-validated and validation metrics, out-of-fold predictions, feature importance and timings.
 */
package dev.cerulean.ml.train;
