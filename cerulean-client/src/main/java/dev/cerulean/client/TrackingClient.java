package dev.cerulean.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow's REST API on a Cerulean server ({@code /api/2.0/mlflow}): experiments, runs, metric
 * histories, the model registry and the artifact proxy ({@code /api/2.0/mlflow-artifacts}). Answers
 * are core's tracking records; an MLflow error answer is thrown as the {@link dev.cerulean.core.CeruleanException}
 * its {@code error_code} stands for.
 */
public final class TrackingClient {
    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

    private final Http http;

    TrackingClient(Http http) {
        this.http = http;
    }

    // --- experiments ------------------------------------------------------------------------------

    /**
     * @param filter         MLflow's filter ({@code name LIKE 'churn%'}), or null
     * @param includeDeleted also deleted experiments
     */
    public Typed<PageOf<Experiment>> searchExperiments(String filter, boolean includeDeleted, int maxResults) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("max_results", maxResults);
        body.put("view_type", includeDeleted ? "ALL" : "ACTIVE_ONLY");
        if (filter != null) {
            body.put("filter", filter);
        }
        return MlflowMapping.page(http.post(API + "experiments/search", body), "experiments", MlflowMapping::experiment);
    }

    public Typed<Experiment> experiment(String id) {
        return MlflowMapping.entity(http.get(API + "experiments/get", Map.of("experiment_id", id)), "experiment", MlflowMapping::experiment);
    }

    public Typed<Experiment> experimentByName(String name) {
        return MlflowMapping.entity(http.get(API + "experiments/get-by-name", Map.of("experiment_name", name)), "experiment",
                MlflowMapping::experiment);
    }

    // --- runs -------------------------------------------------------------------------------------

    public Typed<Run> run(String runId) {
        return MlflowMapping.entity(http.get(API + "runs/get", Map.of("run_id", runId)), "run", MlflowMapping::run);
    }

    /** One page of a search. */
    public Typed<PageOf<Run>> searchRuns(RunSearch search) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_ids", search.experimentIds());
        if (search.filter() != null) {
            body.put("filter", search.filter());
        }
        body.put("max_results", search.maxResults());
        if (!search.orderBy().isEmpty()) {
            body.put("order_by", search.orderBy());
        }
        if (search.pageToken() != null) {
            body.put("page_token", search.pageToken());
        }
        return MlflowMapping.page(http.post(API + "runs/search", body), "runs", MlflowMapping::run);
    }

    /** Every run a search finds, page after page. */
    public List<Run> searchAllRuns(RunSearch search) {
        List<Run> runs = new ArrayList<>();
        RunSearch s = search;
        while (true) {
            PageOf<Run> page = searchRuns(s).value();
            runs.addAll(page.items());
            if (page.nextPageToken() == null) {
                return runs;
            }
            s = s.withPageToken(page.nextPageToken());
        }
    }

    /** One page of a metric's history, in the server's order (by step, then time). */
    public Typed<PageOf<Metric>> metricHistory(String runId, String key, String pageToken) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("run_id", runId);
        q.put("metric_key", key);
        q.put("page_token", pageToken);
        return MlflowMapping.page(http.get(API + "metrics/get-history", q), "metrics", MlflowMapping::metric);
    }

    // --- model registry ---------------------------------------------------------------------------

    /** @param filter MLflow's filter ({@code name LIKE 'churn%'}), or null */
    public Typed<PageOf<RegisteredModel>> searchRegisteredModels(String filter, int maxResults) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("max_results", maxResults);
        if (filter != null) {
            body.put("filter", filter);
        }
        return MlflowMapping.page(http.post(API + "registered-models/search", body), "registered_models", MlflowMapping::registeredModel);
    }

    public Typed<RegisteredModel> registeredModel(String name) {
        return MlflowMapping.entity(http.get(API + "registered-models/get", Map.of("name", name)), "registered_model",
                MlflowMapping::registeredModel);
    }

    public Typed<RegisteredModel> createRegisteredModel(String name) {
        return MlflowMapping.entity(http.post(API + "registered-models/create", Map.of("name", name)), "registered_model",
                MlflowMapping::registeredModel);
    }

    /** The version an alias points at. */
    public Typed<ModelVersion> modelVersionByAlias(String name, String alias) {
        return MlflowMapping.entity(http.get(API + "registered-models/alias", Map.of("name", name, "alias", alias)), "model_version",
                MlflowMapping::modelVersion);
    }

    /**
     * @param filter  MLflow's filter ({@code name = 'churn'})
     * @param orderBy order clauses ({@code version_number DESC})
     */
    public Typed<PageOf<ModelVersion>> searchModelVersions(String filter, List<String> orderBy, int maxResults) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filter", filter);
        body.put("max_results", maxResults);
        body.put("order_by", orderBy);
        return MlflowMapping.page(http.post(API + "model-versions/search", body), "model_versions", MlflowMapping::modelVersion);
    }

    /**
     * Registers a new version of a registered model.
     *
     * @param source      where its files are ({@code runs:/<run>/model})
     * @param runId       the run that produced it, or null
     * @param description its description, or null
     */
    public Typed<ModelVersion> createModelVersion(String name, String source, String runId, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("source", source);
        if (runId != null) {
            body.put("run_id", runId);
        }
        if (description != null) {
            body.put("description", description);
        }
        return MlflowMapping.entity(http.post(API + "model-versions/create", body), "model_version", MlflowMapping::modelVersion);
    }

    // --- artifacts --------------------------------------------------------------------------------

    /** Every file under a folder of the artifact proxy, recursively, as paths relative to that folder. */
    public List<String> artifactFiles(String folder) {
        List<String> out = new ArrayList<>();
        collect(folder, "", out);
        return out;
    }

    private void collect(String root, String rel, List<String> out) {
        JsonNode page = http.get(ARTIFACTS, Map.of("path", rel.isEmpty() ? root : root + "/" + rel));
        for (JsonNode f : page.path("files")) {
            String child = rel.isEmpty() ? f.get("path").asText() : rel + "/" + f.get("path").asText();
            if (f.path("is_dir").asBoolean()) {
                collect(root, child, out);
            } else {
                out.add(child);
            }
        }
    }

    /** Downloads one file of the artifact proxy to a local file, atomically (temporary file, then rename). */
    public void downloadArtifact(String path, Path target) throws IOException {
        Http.writeAtomically(http.stream(http.request(ARTIFACTS + "/" + Http.segments(path), Map.of()).GET().build()).body(), target);
    }
}
