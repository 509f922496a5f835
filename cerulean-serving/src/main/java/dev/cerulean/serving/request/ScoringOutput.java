package dev.cerulean.serving.request;

import dev.cerulean.ml.model.Predictions;

/**
 * What scoring one request produced: the response body, and the rows and predictions behind it
 * (for the data collector).
 *
 * @param body        the encoded response
 * @param contentType its media type
 * @param input       the request's rows as the model saw them
 * @param predictions the predictions, in row order
 */
public record ScoringOutput(byte[] body, String contentType, ScoringInput input, Predictions predictions) {
    public static final String JSON = "application/json";
}
