package dev.cerulean.serving;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for something another thread does, checked every few milliseconds up to a deadline (never a fixed sleep). */
public final class Await {
    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} when it still does not hold at the deadline
     */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("still waiting after " + deadline.toMillis() + " ms for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
