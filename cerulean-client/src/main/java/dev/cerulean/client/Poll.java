package dev.cerulean.client;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something on the server by asking again: a job to end, a batch job to finish, a log to
 * grow. The next question is due a wait after the previous one started (so a slow answer does not
 * stretch the interval); the wait doubles from {@code first} to {@code max} while nothing changes,
 * and an answer that shows progress is followed by the next question at once. With {@link #within}
 * the polling gives up at a deadline with a {@code REQUEST_TIMEOUT} that says what was awaited and
 * how it stood. Immutable: each setting returns a new poll.
 *
 * <pre>{@code
 * BatchJob done = Poll.of(() -> endpoints.job(name, id).value()).every(Duration.ofMillis(500))
 *         .until(j -> j.status().isFinal());
 * }</pre>
 */
public final class Poll<T> {
    /** Waits; {@link TimeUnit#sleep} outside tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final Supplier<? extends T> probe;
    private final long firstNanos;
    private final long maxNanos;
    private final Predicate<? super T> progressed;
    private final Duration limit;
    private final String what;
    private final Function<? super T, String> state;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    private Poll(Supplier<? extends T> probe, long firstNanos, long maxNanos, Predicate<? super T> progressed, Duration limit, String what,
            Function<? super T, String> state, LongSupplier nanoTime, Sleeper sleeper) {
        this.probe = probe;
        this.firstNanos = firstNanos;
        this.maxNanos = maxNanos;
        this.progressed = progressed;
        this.limit = limit;
        this.what = what;
        this.state = state;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Polls {@code probe} every 200 ms, backing off to 1 s, with no deadline. */
    public static <T> Poll<T> of(Supplier<? extends T> probe) {
        return of(probe, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** With a clock and a sleeper of the test's. */
    static <T> Poll<T> of(Supplier<? extends T> probe, LongSupplier nanoTime, Sleeper sleeper) {
        return new Poll<>(Objects.requireNonNull(probe, "probe"), Duration.ofMillis(200).toNanos(), Duration.ofSeconds(1).toNanos(),
                v -> false, null, null, null, nanoTime, sleeper);
    }

    /** A fixed interval. */
    public Poll<T> every(Duration interval) {
        return every(interval, interval);
    }

    /** An interval that starts at {@code first} and doubles up to {@code max} while nothing changes. */
    public Poll<T> every(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("the first interval must be positive and at most the largest: " + first + ", " + max);
        }
        return new Poll<>(probe, first.toNanos(), max.toNanos(), progressed, limit, what, state, nanoTime, sleeper);
    }

    /** Answers that show progress: the next question follows at once, and the interval starts again from the first. */
    public Poll<T> resetWhen(Predicate<? super T> p) {
        return new Poll<>(probe, firstNanos, maxNanos, Objects.requireNonNull(p), limit, what, state, nanoTime, sleeper);
    }

    /**
     * Gives up at a deadline.
     *
     * @param deadline how long to poll
     * @param awaited  what is awaited, for the error ({@code "training job x"})
     * @param describe how an answer stands, for the error ({@code Running})
     */
    public Poll<T> within(Duration deadline, String awaited, Function<? super T, String> describe) {
        return new Poll<>(probe, firstNanos, maxNanos, progressed, Objects.requireNonNull(deadline), Objects.requireNonNull(awaited),
                Objects.requireNonNull(describe), nanoTime, sleeper);
    }

    /**
     * Asks until an answer is done.
     *
     * @return the first answer that is done
     * @throws CeruleanException REQUEST_TIMEOUT when the deadline passes first
     */
    public T until(Predicate<? super T> done) throws InterruptedException {
        long start = nanoTime.getAsLong();
        long wait = firstNanos;
        while (true) {
            long asked = nanoTime.getAsLong();
            T answer = probe.get();
            if (done.test(answer)) {
                return answer;
            }
            long now = nanoTime.getAsLong();
            if (limit != null && now - start >= limit.toNanos()) {
                throw new CeruleanException(ErrorCode.REQUEST_TIMEOUT, what + " did not end within " + words(limit) + " (still "
                        + state.apply(answer) + ")");
            }
            if (progressed.test(answer)) {
                wait = firstNanos;
                continue;
            }
            long due = asked + wait;
            if (limit != null) {
                due = Math.min(due, start + limit.toNanos());
            }
            if (due > now) {
                sleeper.sleep(due - now);
            }
            wait = Math.min(maxNanos, wait * 2);
        }
    }

    /** {@code 10 minutes}, {@code 30 seconds}, {@code 1500 ms}. */
    static String words(Duration d) {
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
        }
        if (d.toMillis() % 1_000 == 0) {
            return d.toSeconds() + (d.toSeconds() == 1 ? " second" : " seconds");
        }
        return d.toMillis() + " ms";
    }
}
