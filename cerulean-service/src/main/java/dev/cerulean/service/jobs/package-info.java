/**
 * Jobs: submission (a spec plus uploaded snapshots of local code and data), execution on compute
 * targets (command jobs as processes, train jobs in-process), sweeps (a controller thread per sweep
 * whose trials are child jobs on the compute pool: {@link dev.cerulean.service.jobs.SweepController}),
 * cancellation, logs, outputs, lineage, and recovery when the server restarts.
 */
package dev.cerulean.service.jobs;
