package dev.cerulean.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop, made from another thread and observed by running work: a job, an AutoML search,
 * a batch scoring run. The first reason given is kept; callbacks registered with {@link #onCancel}
 * run once, when it is cancelled. Thread-safe.
 */
public final class CancelToken {
    private String reason;
    private final List<Runnable> callbacks = new ArrayList<>();

    /** A token that is not cancelled. */
    public static CancelToken create() {
        return new CancelToken();
    }

    /** A token nobody cancels, for callers that do not stop their work. */
    public static CancelToken none() {
        return new CancelToken();
    }

    public synchronized boolean isCancelled() {
        return reason != null;
    }

    /** Why the work was asked to stop, or null. */
    public synchronized String reason() {
        return reason;
    }

    /** Asks the work to stop; a second call keeps the first reason. */
    public void cancel(String why) {
        List<Runnable> run;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why == null || why.isBlank() ? "canceled" : why;
            run = new ArrayList<>(callbacks);
            callbacks.clear();
            notifyAll();
        }
        run.forEach(Runnable::run);
    }

    /** Runs {@code callback} when cancelled (at once, on this thread, if it already is). */
    public void onCancel(Runnable callback) {
        synchronized (this) {
            if (reason == null) {
                callbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    /**
     * Waits until the token is cancelled or the time has passed, whichever comes first: a pause that a
     * cancellation cuts short.
     *
     * @return whether it is cancelled
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public synchronized boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (reason == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
