package dev.cerulean.service.endpoints;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Version;
import dev.cerulean.serving.request.AzureScoring;
import dev.cerulean.serving.request.Json;
import dev.cerulean.serving.request.MlflowScoring;
import dev.cerulean.serving.request.OpenInference;
import dev.cerulean.serving.request.ScoringProtocol;
import dev.cerulean.serving.runtime.ServingRuntime;
import java.util.concurrent.CompletableFuture;

/**
 * The scoring routes' one call each: a request's bytes and headers in, an answer's bytes out, in the
 * protocol the route speaks. Keys, parsing, routing, admission and the model all happen behind it; the
 * HTTP layer moves bytes and renders the failures (a future failed with a {@link CeruleanException}
 * whose code carries the status) in the protocol's error format.
 */
public final class ScoringService {
    /** The protocols clients score with. */
    public enum Protocol {
        /** Azure ML's {@code /score}. */
        AZURE_ML(AzureScoring.INSTANCE),
        /** MLflow's scoring server's {@code /invocations}. */
        MLFLOW(MlflowScoring.INSTANCE),
        /** The Open Inference Protocol's {@code infer}. */
        OPEN_INFERENCE(OpenInference.INSTANCE);

        private final ScoringProtocol<?> protocol;

        Protocol(ScoringProtocol<?> protocol) {
            this.protocol = protocol;
        }
    }

    /**
     * A scoring request as it arrived.
     *
     * @param endpoint      the endpoint the route names
     * @param deployment    the deployment the client named ({@code azureml-model-deployment}, or OIP's
     *                      {@code versions/{version}}), or null to route by traffic
     * @param authorization the {@code Authorization} header, or null
     * @param contentType   the {@code Content-Type} header, or null
     * @param body          the body
     */
    public record Request(String endpoint, String deployment, String authorization, String contentType, byte[] body) {
    }

    /**
     * An answer to send as it is.
     *
     * @param status      the HTTP status
     * @param contentType the body's media type
     * @param body        the body
     * @param deployment  the deployment that answered ({@code azureml-model-deployment})
     * @param requestId   the request's id ({@code x-request-id})
     */
    public record Reply(int status, String contentType, byte[] body, String deployment, String requestId) {
    }

    private final ServingRuntime runtime;

    ScoringService(ServingRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Scores a request: checks the key, parses the body with the protocol, routes it and scores it. Never
     * throws; every failure is the future failing with a {@link CeruleanException} (401, 404, 408, 413, 415,
     * 429, 4xx from the checks against the model's signature, 500 when the model fails, 503).
     */
    public CompletableFuture<Reply> score(Protocol protocol, Request request) {
        return score(protocol.protocol, request);
    }

    private <P> CompletableFuture<Reply> score(ScoringProtocol<P> protocol, Request r) {
        return runtime.score(r.endpoint(), r.authorization(), r.deployment(), () -> {
            P parsed = protocol.parse(r.contentType(), r.body());
            return m -> protocol.score(parsed, m, runtime.limits());
        }).thenApply(s -> new Reply(200, s.output().contentType(), s.output().body(), s.deployment(), s.requestId()));
    }

    /** The most bytes a request body may have. */
    public long maxBodyBytes() {
        return runtime.limits().maxBodyBytes();
    }

    /**
     * The refusal of a body above {@link #maxBodyBytes()}.
     *
     * @param size its declared size, or -1 when only reading it showed it too large
     */
    public CeruleanException bodyTooLarge(long size) {
        return new CeruleanException(ErrorCode.PAYLOAD_TOO_LARGE, "the request body " + (size >= 0 ? "is " + size + " bytes" : "is larger")
                + "; a scoring request may have at most " + maxBodyBytes() + " bytes (cerulean.serving.max-body-bytes): send fewer rows "
                + "per request, or use a batch endpoint", "body");
    }

    /**
     * The liveness ping: no key, no model.
     *
     * @throws NotFoundException (target {@code name}) for an unknown endpoint
     */
    public void ping(String endpoint) {
        if (!exists(endpoint)) {
            throw new NotFoundException("online endpoint '" + endpoint + "' does not exist", "name");
        }
    }

    /** The Open Inference Protocol's server metadata ({@code GET /v2}). */
    public byte[] serverMetadata() {
        return Json.oipServerMetadata("cerulean", Version.get());
    }

    /**
     * The Open Inference Protocol's model metadata of an endpoint: its deployments, and the inputs and
     * outputs of the model {@code deployment} (or, without one, the deployment with the most traffic) serves.
     *
     * @throws CeruleanException 401, 404 for an unknown endpoint or deployment, 503 while no model is loaded
     */
    public byte[] modelMetadata(String endpoint, String authorization, String deployment) {
        ServingRuntime.EndpointView v = describe(endpoint, authorization, deployment);
        if (v.model() == null) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "endpoint '" + endpoint + "' has no loaded model yet", "name");
        }
        return OpenInference.metadata(endpoint, v.deployments(), v.model());
    }

    /**
     * Whether the deployment (or the one with the most traffic) of an endpoint is ready.
     *
     * @throws CeruleanException 401, 404 for an unknown endpoint or deployment
     */
    public boolean modelReady(String endpoint, String authorization, String deployment) {
        return describe(endpoint, authorization, deployment).ready();
    }

    /** Whether an endpoint is served (no key needed). */
    public boolean exists(String endpoint) {
        return runtime.exists(endpoint);
    }

    /**
     * What an endpoint serves, after checking the key: its deployments and the model {@code deployment} (or
     * the deployment with the most traffic) runs.
     *
     * @throws CeruleanException 401, 404 for an unknown endpoint or deployment
     */
    public ServingRuntime.EndpointView describe(String endpoint, String authorization, String deployment) {
        return runtime.describe(endpoint, authorization, deployment);
    }

    /** True when every deployment of every endpoint is ready. */
    public boolean allReady() {
        return runtime.allReady();
    }
}
