package dev.cerulean.client;

import dev.cerulean.core.endpoint.OnlineEndpoint;

/**
 * An online endpoint with the URIs it is scored at, as the server shows it.
 *
 * @param endpoint       the endpoint
 * @param scoringUri     Azure ML's {@code /endpoints/{name}/score}
 * @param invocationsUri MLflow's {@code /endpoints/{name}/invocations}
 * @param inferenceUri   the Open Inference Protocol's {@code /v2/models/{name}/infer}
 */
public record OnlineEndpointDetail(OnlineEndpoint endpoint, String scoringUri, String invocationsUri, String inferenceUri) {
}
