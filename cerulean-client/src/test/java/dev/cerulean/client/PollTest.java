package dev.cerulean.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Polling against a clock of the test's: no real time passes. */
class PollTest {
    /** A clock that moves only when the poll waits, or when a probe takes time. */
    static final class Clock {
        long now;
        final List<Long> waits = new ArrayList<>();

        void sleep(long nanos) {
            waits.add(nanos / 1_000_000);
            now += nanos;
        }
    }

    /** Answers in turn, each taking {@code costMs} of the clock. */
    static Supplier<String> answers(Clock clock, long costMs, String... values) {
        Iterator<String> it = List.of(values).iterator();
        return () -> {
            clock.now += costMs * 1_000_000;
            return it.next();
        };
    }

    static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    @Nested
    class Backoff {
        @Test
        void theWaitDoublesUpToTheLargestWhileNothingChanges() throws InterruptedException {
            Clock c = new Clock();
            String done = Poll.of(answers(c, 0, "a", "a", "a", "a", "a", "done"), () -> c.now, c::sleep).every(ms(100), ms(500))
                    .until(s -> s.equals("done"));

            assertThat(done).isEqualTo("done");
            assertThat(c.waits).containsExactly(100L, 200L, 400L, 500L, 500L);
        }

        @Test
        void progressAsksAgainAtOnceAndStartsTheWaitsOver() throws InterruptedException {
            Clock c = new Clock();
            Poll.of(answers(c, 0, "", "", "text", "", "", "end"), () -> c.now, c::sleep).every(ms(200), ms(1000))
                    .resetWhen(s -> s.equals("text")).until(s -> s.equals("end"));

            assertThat(c.waits).containsExactly(200L, 400L, 200L, 400L);
        }

        @Test
        void theIntervalRunsFromTheStartOfTheLastQuestionSoASlowAnswerDoesNotStretchIt() throws InterruptedException {
            Clock c = new Clock();
            Poll.of(answers(c, 150, "a", "a", "done"), () -> c.now, c::sleep).every(ms(500)).until(s -> s.equals("done"));

            assertThat(c.waits).containsExactly(350L, 350L);
        }

        @Test
        void aFirstAnswerThatIsDoneReturnsWithoutWaiting() throws InterruptedException {
            Clock c = new Clock();
            assertThat(Poll.of(answers(c, 0, "done"), () -> c.now, c::sleep).until(s -> true)).isEqualTo("done");
            assertThat(c.waits).isEmpty();
        }
    }

    @Nested
    class Deadline {
        @Test
        void passingItIsARequestTimeoutThatSaysWhatWasAwaitedAndHowItStood() {
            Clock c = new Clock();
            Supplier<String> running = () -> {
                c.now += 1_000_000;
                return "Running";
            };

            assertThatThrownBy(() -> Poll.of(running, () -> c.now, c::sleep).every(ms(100), ms(500))
                    .within(Duration.ofMinutes(10), "training job j", s -> s).until(s -> false))
                    .isInstanceOfSatisfying(CeruleanException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("training job j did not end within 10 minutes (still Running)");
                    });
            assertThat(c.now).isBetween(Duration.ofMinutes(10).toNanos(), Duration.ofMinutes(10).toNanos() + 2_000_000);
        }

        @Test
        void theLastWaitEndsAtTheDeadlineSoTheLastQuestionIsAskedThere() {
            Clock c = new Clock();
            List<Long> asked = new ArrayList<>();
            Supplier<String> probe = () -> {
                asked.add(c.now / 1_000_000);
                return "Queued";
            };

            assertThatThrownBy(() -> Poll.of(probe, () -> c.now, c::sleep).every(ms(400)).within(ms(1000), "x", s -> s).until(s -> false))
                    .isInstanceOf(CeruleanException.class).hasMessageContaining("within 1 second (still Queued)");
            assertThat(asked).containsExactly(0L, 400L, 800L, 1000L);
        }

        @Test
        void anAnswerThatIsDoneAtTheDeadlineIsReturned() throws InterruptedException {
            Clock c = new Clock();
            assertThat(Poll.of(answers(c, 0, "a", "done"), () -> c.now, c::sleep).every(ms(1000)).within(ms(1000), "x", s -> s)
                    .until(s -> s.equals("done"))).isEqualTo("done");
        }
    }

    @Test
    void intervalsMustBePositiveAndOrdered() {
        assertThatThrownBy(() -> Poll.of(() -> "").every(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Poll.of(() -> "").every(ms(500), ms(100))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsAreSaidInWholeUnits() {
        assertThat(Poll.words(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(Poll.words(Duration.ofSeconds(90))).isEqualTo("90 seconds");
        assertThat(Poll.words(ms(1500))).isEqualTo("1500 ms");
    }
}
