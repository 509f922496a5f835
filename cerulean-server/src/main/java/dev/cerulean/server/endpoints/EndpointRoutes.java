package dev.cerulean.server.endpoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineEndpoint;
import dev.cerulean.server.Page;
import dev.cerulean.server.Requests;
import dev.cerulean.server.Routes;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.endpoints.BatchInvocation;
import dev.cerulean.service.endpoints.DeploymentInfo;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/online-endpoints} and {@code /api/v1/batch-endpoints}: creating, reading, changing
 * and deleting endpoints and deployments, keys, logs and batch jobs. The scoring routes are in
 * {@link ScoringRoutes}.
 */
public final class EndpointRoutes implements Routes {
    private final Workspace ws;
    private final ObjectMapper json;

    /**
     * @param metrics the server's registry, which serving's meters are published to
     */
    public EndpointRoutes(Workspace ws, ObjectMapper json, MeterRegistry metrics) {
        this.ws = ws;
        this.json = json;
        ws.endpoints().publishMetrics(metrics);
    }

    @Override
    public void register(Javalin app) {
        String online = "/api/v1/online-endpoints";
        app.post(online, ctx -> ctx.status(201).json(endpoint(ctx, ws.endpoints().create(Requests.principal(ctx),
                Requests.jsonObject(ctx, json)))));
        app.get(online, ctx -> ctx.json(Page.of(ws.endpoints().list().stream().map(e -> endpoint(ctx, e)).toList())));
        app.get(online + "/{name}", ctx -> ctx.json(endpoint(ctx, ws.endpoints().get(ctx.pathParam("name")))));
        app.patch(online + "/{name}", this::updateOnline);
        app.delete(online + "/{name}", ctx -> {
            ws.endpoints().delete(Requests.principal(ctx), ctx.pathParam("name"));
            ctx.json(Map.of("name", ctx.pathParam("name"), "deleted", true));
        });
        app.get(online + "/{name}/keys", ctx -> ctx.json(keys(ws.endpoints().keys(Requests.principal(ctx), ctx.pathParam("name")))));
        app.post(online + "/{name}/keys/regenerate", this::regenerate);
        app.post(online + "/{name}/deployments", ctx -> ctx.status(201).json(deployment(ws.endpoints().createDeployment(
                Requests.principal(ctx), ctx.pathParam("name"), Requests.jsonObject(ctx, json)))));
        app.get(online + "/{name}/deployments", ctx -> ctx.json(Page.of(ws.endpoints().deployments(ctx.pathParam("name")).stream()
                .map(this::deployment).toList())));
        app.get(online + "/{name}/deployments/{deployment}", ctx -> ctx.json(deployment(ws.endpoints().deployment(ctx.pathParam("name"),
                ctx.pathParam("deployment")))));
        app.delete(online + "/{name}/deployments/{deployment}", ctx -> {
            ws.endpoints().deleteDeployment(Requests.principal(ctx), ctx.pathParam("name"), ctx.pathParam("deployment"));
            ctx.json(Map.of("name", ctx.pathParam("deployment"), "deleted", true));
        });
        app.get(online + "/{name}/deployments/{deployment}/logs", ctx -> ctx.json(Map.of("lines", ws.endpoints().logs(ctx.pathParam("name"),
                ctx.pathParam("deployment"), Requests.queryInt(ctx, "lines", 100, 1, 2_000)))));

        String batch = "/api/v1/batch-endpoints";
        app.post(batch, ctx -> ctx.status(201).json(ws.batchEndpoints().create(Requests.principal(ctx), Requests.jsonObject(ctx, json))));
        app.get(batch, ctx -> ctx.json(Page.of(ws.batchEndpoints().list())));
        app.get(batch + "/{name}", ctx -> ctx.json(ws.batchEndpoints().get(ctx.pathParam("name"))));
        app.patch(batch + "/{name}", this::updateBatch);
        app.delete(batch + "/{name}", ctx -> {
            ws.batchEndpoints().delete(Requests.principal(ctx), ctx.pathParam("name"));
            ctx.json(Map.of("name", ctx.pathParam("name"), "deleted", true));
        });
        app.post(batch + "/{name}/deployments", ctx -> ctx.status(201).json(batchDeployment(ws.batchEndpoints().createDeployment(
                Requests.principal(ctx), ctx.pathParam("name"), Requests.jsonObject(ctx, json), Requests.queryBool(ctx, "set_default")))));
        app.get(batch + "/{name}/deployments", ctx -> ctx.json(Page.of(ws.batchEndpoints().deployments(ctx.pathParam("name")).stream()
                .map(this::batchDeployment).toList())));
        app.get(batch + "/{name}/deployments/{deployment}", ctx -> ctx.json(batchDeployment(ws.batchEndpoints().deployment(
                ctx.pathParam("name"), ctx.pathParam("deployment")))));
        app.delete(batch + "/{name}/deployments/{deployment}", ctx -> {
            ws.batchEndpoints().deleteDeployment(Requests.principal(ctx), ctx.pathParam("name"), ctx.pathParam("deployment"));
            ctx.json(Map.of("name", ctx.pathParam("deployment"), "deleted", true));
        });
        app.post(batch + "/{name}/jobs", this::invoke);
        app.get(batch + "/{name}/jobs", ctx -> ctx.json(Page.of(ws.batchEndpoints().jobs(ctx.pathParam("name"),
                Requests.queryInt(ctx, "limit", 100, 1, 10_000)).stream().map(this::job).toList())));
        app.get(batch + "/{name}/jobs/{id}", ctx -> ctx.json(job(ws.batchEndpoints().job(ctx.pathParam("name"), ctx.pathParam("id")))));
        app.post(batch + "/{name}/jobs/{id}/cancel", ctx -> ctx.json(job(ws.batchEndpoints().cancel(Requests.principal(ctx),
                ctx.pathParam("name"), ctx.pathParam("id")))));
    }

    // --- online ---------------------------------------------------------------------------------

    /** The endpoint with the URIs clients score at. */
    private ObjectNode endpoint(Context ctx, OnlineEndpoint e) {
        ObjectNode n = json.valueToTree(e);
        String base = ctx.scheme() + "://" + ctx.host();
        n.put("scoring_uri", base + "/endpoints/" + e.name() + "/score");
        n.put("invocations_uri", base + "/endpoints/" + e.name() + "/invocations");
        n.put("inference_uri", base + "/v2/models/" + e.name() + "/infer");
        return n;
    }

    private void updateOnline(Context ctx) {
        ctx.json(endpoint(ctx, ws.endpoints().update(Requests.principal(ctx), ctx.pathParam("name"), Requests.jsonObject(ctx, json))));
    }

    private static Map<String, String> keys(EndpointKeys k) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("primary_key", k.primaryKey());
        m.put("secondary_key", k.secondaryKey());
        return m;
    }

    private void regenerate(Context ctx) {
        ObjectNode body = Requests.jsonObject(ctx, json);
        EndpointKeys.KeyType kt = EndpointKeys.KeyType.parse(body.path("key_type").asText(""));
        ctx.json(keys(ws.endpoints().regenerateKeys(Requests.principal(ctx), ctx.pathParam("name"), kt)));
    }

    /** A deployment: its settings, {@code model} as azureml:NAME:VERSION, its provisioning state and runtime status. */
    private ObjectNode deployment(DeploymentInfo d) {
        ObjectNode n = json.valueToTree(d.deployment());
        n.put("model", d.deployment().model());
        n.put("provisioning_state", d.provisioningState());
        n.set("status", json.valueToTree(d.status()));
        ObjectNode requests = n.putObject("requests");
        d.requests().forEach((status, count) -> requests.put(Integer.toString(status), count));
        return n;
    }

    // --- batch ----------------------------------------------------------------------------------

    private void updateBatch(Context ctx) {
        ctx.json(ws.batchEndpoints().update(Requests.principal(ctx), ctx.pathParam("name"), Requests.jsonObject(ctx, json)));
    }

    private ObjectNode batchDeployment(BatchDeployment d) {
        ObjectNode n = json.valueToTree(d);
        n.put("model", d.model());
        return n;
    }

    private void invoke(Context ctx) {
        BatchInvocation req = BatchInvocation.of(Requests.jsonObject(ctx, json));
        ctx.status(202).json(job(ws.batchEndpoints().invoke(Requests.principal(ctx), ctx.pathParam("name"), req)));
    }

    /** A job with its rows not attempted, which the record derives. */
    private ObjectNode job(dev.cerulean.core.endpoint.BatchJob j) {
        ObjectNode n = json.valueToTree(j);
        n.put("rows_skipped", j.rowsSkipped());
        return n;
    }
}
