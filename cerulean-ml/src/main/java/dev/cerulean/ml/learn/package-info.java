/**
 * Learners for binary/multiclass classification and regression, each with typed hyperparameters
 * ({@code *Params} records with builders and {@code validate()}) and an explicit seed: gradient-boosted
 * trees (XGBoost4J, LightGBM), random forest and extremely randomized trees (LightGBM's
 * {@code boosting=rf}), elastic-net linear and logistic regression (coordinate descent, written here),
 * and k-nearest neighbours. {@link dev.cerulean.ml.learn.Learners} resolves names and Azure ML aliases.
 */
package dev.cerulean.ml.learn;
