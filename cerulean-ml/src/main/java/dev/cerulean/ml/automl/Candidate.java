package dev.cerulean.ml.automl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration to try: a learner and its hyperparameters, with where it came from.
 *
 * @param learner         Cerulean's learner name
 * @param hyperparameters hyperparameters by the learner's names
 * @param origin          {@code portfolio:<name>} or {@code tuning:cfo}
 * @param tuned           the sampled values when it came from a sampler (for feeding the result back), else null
 */
record Candidate(String learner, Map<String, Object> hyperparameters, String origin, Map<String, Object> tuned) {
    Candidate {
        hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
    }

    static Candidate portfolio(String name, String learner, Map<String, Object> hp) {
        return new Candidate(learner, hp, "portfolio:" + name, null);
    }
}
