/**
 * Explanations of trained models: model-agnostic permutation feature importance (Breiman, "Random
 * Forests", 2001; Fisher, Rudin and Dominici, JMLR 20, 2019) for any {@link dev.cerulean.ml.model.Model},
 * and exact TreeSHAP values (Lundberg et al., Nature Machine Intelligence 2, 2020) for tree models,
 * aggregated from engineered features back to the input columns they came from.
 */
package dev.cerulean.ml.explain;
