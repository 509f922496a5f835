package dev.cerulean.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.jobs.JobService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /api/v1}: jobs, compute targets, blob uploads and model prediction. */
final class JobRoutes implements Routes {
    private final Workspace ws;
    private final ObjectMapper json;

    JobRoutes(Workspace ws, ObjectMapper json) {
        this.ws = ws;
        this.json = json;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/jobs", ctx -> ctx.status(201).json(ws.jobs().submit(Requests.principal(ctx), Requests.jsonObject(ctx, json))));
        app.get("/api/v1/jobs", ctx -> {
            String status = ctx.queryParam("status");
            ctx.json(Page.of(ws.jobs().list(status == null ? null : JobStatus.parse(status), ctx.queryParam("parent"),
                    Requests.queryInt(ctx, "limit", 100, 1, 10_000))));
        });
        app.get("/api/v1/jobs/{name}", ctx -> {
            var job = ws.jobs().get(ctx.pathParam("name"));
            ObjectNode o = json.valueToTree(job);
            // An AutoML job says how its search stands: best_run, primary_metric, goal, best_value.
            ws.jobs().autoMlSummary(job).ifPresent(s -> o.setAll((ObjectNode) json.valueToTree(s)));
            // A sweep also says how its search stands: best_run, best_value, trials_*.
            ws.jobs().sweepSummary(job).ifPresent(s -> o.setAll((ObjectNode) json.valueToTree(s)));
            ctx.json(o);
        });
        app.get("/api/v1/jobs/{name}/leaderboard", ctx -> ctx.json(ws.jobs().leaderboard(ctx.pathParam("name"))));
        app.post("/api/v1/jobs/{name}/cancel", ctx -> ctx.json(ws.jobs().cancel(Requests.principal(ctx), ctx.pathParam("name"))));
        app.get("/api/v1/jobs/{name}/logs", ctx -> {
            long offset = Requests.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            JobService.LogChunk c = ws.jobs().logs(ctx.pathParam("name"), offset, Requests.queryInt(ctx, "max_bytes", 65_536, 1, 4 << 20));
            ctx.json(Map.of("text", c.text(), "next_offset", c.nextOffset(), "status", c.status().toString(),
                    "ended", c.status().isTerminal()));
        });

        app.post("/api/v1/compute", ctx -> ctx.status(201).json(ws.compute().create(Requests.principal(ctx), Requests.jsonObject(ctx, json))));
        app.get("/api/v1/compute", ctx -> ctx.json(Page.of(ws.compute().list())));
        app.get("/api/v1/compute/{name}", ctx -> {
            var c = ws.compute().get(ctx.pathParam("name"));
            int[] load = ws.compute().load(c.name());
            ObjectNode o = json.valueToTree(c);
            o.put("queued_jobs", load[0]).put("running_jobs", load[1]);
            ctx.json(o);
        });
        app.delete("/api/v1/compute/{name}", ctx -> {
            ws.compute().delete(Requests.principal(ctx), ctx.pathParam("name"));
            ctx.status(204);
        });

        app.post("/api/v1/blobs/missing", ctx -> {
            ObjectNode body = Requests.jsonObject(ctx, json);
            if (!body.path("sha256").isArray()) {
                throw new InvalidParameterException("'sha256' must be a list of digests", "sha256");
            }
            List<String> digests = new ArrayList<>();
            body.get("sha256").forEach(d -> digests.add(d.asText()));
            ctx.json(Map.of("missing", ws.blobs().missing(digests)));
        });
        app.put("/api/v1/blobs/{sha256}", ctx -> {
            try (InputStream in = ctx.bodyInputStream()) {
                var b = ws.blobs().put(Requests.principal(ctx), ctx.pathParam("sha256"), in);
                ctx.status(b.created() ? 201 : 200).json(Map.of("sha256", b.sha256(), "size", b.size()));
            }
        });

        app.post("/api/v1/models/{name}/versions/{version}/predict", this::predict);
    }

    /** Scores the request body (a file; its name in {@code ?file=}) and streams the predictions as CSV. */
    private void predict(Context ctx) throws Exception {
        String file = ctx.queryParam("file");
        // Prediction fails before writing anything when the input is wrong, so the error can still be a JSON 4xx.
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (InputStream in = ctx.bodyInputStream()) {
            int rows = ws.predictions().predict(ctx.pathParam("name"), ctx.pathParam("version"), in, file, buffer);
            ctx.header("X-Rows", Integer.toString(rows));
        }
        ctx.contentType("text/csv; charset=utf-8").result(buffer.toByteArray());
    }
}
