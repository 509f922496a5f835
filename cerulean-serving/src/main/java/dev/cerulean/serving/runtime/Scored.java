package dev.cerulean.serving.runtime;

import dev.cerulean.serving.request.ScoringOutput;

/**
 * A scored request.
 *
 * @param requestId  the id given to the request (returned as {@code x-request-id}, kept with collected data)
 * @param deployment the deployment that answered (returned as {@code azureml-model-deployment})
 * @param output     the answer
 */
public record Scored(String requestId, String deployment, ScoringOutput output) {
}
