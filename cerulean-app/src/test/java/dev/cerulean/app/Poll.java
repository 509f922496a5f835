package dev.cerulean.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Polling with a deadline, for tests that wait on another process or thread they cannot get a
 * signal from (a job's state over HTTP, a file a command writes): looks every {@value #EVERY_MS} ms,
 * and fails naming what it waited for and what it saw last.
 */
final class Poll {
    static final long EVERY_MS = 50;

    private Poll() {
    }

    /**
     * Reads {@code probe} until {@code done} holds for its value.
     *
     * @return the value that satisfied {@code done}
     * @throws AssertionError when {@code timeout} passes first
     */
    static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception error = null;
        while (true) {
            try {
                last = probe.call();
                error = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                error = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("waited " + timeout + " for " + what + "; last seen: " + last);
                if (error != null) {
                    failure.initCause(error);
                }
                throw failure;
            }
            LockSupport.parkNanos(Duration.ofMillis(EVERY_MS).toNanos());
        }
    }

    /**
     * Reads {@code probe} until {@code done} holds or {@code timeout} passes, and returns the last value
     * either way (for callers that assert on it themselves).
     */
    static <T> T upTo(Duration timeout, Callable<T> probe, Predicate<T> done) {
        try {
            return until("", timeout, probe, done);
        } catch (AssertionError e) {
            try {
                return probe.call();
            } catch (Exception again) {
                throw new AssertionError(again);
            }
        }
    }

    /** Waits until {@code condition} holds. */
    static void until(String what, Duration timeout, Callable<Boolean> condition) {
        until(what, timeout, condition, Boolean::booleanValue);
    }
}
