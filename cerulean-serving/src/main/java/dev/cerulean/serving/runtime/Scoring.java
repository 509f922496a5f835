package dev.cerulean.serving.runtime;

import dev.cerulean.serving.ServedModel;
import dev.cerulean.serving.request.ScoringOutput;

/** The work of one request once a deployment is chosen: check, predict, encode (see {@code ScoringProtocol#score}). */
@FunctionalInterface
public interface Scoring {
    ScoringOutput score(ServedModel model);
}
