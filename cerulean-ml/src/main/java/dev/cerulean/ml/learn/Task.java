package dev.cerulean.ml.learn;

import dev.cerulean.core.InvalidParameterException;
import java.util.Locale;

/** The kind of supervised problem. */
public enum Task {
    /** Two classes; predictions are P(class 1). */
    BINARY,
    /** Three or more classes; predictions are one probability per class. */
    MULTICLASS,
    /** A real-valued target. */
    REGRESSION;

    /** Whether this is binary or multiclass classification. */
    public boolean isClassification() {
        return this != REGRESSION;
    }

    /**
     * Parses Azure ML's task names: {@code classification} (binary or multiclass is decided from the
     * target later; this returns {@link #MULTICLASS} as a placeholder), {@code binary},
     * {@code multiclass}, {@code regression}.
     *
     * @throws InvalidParameterException naming the bad value
     */
    public static Task parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "classification", "multiclass", "multiclass_classification" -> MULTICLASS;
            case "binary", "binary_classification" -> BINARY;
            case "regression" -> REGRESSION;
            default -> throw new InvalidParameterException("task '" + text
                    + "' is not supported; expected classification or regression", "task");
        };
    }
}
