/**
 * Cerulean's machine-learning library. It knows nothing of the server: data access and profiling
 * through DuckDB, frames, featurizers, learners, metrics, validation, tuning. Usable from plain Java.
 */
package dev.cerulean.ml;
