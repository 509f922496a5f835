package dev.cerulean.ml.automl;

/** How a trial ended. */
public enum TrialStatus {
    /** Trained on every fold and scored. */
    COMPLETED,
    /** Stopped by its time limit or the run's deadline; scored on the rounds (trees) it had reached. */
    TRUNCATED,
    /** Cancelled before it could be scored. */
    CANCELLED,
    /** Training failed (the message says why). */
    FAILED
}
