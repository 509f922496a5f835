package dev.cerulean.serving.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.endpoint.DataCollectorSettings;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.core.endpoint.ProbeSettings;
import dev.cerulean.core.endpoint.RequestSettings;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.serving.Await;
import dev.cerulean.serving.ServingLimits;
import dev.cerulean.serving.TestModels;
import dev.cerulean.serving.request.AzureScoring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ServingRuntimeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final EndpointKeys KEYS = new EndpointKeys("primary-key", "secondary-key");
    static final String AUTH = "Bearer primary-key";

    @TempDir
    Path dir;
    ServingRuntime runtime;
    final ConcurrentLinkedQueue<String> registered = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() {
        runtime = new ServingRuntime(new ServingLimits(1000, 1 << 20), dir.resolve("collector"), (collection, name, file, start) -> {
            registered.add(collection + " " + name + " " + Files.readAllLines(file).size());
        }, Clock.systemUTC());
        runtime.addEndpoint("ep", KEYS);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    static OnlineDeployment config(String name, int instances, int concurrency, int timeoutMs, int queueWaitMs,
            DataCollectorSettings collector) {
        return new OnlineDeployment("ep", name, "", Map.of(), "m", 1, instances, new RequestSettings(concurrency, timeoutMs, queueWaitMs),
                new ProbeSettings(1, 1, 1, 1, 1), new ProbeSettings(0, 1, 1, 1, 3), Map.of(), collector, Instant.EPOCH, "test");
    }

    static ModelSource source(Model m) {
        return new ModelSource() {
            @Override
            public Model load() {
                return m;
            }

            @Override
            public Optional<Frame> example() {
                return Optional.empty();
            }
        };
    }

    void deploy(String name, Model m) throws Exception {
        deploy(config(name, 1, 4, 5000, 500, null), m);
    }

    void deploy(OnlineDeployment c, Model m) throws Exception {
        runtime.addDeployment(c, source(m), m).get(10, TimeUnit.SECONDS);
    }

    CompletableFuture<Scored> score(String header, double x) {
        AzureScoring.Request r = AzureScoring.INSTANCE.parse("application/json",
                ("{\"input_data\": [[" + x + "]]}").getBytes(StandardCharsets.UTF_8));
        return runtime.score("ep", AUTH, header, m -> AzureScoring.INSTANCE.score(r, m, runtime.limits()));
    }

    static double value(Scored s) throws Exception {
        JsonNode n = JSON.readTree(s.output().body());
        return n.get(0).get("prediction").asDouble();
    }

    static CeruleanException failure(CompletableFuture<Scored> f) {
        return failure(f, Duration.ofSeconds(20));
    }

    /** How a request failed, which it must within {@code deadline}. */
    static CeruleanException failure(CompletableFuture<Scored> f, Duration deadline) {
        try {
            f.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (ServingRuntime.unwrap(e) instanceof CeruleanException ce) {
                return ce;
            }
            throw new AssertionError("not a CeruleanException", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the request to fail");
    }

    @Nested
    class Routing {
        @Test
        void splitsLiveTrafficByWeight() throws Exception {
            deploy("blue", TestModels.Stub.times(1));
            deploy("green", TestModels.Stub.times(2));
            runtime.setTraffic("ep", Map.of("blue", 80, "green", 20), Map.of());

            int green = 0;
            for (int i = 0; i < 2000; i++) {
                Scored s = score(null, 1).get(5, TimeUnit.SECONDS);
                assertThat(value(s)).isEqualTo(s.deployment().equals("blue") ? 1.0 : 2.0);
                green += s.deployment().equals("green") ? 1 : 0;
            }
            assertThat(green).isBetween(300, 500);
        }

        @Test
        void theDeploymentHeaderReachesADeploymentWithoutTraffic() throws Exception {
            deploy("blue", TestModels.Stub.times(1));
            deploy("green", TestModels.Stub.times(2));
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of());

            assertThat(score("green", 3).get().deployment()).isEqualTo("green");
            assertThat(value(score("green", 3).get())).isEqualTo(6.0);
        }

        @Test
        void unknownEndpointsAndDeploymentsAre404AndNoTrafficIs503() throws Exception {
            deploy("blue", TestModels.Stub.times(1));

            assertThat(failure(runtime.score("nope", AUTH, null, m -> null)).code()).isEqualTo(ErrorCode.NOT_FOUND);
            CeruleanException e = failure(score("red", 1));
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("no deployment 'red'").contains("blue");
            CeruleanException none = failure(score(null, 1));
            assertThat(none.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(none.getMessage()).contains("--traffic");
        }

        @Test
        void keysAreCheckedAndRegeneratedKeysReplaceOldOnes() throws Exception {
            deploy("blue", TestModels.Stub.times(1));
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of());
            Scoring work = m -> AzureScoring.INSTANCE.score(AzureScoring.INSTANCE.parse(null,
                    "{\"input_data\": [[1]]}".getBytes(StandardCharsets.UTF_8)), m, runtime.limits());

            assertThat(failure(runtime.score("ep", null, null, work)).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(failure(runtime.score("ep", "Bearer nope", null, work)).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(failure(runtime.score("ep", "primary-key", null, work)).getMessage()).contains("Bearer");
            assertThat(runtime.score("ep", "bearer secondary-key", null, work).get().deployment()).isEqualTo("blue");

            runtime.setKeys("ep", KEYS.regenerate(EndpointKeys.KeyType.PRIMARY));
            assertThat(failure(runtime.score("ep", AUTH, null, work)).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(runtime.meters("ep", "none").count(401, false)).isEqualTo(4);
        }
    }

    @Nested
    class Mirroring {
        @Test
        void mirroredRequestsAreScoredButNeverAnsweredAndDoNotSlowTheCaller() throws Exception {
            deploy("blue", TestModels.Stub.times(1));
            CountDownLatch release = new CountDownLatch(1);
            TestModels.Stub green = TestModels.Stub.times(2);
            deploy(config("green", 1, 1, 5000, 500, null), green);
            green.behave(f -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Predictions.regression(new double[f.rowCount()]);
            });
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of("green", 50));

            // the mirror's model answers nothing until every live request has been answered: a caller that
            // waited for it would not get its answer at all
            for (int i = 0; i < 200; i++) {
                Scored s = score(null, 1).get(5, TimeUnit.SECONDS);
                assertThat(s.deployment()).isEqualTo("blue");
                assertThat(value(s)).isEqualTo(1.0);
            }
            release.countDown();
            Await.until("a mirrored request answered by green", Duration.ofSeconds(10),
                    () -> runtime.meters("ep", "green").count(200, true) > 0);
            assertThat(runtime.meters("ep", "green").count(200, false)).isZero();
        }
    }

    @Nested
    class Admission {
        @Test
        void beyondCapacityAndQueueRequestsAre429AtOnceAndQueuedOnesAfterTheirWait() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            TestModels.Stub m = TestModels.Stub.times(1);
            deploy(config("blue", 1, 1, 10_000, 200, null), m);
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of());
            m.behave(f -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Predictions.regression(new double[f.rowCount()]);
            });

            List<CompletableFuture<Scored>> all = new ArrayList<>();
            for (int i = 0; i < 1 + 16 + 5; i++) {
                all.add(score(null, 1));
            }
            int immediate = 0;
            for (CompletableFuture<Scored> f : all) {
                if (f.isCompletedExceptionally()) {
                    immediate++;
                    assertThat(failure(f).code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
                }
            }
            assertThat(immediate).isEqualTo(5);
            // the 16 queued ones give up after max_queue_wait_ms (200 ms), within 3 s, while the slot is still held
            for (CompletableFuture<Scored> f : all.subList(1, 17)) {
                CeruleanException e = failure(f, Duration.ofSeconds(3));
                assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
                assertThat(e.getMessage()).contains("max_queue_wait_ms");
            }
            release.countDown();
            assertThat(all.get(0).get(5, TimeUnit.SECONDS).deployment()).isEqualTo("blue");
            assertThat(score(null, 1).get(5, TimeUnit.SECONDS)).isNotNull();
        }

        @Test
        void aRequestThatOutlivesItsTimeoutIs408AndTheWorkerIsFreedAfterwards() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            TestModels.Stub m = TestModels.Stub.times(1);
            deploy(config("blue", 1, 1, 150, 500, null), m);
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of());
            m.behave(f -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Predictions.regression(new double[f.rowCount()]);
            });

            // answered within 2 s of a 150 ms budget, while the model still holds the request
            CeruleanException e = failure(score(null, 1), Duration.ofSeconds(2));
            assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TIMEOUT);
            assertThat(e.getMessage()).contains("150 ms");
            release.countDown();
            m.behave(TestModels.Stub.times(1)::predict);
            assertThat(value(score(null, 4).get(5, TimeUnit.SECONDS))).isEqualTo(4.0);
            assertThat(runtime.meters("ep", "blue").count(408, false)).isEqualTo(1);
        }

        @Test
        void aModelThatThrowsIsA500NamingTheDeploymentAndTheNextRequestWorks() throws Exception {
            AtomicBoolean broken = new AtomicBoolean(true);
            TestModels.Stub ok = TestModels.Stub.times(1);
            TestModels.Stub m = new TestModels.Stub(f -> {
                if (broken.get() && !Double.isNaN(((dev.cerulean.ml.frame.NumericColumn) f.column("x")).value(0))) {
                    throw new IllegalStateException("native booster crashed");
                }
                return ok.predict(f);
            });
            deploy("blue", m);
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of());

            CeruleanException e = failure(score(null, 1));
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).contains("deployment 'blue'").contains("native booster crashed");
            broken.set(false);
            assertThat(value(score(null, 2).get())).isEqualTo(2.0);
            assertThat(runtime.logs("ep", "blue", 50).orElseThrow()).anyMatch(l -> l.contains("native booster crashed"));
        }
    }

    @Nested
    class Changes {
        @Test
        void aRemovedDeploymentFinishesItsInFlightRequestsBeforeClosing() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            TestModels.Stub green = TestModels.Stub.times(2);
            deploy("blue", TestModels.Stub.times(1));
            deploy("green", green);
            runtime.setTraffic("ep", Map.of("green", 100), Map.of());
            green.behave(f -> {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Predictions.regression(new double[] {42});
            });

            CompletableFuture<Scored> inFlight = score(null, 1);
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of());
            CompletableFuture<Void> removed = runtime.removeDeployment("ep", "green");
            assertThat(value(score(null, 5).get(5, TimeUnit.SECONDS))).isEqualTo(5.0);
            assertThat(removed).isNotDone();
            release.countDown();

            assertThat(value(inFlight.get(5, TimeUnit.SECONDS))).isEqualTo(42.0);
            removed.get(10, TimeUnit.SECONDS);
            assertThat(runtime.status("ep", "green")).isEmpty();
            assertThat(failure(score("green", 1)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void trafficMovesUnderLoadWithoutAFailedRequest() throws Exception {
            deploy("blue", TestModels.Stub.times(1));
            deploy("green", TestModels.Stub.times(2));
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger total = new AtomicInteger();
            ConcurrentHashMap<String, AtomicInteger> answered = new ConcurrentHashMap<>();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread c = new Thread(() -> {
                    while (running.get()) {
                        try {
                            Scored s = score(null, 1).get(5, TimeUnit.SECONDS);
                            answered.computeIfAbsent(s.deployment(), k -> new AtomicInteger()).incrementAndGet();
                            total.incrementAndGet();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                });
                c.start();
                clients.add(c);
            }
            // each split serves a few requests before the next change
            for (int round = 0; round < 20; round++) {
                runtime.setTraffic("ep", Map.of("blue", 50, "green", 50), Map.of());
                awaitMore(total, 5);
                runtime.setTraffic("ep", Map.of("green", 100), Map.of());
                awaitMore(total, 5);
                runtime.setTraffic("ep", Map.of("blue", 100), Map.of());
                awaitMore(total, 5);
            }
            runtime.setTraffic("ep", Map.of("green", 100), Map.of());
            runtime.removeDeployment("ep", "blue");
            awaitMore(total, 50);
            running.set(false);
            for (Thread c : clients) {
                c.join();
            }
            assertThat(failures.get()).isZero();
            assertThat(answered.get("blue").get()).isPositive();
            assertThat(answered.get("green").get()).isPositive();
        }
    }

    /** Waits until {@code n} more requests than now have been answered. */
    static void awaitMore(AtomicInteger answered, int n) {
        int target = answered.get() + n;
        Await.until(n + " more answers", Duration.ofSeconds(10), () -> answered.get() >= target);
    }

    @Nested
    class Probes {
        @Test
        void aReplicaThatStopsAnsweringIsReloaded() throws Exception {
            AtomicBoolean hang = new AtomicBoolean(false);
            CountDownLatch reloaded = new CountDownLatch(1);
            TestModels.Stub ok = TestModels.Stub.times(1);
            TestModels.Stub m = new TestModels.Stub(f -> {
                if (hang.get()) {
                    try {
                        reloaded.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return ok.predict(f);
            });
            OnlineDeployment c = new OnlineDeployment("ep", "blue", "", Map.of(), "m", 1, 1, new RequestSettings(2, 5000, 500),
                    new ProbeSettings(1, 1, 1, 1, 1), new ProbeSettings(0, 1, 1, 1, 3), Map.of(), null, Instant.EPOCH, "test");
            AtomicInteger loads = new AtomicInteger();
            runtime.addDeployment(c, new ModelSource() {
                @Override
                public Model load() {
                    loads.incrementAndGet();
                    hang.set(false);
                    reloaded.countDown();
                    return m;
                }

                @Override
                public Optional<Frame> example() {
                    return Optional.empty();
                }
            }, m).get(10, TimeUnit.SECONDS);
            hang.set(true);

            Await.until("the hung replica reloaded", Duration.ofSeconds(10),
                    () -> runtime.status("ep", "blue").orElseThrow().replicas().get(0).restarts() > 0);
            assertThat(runtime.status("ep", "blue").orElseThrow().replicas().get(0).restarts()).isEqualTo(1);
            assertThat(loads.get()).isEqualTo(1);
            assertThat(runtime.logs("ep", "blue", 100).orElseThrow()).anyMatch(l -> l.contains("reloaded"));
        }
    }

    @Nested
    class DataCollection {
        @Test
        void sampledInputsAndOutputsAreRegisteredWhenTheDeploymentStops() throws Exception {
            DataCollectorSettings dc = new DataCollectorSettings(1.0, DataCollectorSettings.RollingRate.HOUR, List.of(
                    new DataCollectorSettings.Collection("model_inputs", "ep-blue-model_inputs"),
                    new DataCollectorSettings.Collection("model_outputs", "ep-blue-model_outputs")));
            deploy(config("blue", 1, 4, 5000, 500, dc), TestModels.Stub.times(1));
            runtime.setTraffic("ep", Map.of("blue", 100), Map.of());
            for (int i = 0; i < 10; i++) {
                score(null, i).get(5, TimeUnit.SECONDS);
            }

            runtime.removeDeployment("ep", "blue").get(30, TimeUnit.SECONDS);

            assertThat(registered).containsExactlyInAnyOrder("model_inputs ep-blue-model_inputs 10", "model_outputs ep-blue-model_outputs 10");
        }
    }
}
