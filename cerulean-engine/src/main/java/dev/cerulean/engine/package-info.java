/**
 * The engine runs work on compute targets. A {@link dev.cerulean.engine.ComputePool} is the local
 * target: a bounded number of jobs at once, the rest waiting in submission order. A
 * {@link dev.cerulean.engine.ProcessRunner} runs a command with its output captured and its whole
 * process tree killed on cancel or timeout. {@link dev.cerulean.engine.TrainTask} is the built-in
 * training job. The engine knows nothing of the store: it reports through {@link dev.cerulean.engine.RunLogger}.
 */
package dev.cerulean.engine;
