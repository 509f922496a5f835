package dev.cerulean.ml.learn;

import java.util.Map;

/** Hyperparameters of a learner: an immutable record with a builder. */
public interface LearnerParams {
    /** Every hyperparameter by its spec name, in definition order (for provenance and packages). */
    Map<String, Object> toMap();

    /**
     * Checks every field against the learner's {@link ParamDef}s.
     *
     * @throws dev.cerulean.core.InvalidParameterException naming the first bad field and value
     */
    void validate();
}
