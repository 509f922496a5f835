package dev.cerulean.server.endpoints;

import dev.cerulean.server.Routes;
import dev.cerulean.service.endpoints.ScoringService;
import dev.cerulean.service.endpoints.ScoringService.Protocol;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routes clients score at, each authenticated with the endpoint's key ({@code Authorization:
 * Bearer <key>}):
 * <ul>
 * <li>{@code POST /endpoints/{name}/score}: Azure ML's {@code input_data};</li>
 * <li>{@code POST /endpoints/{name}/invocations}: MLflow's formats and {@code text/csv};</li>
 * <li>{@code /v2/...}: the Open Inference Protocol, with {@code {name}} the endpoint and
 * {@code versions/{version}} a deployment.</li>
 * </ul>
 * Each route reads the request, makes one call to the {@link ScoringService} and writes the bytes it
 * answers; a failure is rendered in the route's protocol by the server's error renderers. The header
 * {@code azureml-model-deployment} sends a request to one deployment; answers carry it, and
 * {@code x-request-id}. {@code GET|POST /endpoints/{name}/ping} answers a constant body with no key and
 * no model: a liveness check, and the floor the serving benchmark measures against.
 */
public final class ScoringRoutes implements Routes {
    /** The header that names the deployment to score with (Azure ML's). */
    public static final String DEPLOYMENT_HEADER = "azureml-model-deployment";
    private static final byte[] PING = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final ScoringService scoring;
    private final int compressedFrom;

    /**
     * @param compressedFrom the smallest body the server's compression compresses (smaller answers are
     *                       written to the socket as they are)
     */
    public ScoringRoutes(ScoringService scoring, int compressedFrom) {
        this.scoring = scoring;
        this.compressedFrom = compressedFrom;
    }

    /** Whether a path is one of these routes' MLflow {@code /invocations}. */
    public static boolean isInvocations(String path) {
        return path.startsWith("/endpoints/") && path.endsWith("/invocations");
    }

    @Override
    public void register(Javalin app) {
        app.post("/endpoints/{name}/score", ctx -> score(ctx, Protocol.AZURE_ML, ctx.header(DEPLOYMENT_HEADER)));
        app.post("/endpoints/{name}/invocations", ctx -> score(ctx, Protocol.MLFLOW, ctx.header(DEPLOYMENT_HEADER)));
        app.get("/endpoints/{name}/ping", this::ping);
        app.post("/endpoints/{name}/ping", this::ping);

        app.post("/v2/models/{name}/infer", ctx -> score(ctx, Protocol.OPEN_INFERENCE, ctx.header(DEPLOYMENT_HEADER)));
        app.post("/v2/models/{name}/versions/{version}/infer", ctx -> score(ctx, Protocol.OPEN_INFERENCE, ctx.pathParam("version")));
        app.get("/v2", ctx -> ctx.contentType("application/json").result(scoring.serverMetadata()));
        app.get("/v2/health/live", ctx -> ctx.json(Map.of("live", true)));
        app.get("/v2/health/ready", ctx -> ctx.json(Map.of("ready", scoring.allReady())));
        app.get("/v2/models/{name}", ctx -> metadata(ctx, ctx.header(DEPLOYMENT_HEADER)));
        app.get("/v2/models/{name}/versions/{version}", ctx -> metadata(ctx, ctx.pathParam("version")));
        app.get("/v2/models/{name}/ready", ctx -> ready(ctx, ctx.header(DEPLOYMENT_HEADER)));
        app.get("/v2/models/{name}/versions/{version}/ready", ctx -> ready(ctx, ctx.pathParam("version")));
    }

    private void ping(Context ctx) throws IOException {
        scoring.ping(ctx.pathParam("name"));
        try (InputStream in = ctx.bodyInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        ctx.contentType("application/json").result(PING);
    }

    private void score(Context ctx, Protocol protocol, String deployment) {
        ScoringService.Request request = new ScoringService.Request(ctx.pathParam("name"), deployment, ctx.header("Authorization"),
                ctx.header("Content-Type"), body(ctx));
        ctx.future(() -> scoring.score(protocol, request).thenAccept(reply -> write(ctx, reply)));
    }

    /**
     * Writes an answer. One too small to compress goes to the response's stream itself: through Javalin's
     * result it would be copied and checked against the compression settings, which costs more than
     * scoring a row.
     */
    private void write(Context ctx, ScoringService.Reply reply) {
        ctx.status(reply.status()).contentType(reply.contentType()).header(DEPLOYMENT_HEADER, reply.deployment())
                .header("x-request-id", reply.requestId());
        byte[] body = reply.body();
        if (body.length >= compressedFrom) {
            ctx.result(body);
            return;
        }
        try {
            ctx.res().setContentLength(body.length);
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body, refused with 413 above the service's limit (before it is read, when its length is declared). */
    private byte[] body(Context ctx) {
        long max = scoring.maxBodyBytes();
        long declared = ctx.contentLength();
        if (declared > max) {
            throw scoring.bodyTooLarge(declared);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            // a declared length is what the stream holds: read exactly that (no buffer to grow and trim)
            byte[] b = in.readNBytes((int) (declared >= 0 ? declared : Math.min(Integer.MAX_VALUE - 8, max + 1)));
            if (b.length > max) {
                throw scoring.bodyTooLarge(-1);
            }
            return b;
        } catch (IOException e) {
            throw new dev.cerulean.core.InvalidParameterException("cannot read the request body: " + e.getMessage(), "body");
        }
    }

    private void metadata(Context ctx, String deployment) {
        ctx.contentType("application/json").result(scoring.modelMetadata(ctx.pathParam("name"), ctx.header("Authorization"), deployment));
    }

    private void ready(Context ctx, String deployment) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", ctx.pathParam("name"));
        out.put("ready", scoring.modelReady(ctx.pathParam("name"), ctx.header("Authorization"), deployment));
        ctx.json(out);
    }
}
