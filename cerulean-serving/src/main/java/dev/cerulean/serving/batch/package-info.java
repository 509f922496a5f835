/**
 * Batch scoring, independent of how a job is tracked: {@link dev.cerulean.serving.batch.BatchScorer#run}
 * scores a table (in mini-batches of rows) or a folder of tabular files (in mini-batches of files)
 * with a model, in parallel, retrying failed or timed-out mini-batches, isolating the rows that
 * still fail, and writing predictions keyed by file and row (or an id column) with a summary that
 * accounts for every input row. Callers report progress and may cancel.
 */
package dev.cerulean.serving.batch;
