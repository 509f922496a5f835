package dev.cerulean.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.tracking.Dataset;
import dev.cerulean.core.tracking.DatasetInput;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.FileInfo;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.Param;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.core.tracking.ViewType;
import dev.cerulean.server.Requests;
import dev.cerulean.server.Routes;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.tracking.ArtifactService;
import dev.cerulean.service.tracking.RegistryService;
import dev.cerulean.service.tracking.TrackingService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.InputStream;
import java.net.URLConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** MLflow's tracking, registry and artifact REST API over the workspace's services. */
public final class MlflowRoutes implements Routes {
    private static final String[] PREFIXES = {"/api/2.0/mlflow", "/ajax-api/2.0/mlflow", "/api/2.0/preview/mlflow"};
    private static final String[] ARTIFACT_PREFIXES = {"/api/2.0/mlflow-artifacts", "/ajax-api/2.0/mlflow-artifacts"};

    /** One MLflow operation: the request's fields and caller in, the response message out. */
    @FunctionalInterface
    private interface Op {
        ObjectNode handle(MlflowRequest r, Principal p) throws Exception;
    }

    private final TrackingService tracking;
    private final RegistryService registry;
    private final ArtifactService artifacts;
    private final Clock clock;

    public MlflowRoutes(Workspace ws, Clock clock) {
        this.tracking = ws.tracking();
        this.registry = ws.registry();
        this.artifacts = ws.runArtifacts();
        this.clock = clock;
    }

    private void on(Javalin app, String path, Op op, HandlerType... methods) {
        for (String prefix : PREFIXES) {
            for (HandlerType m : methods) {
                app.addHttpHandler(m, prefix + path, ctx -> {
                    ObjectNode out = op.handle(MlflowRequest.of(ctx), Requests.principal(ctx));
                    ctx.contentType("application/json").result(MlflowRequest.JSON.writeValueAsString(out));
                });
            }
        }
    }

    private static ObjectNode empty() {
        return MlflowJson.object();
    }

    @Override
    public void register(Javalin app) {
        HandlerType get = HandlerType.GET;
        HandlerType post = HandlerType.POST;
        HandlerType patch = HandlerType.PATCH;
        HandlerType delete = HandlerType.DELETE;

        // experiments
        on(app, "/experiments/create", (r, p) -> empty().put("experiment_id",
                tracking.createExperiment(p, r.string("name"), r.string("artifact_location"), r.keyValues("tags"))), post);
        on(app, "/experiments/get", (r, p) -> experiment(tracking.experiment(r.required("experiment_id"))), get);
        on(app, "/experiments/get-by-name", (r, p) -> experiment(tracking.experimentByName(r.required("experiment_name"))), get);
        on(app, "/experiments/search", (r, p) -> {
            PageOf<Experiment> page = tracking.searchExperiments(r.string("filter"), r.strings("order_by"),
                    ViewType.parse("view_type", r.string("view_type")), r.int32("max_results"), r.string("page_token"));
            ObjectNode o = empty();
            ArrayNode a = o.putArray("experiments");
            page.items().forEach(e -> a.add(MlflowJson.experiment(e)));
            return token(o, page);
        }, get, post);
        on(app, "/experiments/update", (r, p) -> {
            tracking.renameExperiment(p, r.required("experiment_id"), r.string("new_name"));
            return empty();
        }, post);
        on(app, "/experiments/delete", (r, p) -> {
            tracking.deleteExperiment(p, r.required("experiment_id"));
            return empty();
        }, post);
        on(app, "/experiments/restore", (r, p) -> {
            tracking.restoreExperiment(p, r.required("experiment_id"));
            return empty();
        }, post);
        on(app, "/experiments/set-experiment-tag", (r, p) -> {
            tracking.setExperimentTag(p, r.required("experiment_id"), r.required("key"), r.string("value"));
            return empty();
        }, post);
        on(app, "/experiments/delete-experiment-tag", (r, p) -> {
            tracking.deleteExperimentTag(p, r.required("experiment_id"), r.required("key"));
            return empty();
        }, post);

        // runs
        on(app, "/runs/create", (r, p) -> run(tracking.createRun(p, r.string("experiment_id"), r.string("user_id"), r.string("run_name"),
                r.int64("start_time"), r.keyValues("tags"))), post);
        on(app, "/runs/get", (r, p) -> run(tracking.run(r.runId())), get);
        on(app, "/runs/update", (r, p) -> {
            ObjectNode o = empty();
            o.set("run_info", MlflowJson.runInfo(tracking.updateRun(p, r.runId(), r.string("status"), r.int64("end_time"),
                    r.string("run_name"))));
            return o;
        }, post);
        on(app, "/runs/delete", (r, p) -> {
            tracking.deleteRun(p, r.runId());
            return empty();
        }, post);
        on(app, "/runs/restore", (r, p) -> {
            tracking.restoreRun(p, r.runId());
            return empty();
        }, post);
        on(app, "/runs/log-metric", (r, p) -> {
            tracking.logMetric(p, r.runId(), metric(r));
            return empty();
        }, post);
        on(app, "/runs/log-parameter", (r, p) -> {
            tracking.logParam(p, r.runId(), r.required("key"), r.string("value"));
            return empty();
        }, post);
        on(app, "/runs/set-tag", (r, p) -> {
            tracking.setTag(p, r.runId(), r.required("key"), r.string("value"));
            return empty();
        }, post);
        on(app, "/runs/delete-tag", (r, p) -> {
            tracking.deleteTag(p, r.runId(), r.required("key"));
            return empty();
        }, post);
        on(app, "/runs/log-batch", (r, p) -> {
            List<Metric> metrics = new ArrayList<>();
            for (MlflowRequest m : r.messages("metrics")) {
                metrics.add(metric(m));
            }
            List<Param> params = new ArrayList<>();
            for (MlflowRequest x : r.messages("params")) {
                params.add(new Param(x.required("key"), x.string("value")));
            }
            tracking.logBatch(p, r.runId(), metrics, params, r.keyValues("tags"));
            return empty();
        }, post);
        on(app, "/runs/log-model", (r, p) -> {
            tracking.logModel(p, r.runId(), r.required("model_json"));
            return empty();
        }, post);
        on(app, "/runs/log-inputs", (r, p) -> {
            List<DatasetInput> inputs = new ArrayList<>();
            for (MlflowRequest in : r.messages("datasets")) {
                MlflowRequest d = in.message("dataset");
                if (d == null) {
                    throw new InvalidParameterException("Missing value for required parameter 'dataset' in 'datasets'.", "datasets");
                }
                inputs.add(new DatasetInput(new Dataset(d.required("name"), d.required("digest"), d.required("source_type"),
                        d.required("source"), d.string("schema"), d.string("profile")), in.keyValues("tags")));
            }
            tracking.logInputs(p, r.runId(), inputs);
            return empty();
        }, post);
        on(app, "/runs/search", (r, p) -> {
            PageOf<Run> page = tracking.searchRuns(r.strings("experiment_ids"), r.string("filter"), r.strings("order_by"),
                    ViewType.parse("run_view_type", r.string("run_view_type")), r.int32("max_results"), r.string("page_token"));
            ObjectNode o = empty();
            if (!page.items().isEmpty()) {
                ArrayNode a = o.putArray("runs");
                page.items().forEach(x -> a.add(MlflowJson.run(x)));
            }
            return token(o, page);
        }, post, get);
        on(app, "/metrics/get-history", (r, p) -> {
            PageOf<Metric> page = tracking.metricHistory(r.runId(), r.required("metric_key"), r.int32("max_results"),
                    r.string("page_token"));
            ObjectNode o = empty();
            ArrayNode a = o.putArray("metrics");
            page.items().forEach(m -> a.add(MlflowJson.metric(m)));
            return token(o, page);
        }, get);
        on(app, "/metrics/get-history-bulk-interval", (r, p) -> {
            Map<String, List<Metric>> byRun = tracking.metricHistoryBulk(r.strings("run_ids"), r.string("metric_key"),
                    r.int64("start_step"), r.int64("end_step"), r.int32("max_results"));
            ObjectNode o = empty();
            ArrayNode a = o.putArray("metrics");
            byRun.forEach((run, ms) -> ms.forEach(m -> a.add(MlflowJson.metric(m).put("run_id", run))));
            return o;
        }, get);
        on(app, "/artifacts/list", (r, p) -> {
            String runId = r.runId();
            String path = r.string("path");
            ObjectNode o = empty();
            o.put("root_uri", tracking.runInfo(runId).artifactUri());
            List<FileInfo> entries = artifacts.listRun(runId, path);
            if (!entries.isEmpty()) {
                o.set("files", files(entries));
            }
            return o;
        }, get);

        registerRegistry(app, get, post, patch, delete);
        registerArtifacts(app);
    }

    private void registerRegistry(Javalin app, HandlerType get, HandlerType post, HandlerType patch, HandlerType delete) {
        on(app, "/registered-models/create", (r, p) -> model(registry.create(p, r.required("name"), r.string("description"),
                r.keyValues("tags"))), post);
        on(app, "/registered-models/get", (r, p) -> model(registry.get(r.required("name"))), get);
        on(app, "/registered-models/rename", (r, p) -> model(registry.rename(p, r.required("name"), r.string("new_name"))), post);
        on(app, "/registered-models/update", (r, p) -> model(registry.update(p, r.required("name"), r.string("description"))), patch);
        on(app, "/registered-models/delete", (r, p) -> {
            registry.delete(p, r.required("name"));
            return empty();
        }, delete);
        on(app, "/registered-models/search", (r, p) -> {
            PageOf<RegisteredModel> page = registry.search(r.string("filter"), r.strings("order_by"), r.int32("max_results"),
                    r.string("page_token"));
            ObjectNode o = empty();
            ArrayNode a = o.putArray("registered_models");
            page.items().forEach(m -> a.add(MlflowJson.registeredModel(m)));
            return token(o, page);
        }, get, post);
        on(app, "/registered-models/get-latest-versions", (r, p) -> versions("model_versions",
                registry.latestVersions(r.required("name"), r.strings("stages"))), post, get);
        on(app, "/registered-models/set-tag", (r, p) -> {
            registry.setTag(p, r.required("name"), r.required("key"), r.string("value"));
            return empty();
        }, post);
        on(app, "/registered-models/delete-tag", (r, p) -> {
            registry.deleteTag(p, r.required("name"), r.required("key"));
            return empty();
        }, delete);
        on(app, "/registered-models/alias", (r, p) -> {
            registry.setAlias(p, r.required("name"), r.required("alias"), r.required("version"));
            return empty();
        }, post);
        on(app, "/registered-models/alias", (r, p) -> {
            registry.deleteAlias(p, r.required("name"), r.required("alias"));
            return empty();
        }, delete);
        on(app, "/registered-models/alias", (r, p) -> version(registry.byAlias(r.required("name"), r.required("alias"))), get);

        on(app, "/model-versions/create", (r, p) -> version(registry.createVersion(p, r.required("name"), r.string("source"),
                r.string("run_id"), r.keyValues("tags"), r.string("run_link"), r.string("description"))), post);
        on(app, "/model-versions/get", (r, p) -> version(registry.getVersion(r.required("name"), r.required("version"))), get);
        on(app, "/model-versions/update", (r, p) -> version(registry.updateVersion(p, r.required("name"), r.required("version"),
                r.string("description"))), patch);
        on(app, "/model-versions/delete", (r, p) -> {
            registry.deleteVersion(p, r.required("name"), r.required("version"));
            return empty();
        }, delete);
        on(app, "/model-versions/transition-stage", (r, p) -> version(registry.transitionStage(p, r.required("name"),
                r.required("version"), r.required("stage"), Boolean.TRUE.equals(r.bool("archive_existing_versions")))), post);
        on(app, "/model-versions/search", (r, p) -> {
            PageOf<ModelVersion> page = registry.searchVersions(r.string("filter"), r.strings("order_by"), r.int32("max_results"),
                    r.string("page_token"));
            ObjectNode o = versions("model_versions", page.items());
            return token(o, page);
        }, get, post);
        on(app, "/model-versions/get-download-uri", (r, p) -> empty().put("artifact_uri",
                registry.downloadUri(r.required("name"), r.required("version"))), get);
        on(app, "/model-versions/set-tag", (r, p) -> {
            registry.setVersionTag(p, r.required("name"), r.required("version"), r.required("key"), r.string("value"));
            return empty();
        }, post);
        on(app, "/model-versions/delete-tag", (r, p) -> {
            registry.deleteVersionTag(p, r.required("name"), r.required("version"), r.required("key"));
            return empty();
        }, delete);
    }

    /** The mlflow-artifacts proxy: streamed upload, download, list and delete. */
    private void registerArtifacts(Javalin app) {
        for (String prefix : ARTIFACT_PREFIXES) {
            app.get(prefix + "/artifacts", ctx -> writeFiles(ctx, artifacts.list(ctx.queryParam("path"))));
            app.get(prefix + "/artifacts/<path>", ctx -> {
                String path = ctx.pathParam("path");
                ArtifactService.Artifact a = artifacts.open(path);
                if (a.isDirectory()) {
                    writeFiles(ctx, a.files());
                    return;
                }
                String type = URLConnection.guessContentTypeFromName(path);
                ctx.header("Content-Type", type == null ? "application/octet-stream" : type);
                ctx.header("Content-Length", Long.toString(a.size()));
                ctx.result(a.content());
            });
            app.put(prefix + "/artifacts/<path>", ctx -> {
                try (InputStream in = ctx.bodyInputStream()) {
                    artifacts.upload(Requests.principal(ctx), ctx.pathParam("path"), in);
                }
                ctx.contentType("application/json").result("{}");
            });
            app.delete(prefix + "/artifacts/<path>", ctx -> {
                artifacts.delete(Requests.principal(ctx), ctx.pathParam("path"));
                ctx.contentType("application/json").result("{}");
            });
        }
    }

    /** The proxy's listing: {@code {"files": [...]}}, the list present even when empty. */
    private static void writeFiles(Context ctx, List<FileInfo> entries) {
        ObjectNode o = empty();
        o.set("files", files(entries));
        ctx.contentType("application/json").result(o.toString());
    }

    /** MLflow's FileInfo list: a folder has no size. */
    private static ArrayNode files(List<FileInfo> entries) {
        ArrayNode a = MlflowJson.object().arrayNode();
        for (FileInfo e : entries) {
            ObjectNode f = a.addObject().put("path", e.path()).put("is_dir", e.isDir());
            if (!e.isDir()) {
                f.put("file_size", e.fileSize());
            }
        }
        return a;
    }

    /** A metric of a request; without a timestamp it is logged now. */
    private Metric metric(MlflowRequest r) {
        String key = r.required("key");
        Double value = r.dbl("value");
        if (value == null) {
            throw new InvalidParameterException("Missing value for required parameter 'value'.", "value");
        }
        Long ts = r.int64("timestamp");
        Long step = r.int64("step");
        return new Metric(key, value, ts == null ? clock.millis() : ts, step == null ? 0 : step);
    }

    private static ObjectNode experiment(Experiment e) {
        ObjectNode o = empty();
        o.set("experiment", MlflowJson.experiment(e));
        return o;
    }

    private static ObjectNode run(Run r) {
        ObjectNode o = empty();
        o.set("run", MlflowJson.run(r));
        return o;
    }

    private static ObjectNode model(RegisteredModel m) {
        ObjectNode o = empty();
        o.set("registered_model", MlflowJson.registeredModel(m));
        return o;
    }

    private static ObjectNode version(ModelVersion v) {
        ObjectNode o = empty();
        o.set("model_version", MlflowJson.modelVersion(v));
        return o;
    }

    private static ObjectNode versions(String field, List<ModelVersion> vs) {
        ObjectNode o = empty();
        ArrayNode a = o.putArray(field);
        vs.forEach(v -> a.add(MlflowJson.modelVersion(v)));
        return o;
    }

    private static ObjectNode token(ObjectNode o, PageOf<?> page) {
        if (page.nextPageToken() != null) {
            o.put("next_page_token", page.nextPageToken());
        }
        return o;
    }
}
