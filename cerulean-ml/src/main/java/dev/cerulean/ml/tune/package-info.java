/**
 * Hyperparameter tuning, engine-agnostic: what an Azure ML sweep job ({@code type: sweep}) says
 * and the decisions it needs, with no knowledge of jobs, runs or storage.
 *
 * <ul>
 *   <li>Spec sections, read from Jackson trees with every problem reported by field path:
 *       {@link dev.cerulean.ml.tune.SearchSpace} (Azure ML's parameter expressions:
 *       {@link dev.cerulean.ml.tune.Choice}, nested {@link dev.cerulean.ml.tune.Branch}es and the
 *       numeric {@link dev.cerulean.ml.tune.Distribution}s),
 *       {@link dev.cerulean.ml.tune.SamplingAlgorithm}, {@link dev.cerulean.ml.tune.Objective},
 *       {@link dev.cerulean.ml.tune.EarlyTerminationPolicy}, {@link dev.cerulean.ml.tune.SweepLimits},
 *       all together in {@link dev.cerulean.ml.tune.SweepSettings}, and as core spec shapes in
 *       {@link dev.cerulean.ml.tune.SweepShapes}.</li>
 *   <li>Proposing configurations: the {@link dev.cerulean.ml.tune.Sampler} interface, fed a
 *       {@link dev.cerulean.ml.tune.History} of {@link dev.cerulean.ml.tune.Observation}s and the
 *       configurations still running; implementations live in {@code dev.cerulean.ml.tune.sampler}.</li>
 *   <li>Stopping trials early: {@link dev.cerulean.ml.tune.BanditPolicy},
 *       {@link dev.cerulean.ml.tune.MedianStoppingPolicy} and
 *       {@link dev.cerulean.ml.tune.TruncationSelectionPolicy} judge
 *       {@link dev.cerulean.ml.tune.TrialProgress} and return
 *       {@link dev.cerulean.ml.tune.Termination}s with the rule and a reason.</li>
 * </ul>
 *
 * <p>A configuration is a {@code Map<String,Object>} of plain values (Long, Double, String,
 * Boolean, null, List, Map). Errors in code-built values are
 * {@link dev.cerulean.core.InvalidParameterException}s; errors in specs are
 * {@link dev.cerulean.core.spec.SpecException}s listing {@link dev.cerulean.core.spec.Problem}s.
 */
package dev.cerulean.ml.tune;
