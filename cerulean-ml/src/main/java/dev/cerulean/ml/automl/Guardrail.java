package dev.cerulean.ml.automl;

import java.util.List;

/**
 * A data guardrail, as Azure ML reports them before training: what was checked, its status and a message.
 *
 * @param name    Azure ML's guardrail name: {@code Validation split handling}, {@code Class balancing detection},
 *                {@code Missing feature values imputation}, {@code High cardinality feature detection},
 *                {@code Frequency detection}, {@code Short series handling}, {@code Missing target values imputation}
 * @param status  passed (no problem), done (AutoML changed the data; review it) or alerted (a problem AutoML
 *                could not fix)
 * @param message what was found and done
 * @param details the affected columns, classes or series, one entry each; may be empty
 */
public record Guardrail(String name, Status status, String message, List<String> details) {
    /** Azure ML's guardrail states. */
    public enum Status {
        PASSED, DONE, ALERTED
    }

    public Guardrail {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static final String VALIDATION = "Validation split handling";
    public static final String CLASS_BALANCE = "Class balancing detection";
    public static final String MISSING_VALUES = "Missing feature values imputation";
    public static final String HIGH_CARDINALITY = "High cardinality feature detection";
    public static final String FREQUENCY = "Frequency detection";
    public static final String SHORT_SERIES = "Short series handling";
    public static final String MISSING_TARGET = "Missing target values imputation";
}
