package dev.cerulean.serving.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.endpoint.DataCollectorSettings;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.serving.request.ScoringInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DataCollectorTest {
    @TempDir
    Path dir;

    /** A clock a test moves. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>();

        MovableClock(Instant start) {
            now.set(start);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    record Registered(String collection, String name, List<String> lines, Instant start) {
    }

    @Test
    void eachWindowBecomesOneRegisteredFileOfJsonLines() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T10:59:30Z"));
        ConcurrentLinkedQueue<Registered> got = new ConcurrentLinkedQueue<>();
        CountDownLatch firstWindow = new CountDownLatch(2);
        DataCollectorSettings settings = new DataCollectorSettings(1.0, DataCollectorSettings.RollingRate.HOUR, List.of(
                new DataCollectorSettings.Collection("model_inputs", "in"), new DataCollectorSettings.Collection("model_outputs", "out")));
        ServingMetrics metrics = new ServingMetrics();
        DataCollector c = new DataCollector(settings, dir, (col, name, file, start) -> {
            got.add(new Registered(col, name, Files.readAllLines(file), start));
            firstWindow.countDown();
        }, new DeploymentLog(clock), metrics.deployment("ep", "blue"), clock, "ep/blue");
        ScoringInput input = new ScoringInput(List.of("age", "workclass"), List.of(new Object[] {30L, "self"}, new Object[] {null, "x"}),
                null);
        Predictions p = Predictions.classification(List.of("no", "yes"), new double[] {0.25, 0.75, 0.5, 0.5});

        // each row is stamped when offered: r1 falls in the 10:00 window, r2 in the 11:00 one, which ends the first
        c.offer("r1", input, p);
        clock.now.set(Instant.parse("2026-01-01T11:00:05Z"));
        c.offer("r2", input, p);
        assertThat(firstWindow.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(got).hasSize(2);
        c.close();

        assertThat(got).hasSize(4);
        Registered first = got.stream().filter(r -> r.collection().equals("model_inputs")).findFirst().orElseThrow();
        assertThat(first.name()).isEqualTo("in");
        assertThat(first.start()).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        ObjectMapper json = new ObjectMapper();
        JsonNode row = json.readTree(first.lines().get(1));
        assertThat(row.get("request_id").asText()).isEqualTo("r1");
        assertThat(row.get("row").asInt()).isEqualTo(1);
        assertThat(row.get("age").isNull()).isTrue();
        Registered outputs = got.stream().filter(r -> r.collection().equals("model_outputs")).findFirst().orElseThrow();
        JsonNode out = json.readTree(outputs.lines().get(0));
        assertThat(out.get("prediction").asText()).isEqualTo("yes");
        assertThat(out.get("probability_yes").asDouble()).isEqualTo(0.75);
        assertThat(got.stream().filter(r -> r.start().equals(Instant.parse("2026-01-01T11:00:00Z")))).hasSize(2);
    }

    @Test
    void samplingKeepsAboutTheRateAndARefusedRegistrationIsRetriedAtTheNextWindow() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T10:00:00Z"));
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        CountDownLatch refused = new CountDownLatch(1);
        DataCollectorSettings settings = new DataCollectorSettings(0.2, DataCollectorSettings.RollingRate.MINUTE, List.of(
                new DataCollectorSettings.Collection("model_inputs", "in")));
        DeploymentLog log = new DeploymentLog(clock);
        DataCollector c = new DataCollector(settings, dir, (col, name, file, start) -> {
            if (refuse.get()) {
                refused.countDown();
                throw new IllegalStateException("database down");
            }
            got.add(start.toString());
        }, log, new ServingMetrics().deployment("ep", "blue"), clock, "ep/blue");
        ScoringInput input = new ScoringInput(List.of("x"), List.<Object[]>of(new Object[] {1.0}), null);
        int accepted = 0;
        for (int i = 0; i < 2000; i++) {
            accepted += c.offer("r" + i, input, Predictions.regression(new double[] {1})) ? 1 : 0;
        }
        assertThat(accepted).isBetween(300, 500);
        clock.now.set(Instant.parse("2026-01-01T10:01:00Z"));
        // sampled like any row: offer until one is taken; it ends the 10:00 window, whose registration is refused
        for (int i = 0; i < 1000 && !c.offer("late" + i, input, Predictions.regression(new double[] {1})); i++) {
            assertThat(i).isLessThan(999);
        }
        assertThat(refused.await(10, TimeUnit.SECONDS)).isTrue();
        refuse.set(false);
        c.close();

        assertThat(got).containsExactly("2026-01-01T10:00:00Z", "2026-01-01T10:01:00Z");
        assertThat(log.tail(100)).anyMatch(l -> l.contains("retried when the next window ends"));
    }

    @Test
    void aWindowThatCouldNotBeRegisteredIsTriedAgainWhenTheCollectorCloses() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T10:00:00Z"));
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean(true);
        CountDownLatch refused = new CountDownLatch(1);
        DeploymentLog log = new DeploymentLog(clock);
        DataCollector c = new DataCollector(new DataCollectorSettings(1.0, DataCollectorSettings.RollingRate.MINUTE, List.of(
                new DataCollectorSettings.Collection("model_inputs", "in"))), dir, (col, name, file, start) -> {
                    if (refuse.get()) {
                        refused.countDown();
                        throw new IllegalStateException("database down");
                    }
                    got.add(start.toString());
                }, log, new ServingMetrics().deployment("ep", "blue"), clock, "ep/blue");
        c.offer("r1", new ScoringInput(List.of("x"), List.<Object[]>of(new Object[] {1.0}), null), Predictions.regression(new double[] {1}));
        clock.now.set(Instant.parse("2026-01-01T10:05:00Z"));
        // with no row to end it, the collector rolls the window on its own within a second, and the registration fails
        assertThat(refused.await(10, TimeUnit.SECONDS)).isTrue();
        refuse.set(false);
        c.close();

        assertThat(got).containsExactly("2026-01-01T10:00:00Z");
    }

    @Test
    void aRowOfAWindowAlreadyRegisteredGoesInTheCurrentWindowSoEachWindowIsRegisteredOnce() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T09:59:50Z"));
        ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
        CountDownLatch registering = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        DataCollector c = new DataCollector(new DataCollectorSettings(1.0, DataCollectorSettings.RollingRate.MINUTE, List.of(
                new DataCollectorSettings.Collection("model_inputs", "in"))), dir, (col, name, file, start) -> {
                    got.add(start + " " + Files.readAllLines(file).size());
                    registering.countDown();
                    proceed.await();
                }, new DeploymentLog(clock), new ServingMetrics().deployment("ep", "blue"), clock, "ep/blue");
        ScoringInput one = new ScoringInput(List.of("x"), List.<Object[]>of(new Object[] {1.0}), null);
        c.offer("r0", one, Predictions.regression(new double[] {1}));
        clock.now.set(Instant.parse("2026-01-01T10:00:10Z"));
        c.offer("r1", one, Predictions.regression(new double[] {1}));
        // r1 ends the 09:59 window; while that registers, a row of the 10:00 window is scored and the clock passes 10:01
        assertThat(registering.await(10, TimeUnit.SECONDS)).isTrue();
        clock.now.set(Instant.parse("2026-01-01T10:00:59Z"));
        c.offer("r2", one, Predictions.regression(new double[] {1}));
        clock.now.set(Instant.parse("2026-01-01T10:01:05Z"));
        proceed.countDown();
        c.close();

        // the 10:00 window rolls (with r1) before r2 is written; r2 goes in the 10:01 window instead of opening 10:00 again
        assertThat(got).containsExactly("2026-01-01T09:59:00Z 1", "2026-01-01T10:00:00Z 1", "2026-01-01T10:01:00Z 1");
    }
}
