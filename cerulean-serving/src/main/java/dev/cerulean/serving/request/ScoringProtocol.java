package dev.cerulean.serving.request;

import dev.cerulean.serving.ServedModel;
import dev.cerulean.serving.ServingLimits;

/**
 * A scoring protocol: how a request body is read and how predictions are written back. Reading
 * happens once, on the caller's thread, before a deployment is involved, so a malformed body costs
 * no scoring capacity; scoring happens on the chosen deployment's worker, against its model's
 * signature (a mirror deployment scores the same parsed request against its own).
 *
 * @param <P> the parsed request
 */
public interface ScoringProtocol<P> {
    /**
     * Parses a request body.
     *
     * @param contentType the request's Content-Type header, or null
     * @throws dev.cerulean.core.CeruleanException INVALID_PARAMETER for a malformed body,
     *                                             UNSUPPORTED_MEDIA_TYPE for a media type the protocol does not read
     */
    P parse(String contentType, byte[] body);

    /**
     * Checks the parsed request against the model's signature, scores it and encodes the answer.
     *
     * @throws dev.cerulean.core.CeruleanException 4xx naming the column, row or limit that is wrong
     */
    ScoringOutput score(P request, ServedModel model, ServingLimits limits);
}
