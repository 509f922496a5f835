package dev.cerulean.store;

import dev.cerulean.core.tracking.DatasetInput;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.core.tracking.RunInfo;
import dev.cerulean.core.tracking.SearchFilter;
import dev.cerulean.core.tracking.ViewType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Experiments and runs (MLflow's tracking data model). Validation belongs to the service; this stores. */
public interface TrackingStore {
    /**
     * Creates an experiment; its artifact location defaults to {@code <artifactRoot>/<id>}.
     *
     * @return the new experiment's id
     * @throws dev.cerulean.core.AlreadyExistsException when the name is taken (by an active or a deleted experiment)
     */
    String createExperiment(String name, String artifactLocation, String artifactRoot, Map<String, String> tags, long now);

    Optional<Experiment> experiment(String id);

    /** The active experiment with a name, else a deleted one. */
    Optional<Experiment> experimentByName(String name);

    PageOf<Experiment> searchExperiments(List<SearchFilter.Clause> filter, List<SearchFilter.Order> orderBy, ViewType view,
            int maxResults, long offset);

    /** @throws dev.cerulean.core.AlreadyExistsException when the new name is taken */
    void renameExperiment(String id, String newName, long now);

    /** Marks an experiment and its runs deleted or active again. */
    void setExperimentLifecycle(String id, String stage, long now);

    void setExperimentTag(String id, String key, String value, long now);

    void deleteExperimentTag(String id, String key);

    void createRun(RunInfo info, Map<String, String> tags);

    Optional<RunInfo> runInfo(String runId);

    Optional<Run> run(String runId);

    /** Updates status, end time and name; null leaves a field as it is. */
    void updateRun(String runId, String status, Long endTime, String runName);

    void setRunLifecycle(String runId, String stage, Long deletedTime);

    /**
     * Appends metrics, logs params and sets tags, in one transaction.
     *
     * @throws dev.cerulean.core.InvalidParameterException when a param already has another value (nothing is written)
     */
    void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags);

    void deleteTag(String runId, String key);

    /**
     * Holds the run's row until the current unit of work ({@link Transactions}) ends, so that units that
     * read a run's data and write it back (a tag appended to) run one after the other instead of losing
     * each other's writes. Outside a unit it holds nothing.
     */
    void lockRun(String runId);

    /** The points of one metric of one run, by step then timestamp. */
    List<Metric> metricHistory(String runId, String key, long offset, int limit);

    /**
     * Points of one metric across runs with steps in [startStep, endStep], at most {@code perRun} per run,
     * spread evenly over the steps present.
     */
    Map<String, List<Metric>> metricHistoryBulk(List<String> runIds, String key, Long startStep, Long endStep, int perRun);

    PageOf<Run> searchRuns(List<String> experimentIds, List<SearchFilter.Clause> filter, List<SearchFilter.Order> orderBy,
            ViewType view, int maxResults, long offset);

    /** Records datasets a run used (idempotent per dataset). */
    void logInputs(String runId, String experimentId, List<DatasetInput> inputs);
}
