package dev.cerulean.serving.batch;

/** Asks a running batch job to stop: no new mini-batch starts; those running finish; output so far is kept. */
public final class CancelToken {
    private volatile String reason;

    /** Requests cancellation; the first reason given is kept. */
    public void cancel(String why) {
        if (reason == null) {
            reason = why == null ? "canceled" : why;
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was canceled, or null. */
    public String reason() {
        return reason;
    }
}
