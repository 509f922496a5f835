package dev.cerulean.server.endpoints;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.Version;
import dev.cerulean.server.ApiError;
import dev.cerulean.server.Routes;
import dev.cerulean.serving.request.AzureScoring;
import dev.cerulean.serving.request.Json;
import dev.cerulean.serving.request.MlflowScoring;
import dev.cerulean.serving.request.OpenInference;
import dev.cerulean.serving.request.ScoringProtocol;
import dev.cerulean.serving.runtime.Scored;
import dev.cerulean.serving.runtime.ServingRuntime;
import dev.cerulean.service.Workspace;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes clients score at, each authenticated with the endpoint's key ({@code Authorization:
 * Bearer <key>}):
 * <ul>
 * <li>{@code POST /endpoints/{name}/score}: Azure ML's {@code input_data}; errors as Cerulean's
 * {@code {"error": {code, message, target}}};</li>
 * <li>{@code POST /endpoints/{name}/invocations}: MLflow's formats and {@code text/csv}; errors as
 * MLflow's {@code {"error_code", "message"}};</li>
 * <li>{@code /v2/...}: the Open Inference Protocol, with {@code {name}} the endpoint and
 * {@code versions/{version}} a deployment; errors as {@code {"error": "..."}}.</li>
 * </ul>
 * The header {@code azureml-model-deployment} sends a request to one deployment; answers carry it, and
 * {@code x-request-id}. {@code GET|POST /endpoints/{name}/ping} answers a constant body with no key and no
 * model: a liveness check, and the floor the serving benchmark measures against.
 */
public final class ScoringRoutes implements Routes {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringRoutes.class);
    /** The header that names the deployment to score with (Azure ML's). */
    public static final String DEPLOYMENT_HEADER = "azureml-model-deployment";
    private static final byte[] PING = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    /** How a protocol writes its errors. */
    private enum Errors { CERULEAN, MLFLOW, OIP }

    private final Workspace ws;

    public ScoringRoutes(Workspace ws) {
        this.ws = ws;
    }

    @Override
    public void register(Javalin app) {
        app.post("/endpoints/{name}/score", ctx -> score(ctx, AzureScoring.INSTANCE, ctx.header(DEPLOYMENT_HEADER), Errors.CERULEAN));
        app.post("/endpoints/{name}/invocations", ctx -> score(ctx, MlflowScoring.INSTANCE, ctx.header(DEPLOYMENT_HEADER), Errors.MLFLOW));
        app.get("/endpoints/{name}/ping", this::ping);
        app.post("/endpoints/{name}/ping", this::ping);

        app.get("/v2", ctx -> ctx.contentType("application/json").result(Json.oipServerMetadata("cerulean", Version.get())));
        app.get("/v2/health/live", ctx -> ctx.json(java.util.Map.of("live", true)));
        app.get("/v2/health/ready", ctx -> ctx.json(java.util.Map.of("ready", ws.endpoints().allReady())));
        app.get("/v2/models/{name}", ctx -> metadata(ctx, ctx.header(DEPLOYMENT_HEADER)));
        app.get("/v2/models/{name}/versions/{version}", ctx -> metadata(ctx, ctx.pathParam("version")));
        app.get("/v2/models/{name}/ready", ctx -> ready(ctx, ctx.header(DEPLOYMENT_HEADER)));
        app.get("/v2/models/{name}/versions/{version}/ready", ctx -> ready(ctx, ctx.pathParam("version")));
        app.post("/v2/models/{name}/infer", ctx -> score(ctx, OpenInference.INSTANCE, ctx.header(DEPLOYMENT_HEADER), Errors.OIP));
        app.post("/v2/models/{name}/versions/{version}/infer", ctx -> score(ctx, OpenInference.INSTANCE, ctx.pathParam("version"),
                Errors.OIP));
    }

    private void ping(Context ctx) throws IOException {
        if (!ws.endpoints().exists(ctx.pathParam("name"))) {
            ApiError.render(ctx, ErrorCode.NOT_FOUND, "online endpoint '" + ctx.pathParam("name") + "' does not exist", "name", List.of());
            return;
        }
        try (InputStream in = ctx.bodyInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        ctx.contentType("application/json").result(PING);
    }

    private <P> void score(Context ctx, ScoringProtocol<P> protocol, String deployment, Errors errors) {
        byte[] body;
        try {
            body = body(ctx);
        } catch (CeruleanException e) {
            error(ctx, errors, e);
            return;
        }
        CompletableFuture<Scored> f = ws.endpoints().score(ctx.pathParam("name"), ctx.header("Authorization"), deployment, protocol,
                ctx.header("Content-Type"), body);
        ctx.future(() -> f.handle((scored, x) -> {
            if (x != null) {
                Throwable c = ServingRuntime.unwrap(x);
                error(ctx, errors, c instanceof CeruleanException ce ? ce
                        : new CeruleanException(ErrorCode.INTERNAL, "internal error: " + c.getClass().getSimpleName(), null, List.of(), c));
            } else {
                ctx.status(200).contentType(scored.output().contentType()).header(DEPLOYMENT_HEADER, scored.deployment())
                        .header("x-request-id", scored.requestId()).result(scored.output().body());
            }
            return null;
        }));
    }

    /** The body, refused with 413 above the server's limit before it is read when its length is declared. */
    private byte[] body(Context ctx) {
        long max = ws.endpoints().limits().maxBodyBytes();
        long declared = ctx.contentLength();
        if (declared > max) {
            throw tooLarge(declared, max);
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (b.length > max) {
                throw tooLarge(-1, max);
            }
            return b;
        } catch (IOException e) {
            throw new CeruleanException(ErrorCode.INVALID_PARAMETER, "cannot read the request body: " + e.getMessage(), "body");
        }
    }

    private static CeruleanException tooLarge(long size, long max) {
        return new CeruleanException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body " + (size >= 0 ? "is " + size + " bytes" : "is larger")
                + "; a scoring request may have at most " + max + " bytes (cerulean.serving.max-body-bytes): send fewer rows per request, "
                + "or use a batch endpoint", "body");
    }

    private void metadata(Context ctx, String deployment) {
        try {
            ServingRuntime.EndpointView v = ws.endpoints().describe(ctx.pathParam("name"), ctx.header("Authorization"), deployment);
            if (v.model() == null) {
                throw new CeruleanException(ErrorCode.UNAVAILABLE, "endpoint '" + ctx.pathParam("name") + "' has no loaded model yet",
                        "name");
            }
            ctx.contentType("application/json").result(OpenInference.metadata(ctx.pathParam("name"), v.deployments(), v.model()));
        } catch (CeruleanException e) {
            error(ctx, Errors.OIP, e);
        }
    }

    private void ready(Context ctx, String deployment) {
        try {
            ServingRuntime.EndpointView v = ws.endpoints().describe(ctx.pathParam("name"), ctx.header("Authorization"), deployment);
            ctx.json(java.util.Map.of("name", ctx.pathParam("name"), "ready", v.ready()));
        } catch (CeruleanException e) {
            error(ctx, Errors.OIP, e);
        }
    }

    private static void error(Context ctx, Errors errors, CeruleanException e) {
        int status = e.code().httpStatus();
        if (status >= 500) {
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        }
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        switch (errors) {
            case OIP -> ctx.status(status).contentType("application/json").result(Json.oipError(e.getMessage()));
            case MLFLOW -> ctx.status(status).contentType("application/json").result(Json.mlflowError(mlflowCode(e.code()), e.getMessage()));
            default -> ApiError.render(ctx, e.code(), e.getMessage(), e.target(), e.details());
        }
    }

    /** MLflow's error codes, as its scoring server uses them (BAD_REQUEST for every client mistake). */
    static String mlflowCode(ErrorCode code) {
        return switch (code.httpStatus()) {
            case 401 -> "UNAUTHENTICATED";
            case 404 -> "RESOURCE_DOES_NOT_EXIST";
            case 408 -> "DEADLINE_EXCEEDED";
            case 429 -> "REQUEST_LIMIT_EXCEEDED";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            default -> code.httpStatus() >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }
}
