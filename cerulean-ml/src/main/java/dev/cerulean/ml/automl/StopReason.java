package dev.cerulean.ml.automl;

/** Why the search for models ended (ensembling, testing and explaining follow in every case but cancellation). */
public enum StopReason {
    /** The time budget (limits.timeout) left no room for another trial. */
    TIMEOUT,
    /** limits.max_trials trials were run. */
    MAX_TRIALS,
    /** The best model reached limits.exit_score. */
    EXIT_SCORE,
    /** The primary metric stopped improving (limits.enable_early_termination). */
    EARLY_TERMINATION,
    /** Every configuration there was to try was tried. */
    SEARCH_EXHAUSTED,
    /** The run was cancelled; the result holds the best model found until then. */
    CANCELLED
}
