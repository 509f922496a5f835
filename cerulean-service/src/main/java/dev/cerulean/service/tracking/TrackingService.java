package dev.cerulean.service.tracking;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.tracking.DatasetInput;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.PageToken;
import dev.cerulean.core.tracking.Param;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.core.tracking.RunInfo;
import dev.cerulean.core.tracking.SearchFilter;
import dev.cerulean.core.tracking.ViewType;
import dev.cerulean.service.Auditor;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.store.TrackingStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Experiments and runs with MLflow's semantics: its validation, limits, messages and lifecycle
 * rules. Every mutation is audited; dataset inputs that match a registered data asset version (by
 * digest or source) are linked to the run in the lineage graph.
 */
public final class TrackingService {
    /** The artifact root runs' URIs live under, served by the artifact proxy. */
    public static final String ARTIFACT_ROOT = "mlflow-artifacts:";
    /** The run tag MLflow's {@code log-model} appends each model's MLmodel to. */
    public static final String LOG_MODEL_HISTORY = "mlflow.log-model.history";
    /** Models' MLmodel JSON as MLflow's clients write it (NaN and comments allowed). */
    private static final ObjectMapper MODEL_JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.ALLOW_COMMENTS).build();

    private final TrackingStore store;
    private final DataAssetService data;
    private final LineageService lineage;
    private final Auditor auditor;
    private final Clock clock;

    public TrackingService(TrackingStore store, DataAssetService data, LineageService lineage, Auditor auditor, Clock clock) {
        this.store = store;
        this.data = data;
        this.lineage = lineage;
        this.auditor = auditor;
        this.clock = clock;
    }

    /** Creates the Default experiment (id 0) if the workspace has none. */
    public void ensureDefaultExperiment() {
        if (store.experiment(Experiment.DEFAULT_ID).isEmpty() && store.experimentByName(Experiment.DEFAULT_NAME).isEmpty()) {
            store.createExperiment(Experiment.DEFAULT_NAME, null, ARTIFACT_ROOT, Map.of(), clock.millis());
        }
    }

    // --- experiments --------------------------------------------------------------------------

    public String createExperiment(Principal p, String name, String artifactLocation, Map<String, String> tags) {
        return auditor.run(p, "experiment.create", "experiment:" + name, id -> "experiment:" + id, () -> {
            if (name == null || name.isEmpty()) {
                throw new InvalidParameterException("Invalid experiment name: '" + (name == null ? "" : name) + "'", "name");
            }
            if (name.length() > MlflowRules.MAX_EXPERIMENT_NAME_LENGTH) {
                throw new InvalidParameterException("Experiment name exceeds the maximum length of "
                        + MlflowRules.MAX_EXPERIMENT_NAME_LENGTH + " characters", "name");
            }
            if (artifactLocation != null && artifactLocation.startsWith("runs:")) {
                throw new InvalidParameterException("Artifact location cannot be a runs:/ URI. Given: '" + artifactLocation + "'",
                        "artifact_location");
            }
            tags.forEach((k, v) -> {
                MlflowRules.key("Tag", k);
                MlflowRules.length("Tag value", MlflowRules.MAX_EXPERIMENT_TAG_VALUE_LENGTH, v);
            });
            if (store.experimentByName(name).isPresent()) {
                throw new dev.cerulean.core.AlreadyExistsException("Experiment '" + name + "' already exists.", "name");
            }
            return store.createExperiment(name, blankToNull(artifactLocation), ARTIFACT_ROOT, tags, clock.millis());
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public Experiment experiment(String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter 'experiment_id'.", "experiment_id");
        }
        return store.experiment(id).orElseThrow(() -> new NotFoundException("No Experiment with id=" + id + " exists", "experiment_id"));
    }

    /** The active experiment with this name, created when there is none. */
    public Experiment experimentNamed(Principal p, String name) {
        java.util.Optional<Experiment> e = store.experimentByName(name);
        if (e.isPresent()) {
            if (!e.get().lifecycleStage().equals(Experiment.ACTIVE)) {
                throw new CeruleanException(ErrorCode.INVALID_STATE, "experiment '" + name + "' is deleted; restore it or choose another name",
                        "experiment_name");
            }
            return e.get();
        }
        return experiment(createExperiment(p, name, null, Map.of()));
    }

    public Experiment experimentByName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter 'experiment_name'.", "experiment_name");
        }
        return store.experimentByName(name)
                .orElseThrow(() -> new NotFoundException("Could not find experiment with name '" + name + "'", "experiment_name"));
    }

    public PageOf<Experiment> searchExperiments(String filter, List<String> orderBy, ViewType view, Integer maxResults, String pageToken) {
        return store.searchExperiments(SearchFilter.parse(filter, SearchFilter.Target.EXPERIMENTS),
                SearchFilter.parseOrderBy(orderBy, SearchFilter.Target.EXPERIMENTS), view, MlflowRules.maxResults(maxResults, 1000),
                PageToken.decode(pageToken));
    }

    public void renameExperiment(Principal p, String id, String newName) {
        auditor.run(p, "experiment.update", "experiment:" + id, () -> {
            Experiment e = experiment(id);
            requireActive(e);
            if (newName == null || newName.isEmpty()) {
                throw new InvalidParameterException("Invalid experiment name: '" + (newName == null ? "" : newName) + "'", "new_name");
            }
            store.renameExperiment(e.id(), newName, clock.millis());
            return null;
        });
    }

    public void deleteExperiment(Principal p, String id) {
        auditor.run(p, "experiment.delete", "experiment:" + id, () -> {
            Experiment e = experiment(id);
            if (e.id().equals(Experiment.DEFAULT_ID)) {
                throw new InvalidParameterException("Cannot delete the default experiment '0'. This is an internally reserved "
                        + "experiment.", "experiment_id");
            }
            store.setExperimentLifecycle(e.id(), Experiment.DELETED, clock.millis());
            return null;
        });
    }

    public void restoreExperiment(Principal p, String id) {
        auditor.run(p, "experiment.restore", "experiment:" + id, () -> {
            Experiment e = experiment(id);
            if (!e.lifecycleStage().equals(Experiment.DELETED)) {
                throw new CeruleanException(ErrorCode.INVALID_STATE, "Cannot restore an active experiment.", "experiment_id");
            }
            store.setExperimentLifecycle(e.id(), Experiment.ACTIVE, clock.millis());
            return null;
        });
    }

    public void setExperimentTag(Principal p, String id, String key, String value) {
        auditor.run(p, "experiment.set_tag", "experiment:" + id, () -> {
            Experiment e = experiment(id);
            requireActive(e);
            MlflowRules.key("Tag", key);
            MlflowRules.length("Tag value", MlflowRules.MAX_EXPERIMENT_TAG_VALUE_LENGTH, value);
            store.setExperimentTag(e.id(), key, value == null ? "" : value, clock.millis());
            return null;
        });
    }

    public void deleteExperimentTag(Principal p, String id, String key) {
        auditor.run(p, "experiment.delete_tag", "experiment:" + id, () -> {
            Experiment e = experiment(id);
            requireActive(e);
            if (!e.tags().containsKey(key)) {
                throw new NotFoundException("No tag with name: " + key + " in experiment " + id, "key");
            }
            store.deleteExperimentTag(e.id(), key);
            return null;
        });
    }

    private static void requireActive(Experiment e) {
        if (!e.lifecycleStage().equals(Experiment.ACTIVE)) {
            throw new CeruleanException(ErrorCode.INVALID_STATE, "The experiment " + e.id() + " must be in the 'active' state. Current "
                    + "state is " + e.lifecycleStage() + ".", "experiment_id");
        }
    }

    // --- runs ---------------------------------------------------------------------------------

    /**
     * Starts a run.
     *
     * @param experimentId the experiment, or null for the Default experiment
     * @param startTime    epoch milliseconds, or null for now
     */
    public Run createRun(Principal p, String experimentId, String userId, String runName, Long startTime, Map<String, String> tags) {
        return createRun(p, experimentId, null, "RUNNING", userId, runName, startTime, tags);
    }

    /**
     * Starts a run with a given id and status (a job's run: its id is the job's name, and it waits
     * SCHEDULED until the job starts).
     *
     * @param runId the id, or null for a new random one
     */
    public Run createRun(Principal p, String experimentId, String runId, String status, String userId, String runName, Long startTime,
            Map<String, String> tags) {
        String exp = experimentId == null || experimentId.isEmpty() ? Experiment.DEFAULT_ID : experimentId;
        return auditor.run(p, "run.create", "experiment:" + exp, r -> "run:" + r.info().runId(), () -> {
            Experiment e = experiment(exp);
            requireActive(e);
            Map<String, String> t = new LinkedHashMap<>(tags);
            t.forEach((k, v) -> {
                MlflowRules.key("Tag", k);
                MlflowRules.length("Tag value", MlflowRules.MAX_TAG_VALUE_LENGTH, v);
            });
            String name = runName != null && !runName.isEmpty() ? runName : t.getOrDefault("mlflow.runName", RunNames.next());
            t.put("mlflow.runName", name);
            String user = userId != null && !userId.isEmpty() ? userId : t.getOrDefault("mlflow.user", p.name());
            t.putIfAbsent("mlflow.user", user);
            String id = runId != null ? MlflowRules.runId(runId) : UUID.randomUUID().toString().replace("-", "");
            if (runId != null && store.runInfo(runId).isPresent()) {
                throw new dev.cerulean.core.AlreadyExistsException("a run with id '" + runId + "' already exists", "name");
            }
            String uri = e.artifactLocation().replaceAll("/+$", "") + "/" + id + "/artifacts";
            RunInfo info = new RunInfo(id, e.id(), name, user, status, startTime != null ? startTime : clock.millis(), null, uri,
                    Experiment.ACTIVE);
            store.createRun(info, t);
            return store.run(id).orElseThrow();
        });
    }

    public Run run(String runId) {
        MlflowRules.runId(runId);
        return store.run(runId).orElseThrow(() -> new NotFoundException("Run with id=" + runId + " not found", "run_id"));
    }

    public RunInfo runInfo(String runId) {
        MlflowRules.runId(runId);
        return store.runInfo(runId).orElseThrow(() -> new NotFoundException("Run with id=" + runId + " not found", "run_id"));
    }

    private RunInfo activeRun(String runId) {
        RunInfo info = runInfo(runId);
        if (!info.lifecycleStage().equals(Experiment.ACTIVE)) {
            throw new CeruleanException(ErrorCode.INVALID_STATE, "The run " + runId + " must be in the 'active' state. Current state is "
                    + info.lifecycleStage() + ".", "run_id");
        }
        return info;
    }

    public RunInfo updateRun(Principal p, String runId, String status, Long endTime, String runName) {
        return auditor.run(p, "run.update", "run:" + runId, () -> {
            activeRun(runId);
            if (status != null && !status.isEmpty() && !RunInfo.STATUSES.contains(status)) {
                throw new InvalidParameterException("Invalid value '" + status + "' for parameter 'status': expected one of "
                        + RunInfo.STATUSES, "status");
            }
            store.updateRun(runId, blankToNull(status), endTime, blankToNull(runName));
            return runInfo(runId);
        });
    }

    public void deleteRun(Principal p, String runId) {
        auditor.run(p, "run.delete", "run:" + runId, () -> {
            runInfo(runId);
            store.setRunLifecycle(runId, Experiment.DELETED, clock.millis());
            return null;
        });
    }

    public void restoreRun(Principal p, String runId) {
        auditor.run(p, "run.restore", "run:" + runId, () -> {
            runInfo(runId);
            store.setRunLifecycle(runId, Experiment.ACTIVE, null);
            return null;
        });
    }

    /**
     * Logs metrics, params and tags with MLflow's limits: at most 1000 metrics, 100 params, 100 tags
     * and 1000 items in all; params are immutable. All or nothing.
     */
    public void logBatch(Principal p, String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
        auditor.run(p, "run.log_batch", "run:" + runId, () -> {
            writeBatch(runId, metrics, params, tags);
            return null;
        });
    }

    /**
     * {@link #logBatch} with the params as MLflow's request lists them: a key may appear twice only with
     * the same value.
     *
     * @throws InvalidParameterException (target {@code params}) naming a key given two values
     */
    public void logBatch(Principal p, String runId, List<Metric> metrics, List<Param> params, Map<String, String> tags) {
        auditor.run(p, "run.log_batch", "run:" + runId, () -> {
            Map<String, String> byKey = new LinkedHashMap<>();
            for (Param x : params) {
                String before = byKey.putIfAbsent(x.key(), x.value());
                if (before != null && !before.equals(x.value())) {
                    throw new InvalidParameterException("Duplicate parameter keys have been submitted: ['" + x.key() + "']. Please ensure "
                            + "the request contains only one param value per param key.", "params");
                }
            }
            writeBatch(runId, metrics, byKey, tags);
            return null;
        });
    }

    private void writeBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
        MlflowRules.batchLimit("metrics", MlflowRules.MAX_METRICS_PER_BATCH, metrics.size());
        MlflowRules.batchLimit("params", MlflowRules.MAX_PARAMS_TAGS_PER_BATCH, params.size());
        MlflowRules.batchLimit("tags", MlflowRules.MAX_PARAMS_TAGS_PER_BATCH, tags.size());
        MlflowRules.batchLimit("metrics, params, and tags", MlflowRules.MAX_ENTITIES_PER_BATCH, metrics.size() + params.size() + tags.size());
        for (Metric m : metrics) {
            MlflowRules.key("Metric", m.key());
            if (m.timestamp() < 0) {
                throw new InvalidParameterException("Got invalid timestamp " + m.timestamp() + " for metric '" + m.key() + "' (value="
                        + m.value() + "). Timestamp must be a nonnegative long (64-bit integer) ", "timestamp");
            }
        }
        params.forEach((k, v) -> {
            MlflowRules.key("Param", k);
            MlflowRules.length("Param value", MlflowRules.MAX_PARAM_VALUE_LENGTH, v);
        });
        tags.forEach((k, v) -> {
            MlflowRules.key("Tag", k);
            MlflowRules.length("Tag value", MlflowRules.MAX_TAG_VALUE_LENGTH, v);
        });
        activeRun(runId);
        store.logBatch(runId, metrics, params, tags);
    }

    /**
     * Appends a model's MLmodel (as JSON) to the run's {@code mlflow.log-model.history} tag, as MLflow's
     * {@code log-model} does. The read and the write are one unit that holds the run, so concurrent calls
     * each add their model.
     *
     * @throws InvalidParameterException (target {@code model_json}) when the text is not JSON
     */
    public void logModel(Principal p, String runId, String modelJson) {
        auditor.run(p, "run.log_model", "run:" + runId, () -> {
            runInfo(runId);
            JsonNode model;
            try {
                model = MODEL_JSON.readTree(modelJson);
            } catch (JsonProcessingException e) {
                throw new InvalidParameterException("model_json is not valid JSON", "model_json");
            }
            store.lockRun(runId);
            String history = run(runId).tags().get(LOG_MODEL_HISTORY);
            ArrayNode models = history == null ? MODEL_JSON.createArrayNode() : readHistory(history);
            models.add(model);
            writeBatch(runId, List.of(), Map.of(), Map.of(LOG_MODEL_HISTORY, models.toString()));
            return null;
        });
    }

    private static ArrayNode readHistory(String history) {
        try {
            return MODEL_JSON.readTree(history) instanceof ArrayNode a ? a : MODEL_JSON.createArrayNode();
        } catch (JsonProcessingException e) {
            // a history that is not a list of models is started again, as MLflow's would fail to load it too
            return MODEL_JSON.createArrayNode();
        }
    }

    public void logMetric(Principal p, String runId, Metric m) {
        logBatch(p, runId, List.of(m), Map.of(), Map.of());
    }

    public void logParam(Principal p, String runId, String key, String value) {
        logBatch(p, runId, List.of(), Map.of(key, value == null ? "" : value), Map.of());
    }

    public void setTag(Principal p, String runId, String key, String value) {
        logBatch(p, runId, List.of(), Map.of(), Map.of(key, value == null ? "" : value));
    }

    public void deleteTag(Principal p, String runId, String key) {
        auditor.run(p, "run.delete_tag", "run:" + runId, () -> {
            Run r = run(runId);
            if (!r.info().lifecycleStage().equals(Experiment.ACTIVE)) {
                throw new CeruleanException(ErrorCode.INVALID_STATE, "The run " + runId + " must be in the 'active' state.", "run_id");
            }
            if (!r.tags().containsKey(key)) {
                throw new NotFoundException("No tag with name: " + key + " in run with id " + runId, "key");
            }
            store.deleteTag(runId, key);
            return null;
        });
    }

    /** Records datasets a run used, linking those that match a registered data asset version into the lineage graph. */
    public void logInputs(Principal p, String runId, List<DatasetInput> inputs) {
        auditor.run(p, "run.log_inputs", "run:" + runId, () -> {
            RunInfo info = activeRun(runId);
            MlflowRules.batchLimit("datasets", 1000, inputs.size());
            for (DatasetInput in : inputs) {
                if (in.dataset() == null || in.dataset().name() == null || in.dataset().digest() == null) {
                    throw new InvalidParameterException("A dataset input needs a dataset with a name and a digest", "datasets");
                }
                MlflowRules.length("Dataset name", 500, in.dataset().name());
                MlflowRules.length("Dataset digest", 128, in.dataset().digest());
            }
            store.logInputs(runId, info.experimentId(), inputs);
            for (DatasetInput in : inputs) {
                matchingAsset(in).ifPresent(a -> lineage.record(new LineageNode(LineageKind.DATA, a.name(), Integer.toString(a.version())),
                        new LineageNode(LineageKind.JOB, runId, ""), "input"));
            }
            return null;
        });
    }

    /** The data asset version a dataset input names, by content digest or by source. */
    private java.util.Optional<DataAsset> matchingAsset(DatasetInput in) {
        return data.matching(in.dataset().digest(), in.dataset().source());
    }

    /** A page of one metric's history. */
    public PageOf<Metric> metricHistory(String runId, String key, Integer maxResults, String pageToken) {
        runInfo(runId);
        if (key == null || key.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter 'metric_key'.", "metric_key");
        }
        int limit = MlflowRules.maxResults(maxResults, 25_000);
        long offset = PageToken.decode(pageToken);
        List<Metric> rows = store.metricHistory(runId, key, offset, limit + 1);
        return rows.size() > limit ? new PageOf<>(rows.subList(0, limit), PageToken.encode(offset + limit)) : new PageOf<>(rows, null);
    }

    /** One metric across up to 100 runs, at most {@code maxResults} steps per run. */
    public Map<String, List<Metric>> metricHistoryBulk(List<String> runIds, String key, Long startStep, Long endStep, Integer maxResults) {
        if (runIds.isEmpty()) {
            throw new InvalidParameterException("GetMetricHistoryBulkInterval request must specify at least one run_id.", "run_ids");
        }
        if (runIds.size() > 100) {
            throw new InvalidParameterException("GetMetricHistoryBulkInterval request cannot specify more than 100 run_ids. Received "
                    + runIds.size() + " run_ids.", "run_ids");
        }
        if (key == null || key.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter 'metric_key'.", "metric_key");
        }
        if (startStep != null && endStep != null && startStep > endStep) {
            throw new InvalidParameterException("end_step must be greater than start_step. Found start_step=" + startStep
                    + " and end_step=" + endStep + ".", "end_step");
        }
        int perRun = maxResults == null ? 320 : maxResults;
        if (perRun < 1 || perRun > 2500) {
            throw new InvalidParameterException("max_results must be between 1 and 2500.", "max_results");
        }
        runIds.forEach(this::runInfo);
        return store.metricHistoryBulk(runIds, key, startStep, endStep, perRun);
    }

    public PageOf<Run> searchRuns(List<String> experimentIds, String filter, List<String> orderBy, ViewType view, Integer maxResults,
            String pageToken) {
        return store.searchRuns(experimentIds, SearchFilter.parse(filter, SearchFilter.Target.RUNS),
                SearchFilter.parseOrderBy(orderBy, SearchFilter.Target.RUNS), view, MlflowRules.maxResults(maxResults, 1000),
                PageToken.decode(pageToken));
    }

    /** A PNG line chart of one metric of one run, value against step. */
    public byte[] metricChart(String runId, String key) {
        RunInfo info = runInfo(runId);
        List<Metric> points = new ArrayList<>();
        String token = null;
        do {
            PageOf<Metric> page = metricHistory(runId, key, 25_000, token);
            points.addAll(page.items());
            token = page.nextPageToken();
        } while (token != null);
        if (points.isEmpty()) {
            throw new NotFoundException("run " + runId + " has no metric '" + key + "'", "key");
        }
        double[][] xy = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            xy[0][i] = points.get(i).step();
            xy[1][i] = points.get(i).value();
        }
        return dev.cerulean.ml.chart.Charts.line(key + " — " + (info.runName() == null ? runId : info.runName()), "step", key,
                Map.of(key, xy));
    }

    /** Latest metric values by key, for convenience. */
    public static Map<String, Double> latest(Run r) {
        Map<String, Double> m = new HashMap<>();
        r.metrics().forEach(x -> m.put(x.key(), x.value()));
        return m;
    }

}
