package dev.cerulean.core.tracking;

/**
 * A run's metadata.
 *
 * @param runId          32 hex characters
 * @param experimentId   its experiment
 * @param runName        display name
 * @param userId         who started it
 * @param status         RUNNING, SCHEDULED, FINISHED, FAILED or KILLED
 * @param startTime      epoch milliseconds, or null
 * @param endTime        epoch milliseconds, or null while it runs
 * @param artifactUri    {@code mlflow-artifacts:/<experiment>/<run>/artifacts}
 * @param lifecycleStage {@code active} or {@code deleted}
 */
public record RunInfo(String runId, String experimentId, String runName, String userId, String status, Long startTime,
        Long endTime, String artifactUri, String lifecycleStage) {
    public static final java.util.List<String> STATUSES = java.util.List.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
}
