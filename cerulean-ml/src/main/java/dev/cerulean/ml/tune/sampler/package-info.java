/**
 * The samplers behind {@link dev.cerulean.ml.tune.Sampler}: {@link dev.cerulean.ml.tune.sampler.GridSampler},
 * {@link dev.cerulean.ml.tune.sampler.RandomSampler} (random draws or a scrambled Sobol sequence),
 * {@link dev.cerulean.ml.tune.sampler.BayesianSampler} (Gaussian process with expected
 * improvement) and {@link dev.cerulean.ml.tune.sampler.CfoSampler} (FLAML's FLOW2 local search),
 * created by {@link dev.cerulean.ml.tune.sampler.Samplers#create}. They share the
 * {@link dev.cerulean.ml.tune.sampler.UnitCube} view of a search space, which AutoML can reuse to
 * build its own searches. The Gaussian process and the Sobol sequence are internal.
 */
package dev.cerulean.ml.tune.sampler;
