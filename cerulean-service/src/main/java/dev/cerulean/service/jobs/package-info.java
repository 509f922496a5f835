/**
 * Jobs: submission (a spec plus uploaded snapshots of local code and data), execution on compute
 * targets (command jobs as processes, train jobs in-process), cancellation, logs, outputs, lineage,
 * and recovery when the server restarts.
 */
package dev.cerulean.service.jobs;
