/**
 * Benchmarks of the sweep samplers ({@code dev.cerulean.ml.tune}): best value found against the
 * number of trials on standard test functions and on a real LightGBM tuning task, with random
 * search as the baseline measured in the same run.
 */
package dev.cerulean.bench.tune;
