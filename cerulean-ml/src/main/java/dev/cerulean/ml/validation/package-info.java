/**
 * Seeded resampling: k-fold, stratified k-fold, group k-fold and train/validation splits. A split is a
 * list of {@link dev.cerulean.ml.validation.Fold}s of row indices; the same inputs and seed always give
 * the same folds.
 */
package dev.cerulean.ml.validation;
