package dev.cerulean.engine;

import java.util.ArrayList;
import java.util.List;

/** A request to stop, observed by running work; callbacks run once, when it is cancelled. */
public final class CancelToken {
    private volatile String reason;
    private final List<Runnable> callbacks = new ArrayList<>();

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why the work was asked to stop, or null. */
    public String reason() {
        return reason;
    }

    public void cancel(String why) {
        List<Runnable> run;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            run = new ArrayList<>(callbacks);
        }
        run.forEach(Runnable::run);
    }

    /** Runs {@code callback} when cancelled (at once if it already is). */
    public void onCancel(Runnable callback) {
        boolean now;
        synchronized (this) {
            now = reason != null;
            if (!now) {
                callbacks.add(callback);
            }
        }
        if (now) {
            callback.run();
        }
    }
}
