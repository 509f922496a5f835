package dev.cerulean.ml.automl;

/**
 * Cancels a running AutoML run from another thread. AutoML checks it between trials and between boosting
 * rounds of a trial; once cancelled it launches nothing new, stops the trials in progress, and returns what
 * it has (see {@link AutoMlResult#stopReason()}). Thread-safe; cancelling twice keeps the first reason.
 */
public final class CancelToken {
    private volatile String reason;

    /** A token that is not cancelled. */
    public static CancelToken create() {
        return new CancelToken();
    }

    /** A token that is never cancelled (for callers that do not cancel). */
    public static CancelToken none() {
        return new CancelToken();
    }

    /** Cancels; the reason is reported with the result. */
    public synchronized void cancel(String why) {
        if (reason == null) {
            reason = why == null || why.isBlank() ? "cancelled" : why;
        }
    }

    /** Whether {@link #cancel} was called. */
    public boolean isCancelled() {
        return reason != null;
    }

    /** The reason given to {@link #cancel}, or null. */
    public String reason() {
        return reason;
    }
}
