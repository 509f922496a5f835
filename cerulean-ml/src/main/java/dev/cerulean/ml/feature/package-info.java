/**
 * Featurization fitted on training data only and saved with the model: imputation with missing
 * indicators, one-hot / ordinal / frequency / out-of-fold target encoding of categoricals, datetime
 * parts, hashed n-grams of text, standardisation, and dropping of constant, all-missing and ID-like
 * columns. {@link dev.cerulean.ml.feature.Featurizer} turns a {@link dev.cerulean.ml.frame.Frame} into
 * a dense {@link dev.cerulean.ml.feature.FeatureMatrix}.
 */
package dev.cerulean.ml.feature;
