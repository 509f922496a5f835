package dev.cerulean.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.data.DatastoreService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1}: workspace, data assets, datastores, lineage, audit and spec validation. */
final class WorkspaceRoutes implements Routes {
    private final Workspace ws;
    private final ObjectMapper json;

    WorkspaceRoutes(Workspace ws, ObjectMapper json) {
        this.ws = ws;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/workspace", ctx -> ctx.json(ws.info()));

        app.post("/api/v1/data", this::createData);
        app.get("/api/v1/data", ctx -> ctx.json(Page.of(ws.data().list())));
        app.get("/api/v1/data/{name}/versions", ctx -> ctx.json(Page.of(ws.data().versions(ctx.pathParam("name")))));
        app.get("/api/v1/data/{name}/versions/{version}", ctx -> ctx.json(ws.data().get(Requests.assetRef(ctx))));
        app.get("/api/v1/data/{name}/versions/{version}/files", ctx -> ctx.json(Page.of(ws.data().files(Requests.assetRef(ctx)))));
        app.get("/api/v1/data/{name}/versions/{version}/files/<path>", this::downloadFile);
        app.get("/api/v1/data/{name}/versions/{version}/profile", ctx -> ctx.json(ws.data().profile(Requests.assetRef(ctx))));

        app.post("/api/v1/datastores", this::createDatastore);
        app.get("/api/v1/datastores", ctx -> ctx.json(Page.of(ws.datastores().list())));
        app.get("/api/v1/datastores/{name}", ctx -> ctx.json(ws.datastores().get(ctx.pathParam("name"))));

        app.get("/api/v1/lineage/{kind}/{name}", ctx -> ctx.json(ws.lineage(LineageNode.parse(ctx.pathParam("kind"), ctx.pathParam("name"),
                ""))));
        app.get("/api/v1/lineage/{kind}/{name}/{version}", ctx -> ctx.json(ws.lineage(LineageNode.parse(ctx.pathParam("kind"),
                ctx.pathParam("name"), ctx.pathParam("version")))));

        app.get("/api/v1/audit", ctx -> ctx.json(Page.of(ws.auditEvents(ctx.queryParam("principal"), ctx.queryParam("action"),
                Requests.queryInt(ctx, "limit", 100, 1, 10_000)))));

        app.post("/api/v1/specs/validate", this::validate);

        app.get("/api/v1/runs/{run}/metrics/{key}/chart.png", ctx -> ctx.contentType("image/png")
                .result(ws.tracking().metricChart(ctx.pathParam("run"), ctx.pathParam("key"))));
        app.get("/api/v1/models/{name}/versions/{version}", ctx -> ctx.json(ws.registry().version(ctx.pathParam("name"),
                ctx.pathParam("version"))));
    }

    private void createData(Context ctx) {
        ObjectNode body = Requests.jsonObject(ctx, json);
        DataAssetService.Registration r = ws.data().create(Requests.principal(ctx), body, Requests.queryBool(ctx, "reference"));
        ctx.status(r.created() ? 201 : 200).json(r.asset());
    }

    private void downloadFile(Context ctx) throws Exception {
        DataAssetService.FileContent f = ws.data().download(Requests.assetRef(ctx), ctx.pathParam("path"));
        ctx.header("Content-Type", "application/octet-stream");
        ctx.header("Content-Length", Long.toString(f.file().sizeBytes()));
        ctx.header("X-Content-SHA256", f.file().sha256());
        ctx.result(f.content());
    }

    private void createDatastore(Context ctx) {
        ObjectNode body = Requests.jsonObject(ctx, json);
        DatastoreService.Registration r = ws.datastores().create(Requests.principal(ctx), body);
        ctx.status(r.created() ? 201 : 200).json(r.datastore());
    }

    /** Validates a spec given as JSON: {@code {"kind"?: "data", "spec": {...}}}. */
    private void validate(Context ctx) {
        ObjectNode body = Requests.jsonObject(ctx, json);
        SpecKind kind = null;
        if (body.hasNonNull("kind")) {
            kind = SpecKind.fromText(body.get("kind").asText()).orElseThrow(() -> new InvalidParameterException(
                    "'kind' value '" + body.get("kind").asText() + "' is not a spec kind", "kind"));
        }
        if (!body.path("spec").isObject()) {
            throw new InvalidParameterException("'spec' is required: the spec document as a JSON object", "spec");
        }
        Spec spec = ws.specs().check((ObjectNode) body.get("spec"), "spec", null, kind);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", spec.kind().displayName());
        out.put("spec", spec.body());
        out.put("warnings", spec.warnings().stream().map(p -> p.render()).toList());
        ctx.json(out);
    }
}
