package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import java.util.Locale;

/** The AutoML tasks Cerulean runs, with Azure ML's names. */
public enum AutoMlTask {
    /** Binary or multiclass classification (decided from the target). */
    CLASSIFICATION,
    /** A real-valued target. */
    REGRESSION,
    /** Time-series forecasting of a numeric target. */
    FORECASTING;

    /** The lower-case wire name: {@code classification}, {@code regression}, {@code forecasting}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses Azure ML's task name (any case).
     *
     * @throws InvalidParameterException naming the field {@code task} for any other value (image and text
     *                                   tasks included, which Cerulean does not run)
     */
    public static AutoMlTask parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "classification":
                return CLASSIFICATION;
            case "regression":
                return REGRESSION;
            case "forecasting":
                return FORECASTING;
            default:
                throw new InvalidParameterException("task '" + text + "' is not supported by AutoML here; expected classification,"
                        + " regression or forecasting (image and text tasks are not available)", "task");
        }
    }
}
