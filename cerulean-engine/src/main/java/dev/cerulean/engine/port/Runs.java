package dev.cerulean.engine.port;

import dev.cerulean.core.Principal;
import dev.cerulean.engine.JobLog;
import java.util.List;
import java.util.Map;

/** The MLflow runs that work reports into: the job's own run and the child runs of its trials. */
public interface Runs {
    /** Reports into a run on the owner's behalf; its progress lines go to {@code log}. */
    RunLogger logger(Principal owner, String runId, JobLog log);

    /**
     * Creates a run, {@code RUNNING}, as a child of {@code parentRunId} in the experiment.
     *
     * @return the new run's id
     */
    String createChild(Principal owner, String experimentId, String parentRunId, String runName, Map<String, String> tags, long startMillis);

    /** Ends a run: FINISHED when {@code ok}, else FAILED. */
    void end(Principal owner, String runId, boolean ok, long endMillis);

    /** The last value a run logged for each metric key. */
    Map<String, Double> latestMetrics(String runId);

    /** Every value a run logged for one metric, in step order (then time). */
    List<Double> history(String runId, String key);

    /** Where a job's processes reach the tracking server ({@code MLFLOW_TRACKING_URI}), or null when no server listens. */
    String trackingUri();
}
