package dev.cerulean.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.core.jobs.SearchSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private final Map<String, Integer> slots = new ConcurrentHashMap<>(Map.of("local", 2, "one", 1));
    private Engine engine;

    @BeforeEach
    void start() {
        engine = new Engine(name -> {
            Integer n = slots.get(name);
            if (n == null) {
                throw new NotFoundException("compute '" + name + "' does not exist", "compute");
            }
            return n;
        }, root, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    /** A lifecycle kept in memory, that records every move and lets a test wait for the end. */
    static class Recorded implements Lifecycle {
        final List<String> moves = java.util.Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ended = new CountDownLatch(1);
        volatile JobStatus status = JobStatus.QUEUED;
        volatile String error;
        volatile boolean interruptedAtFinish;
        volatile SearchSummary search;
        volatile boolean refuseStart;

        @Override
        public synchronized boolean start() {
            moves.add("start");
            if (refuseStart || status != JobStatus.QUEUED) {
                return false;
            }
            status = JobStatus.STARTING;
            return true;
        }

        @Override
        public synchronized boolean running() {
            moves.add("running");
            if (status != JobStatus.STARTING) {
                return false;
            }
            status = JobStatus.RUNNING;
            return true;
        }

        @Override
        public synchronized boolean finish(JobStatus s, String why, JobLog log) {
            moves.add("finish " + s);
            interruptedAtFinish = Thread.currentThread().isInterrupted();
            if (status.isTerminal()) {
                return false;
            }
            status = s;
            error = why;
            ended.countDown();
            return true;
        }

        @Override
        public void report(SearchSummary s) {
            search = s;
        }

        void await() throws InterruptedException {
            assertThat(ended.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the work ended; moves " + moves).isTrue();
        }
    }

    /** Work whose behaviour the test gives as a lambda. */
    interface Body {
        void run(Execution<String> e) throws Exception;
    }

    private static Executor<String> executor(JobType type, boolean slot, Body body) {
        return new Executor<>() {
            @Override
            public JobType type() {
                return type;
            }

            @Override
            public boolean holdsComputeSlot() {
                return slot;
            }

            @Override
            public void execute(Execution<String> e) throws Exception {
                body.run(e);
            }
        };
    }

    private Recorded submit(String id, JobType type, String compute, Duration timeout) {
        Recorded r = new Recorded();
        engine.submit(new Submission<>(id, type, compute, Principal.SYSTEM, "spec of " + id, timeout, r));
        return r;
    }

    @Nested
    class Lifecycles {
        @Test
        void workThatReturnsMovesQueuedStartingRunningCompletedAndKeepsOnlyItsLog() throws Exception {
            engine.register(executor(JobType.COMMAND, true, e -> {
                assertThat(e.spec()).isEqualTo("spec of a");
                Files.writeString(e.folder("scratch").resolve("tmp.txt"), "x");
                e.running();
                e.log().append("hello");
            }));
            Recorded r = submit("a", JobType.COMMAND, "local", null);
            r.await();
            assertThat(r.moves).containsExactly("start", "running", "finish Completed");
            assertThat(r.error).isNull();
            assertThat(Files.readString(engine.log("a").file())).contains("hello");
            try (var left = Files.list(root.resolve("a"))) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("logs");
            }
            awaitInactive("a");
        }

        @Test
        void workThatFailsForAReasonOfItsOwnEndsFailedWithThatReason() throws Exception {
            engine.register(executor(JobType.COMMAND, true, e -> {
                e.running();
                throw new ExecutionFailed("the command exited with code 3");
            }));
            Recorded r = submit("b", JobType.COMMAND, "local", null);
            r.await();
            assertThat(r.status).isEqualTo(JobStatus.FAILED);
            assertThat(r.error).isEqualTo("the command exited with code 3");
        }

        @Test
        void aRefusedInputFailsTheWorkAndIsWrittenToItsLog() throws Exception {
            engine.register(executor(JobType.TRAIN, true, e -> {
                throw new InvalidParameterException("'data' is not a table", "data");
            }));
            Recorded r = submit("c", JobType.TRAIN, "local", null);
            r.await();
            assertThat(r.status).isEqualTo(JobStatus.FAILED);
            assertThat(r.error).isEqualTo("'data' is not a table");
            assertThat(Files.readString(engine.log("c").file())).contains("error: 'data' is not a table");
        }

        @Test
        void workThatIsNoLongerQueuedWhenItsTurnComesIsNotRun() throws Exception {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(1);
            engine.register(executor(JobType.COMMAND, true, e -> runs.incrementAndGet()));
            Recorded r = new Recorded() {
                @Override
                public synchronized boolean start() {
                    super.start();
                    done.countDown();
                    return false;
                }
            };
            engine.submit(new Submission<>("d", JobType.COMMAND, "local", Principal.SYSTEM, "x", null, r));
            assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            awaitInactive("d");
            assertThat(runs).hasValue(0);
            assertThat(r.moves).containsExactly("start");
        }

        @Test
        void aSearchReportsWhereItStandsThroughItsLifecycle() throws Exception {
            engine.register(executor(JobType.AUTOML, true, e -> {
                e.running();
                e.report(SearchSummary.started("accuracy", true).withBest("run-3", 0.9));
            }));
            Recorded r = submit("e", JobType.AUTOML, "local", null);
            r.await();
            assertThat(r.search).isEqualTo(new SearchSummary("accuracy", "maximize", "run-3", 0.9));
        }
    }

    @Nested
    class Cancelling {
        @Test
        void queuedWorkEndsCanceledWithoutStarting() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(1);
            engine.register(executor(JobType.COMMAND, true, e -> {
                busy.countDown();
                release.await();
            }));
            Recorded first = submit("first", JobType.COMMAND, "one", null);
            assertThat(busy.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Recorded second = submit("second", JobType.COMMAND, "one", null);
            assertThat(engine.load("one")).containsExactly(1, 1);

            assertThat(engine.cancel("second", "canceled by alice")).isTrue();
            second.await();
            assertThat(second.moves).containsExactly("finish Canceled");
            assertThat(second.error).isEqualTo("canceled by alice");
            release.countDown();
            first.await();
            assertThat(first.status).isEqualTo(JobStatus.COMPLETED);
        }

        @Test
        void runningWorkSeesItsTokenAndEndsCanceledWithTheReason() throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            engine.register(executor(JobType.COMMAND, true, e -> {
                e.running();
                running.countDown();
                assertThat(e.cancel().await(WAIT)).isTrue();
                e.checkCancelled();
            }));
            Recorded r = submit("f", JobType.COMMAND, "local", null);
            assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            engine.cancel("f", "canceled by bob");
            r.await();
            assertThat(r.status).isEqualTo(JobStatus.CANCELED);
            assertThat(r.error).isEqualTo("canceled by bob");
        }

        @Test
        void workTheEngineDoesNotHoldCannotBeCancelledByIt() {
            assertThat(engine.cancel("nobody", "canceled")).isFalse();
        }

        @Test
        void workPastItsTimeoutIsStoppedAndFails() throws Exception {
            engine.register(executor(JobType.COMMAND, true, e -> {
                e.running();
                e.cancel().await(WAIT);
            }));
            Recorded r = submit("g", JobType.COMMAND, "local", Duration.ofMillis(200));
            r.await();
            assertThat(r.status).isEqualTo(JobStatus.FAILED);
            assertThat(r.error).isEqualTo("the job exceeded limits.timeout of 0 s");
        }

        @Test
        void anExecutorsOwnAccountOfHowItStoppedIsKeptWithTheTokensState() throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            engine.register(executor(JobType.SWEEP, false, e -> {
                e.running();
                running.countDown();
                e.cancel().await(WAIT);
                throw new ExecutionFailed(e.cancel().reason() + " (3 trials: 1 completed, 0 failed, 2 canceled)");
            }));
            Recorded r = submit("h", JobType.SWEEP, "local", null);
            assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            engine.cancel("h", "canceled by carol");
            r.await();
            assertThat(r.status).isEqualTo(JobStatus.CANCELED);
            assertThat(r.error).isEqualTo("canceled by carol (3 trials: 1 completed, 0 failed, 2 canceled)");
        }

        @Test
        void closingTheEngineFailsRunningWorkAndRecordsItsEndWithoutTheInterrupt() throws Exception {
            CountDownLatch running = new CountDownLatch(1);
            engine.register(executor(JobType.COMMAND, true, e -> {
                e.running();
                running.countDown();
                // Ignores its token: the pool's shutdown interrupts it.
                new CountDownLatch(1).await();
            }));
            Recorded r = submit("i", JobType.COMMAND, "local", null);
            assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            engine.close();
            r.await();
            assertThat(r.status).isEqualTo(JobStatus.FAILED);
            assertThat(r.error).isEqualTo(Engine.SHUTDOWN);
            assertThat(r.interruptedAtFinish).as("the end is recorded with the interrupt held back").isFalse();
        }
    }

    @Nested
    class Slots {
        @Test
        void aTargetRunsAsManyPiecesOfWorkAtOnceAsItHasSlots() throws Exception {
            AtomicInteger now = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch twoIn = new CountDownLatch(2);
            engine.register(executor(JobType.COMMAND, true, e -> {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                twoIn.countDown();
                go.await();
                now.decrementAndGet();
            }));
            List<Recorded> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(submit("w" + i, JobType.COMMAND, "local", null));
            }
            assertThat(twoIn.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            awaitLoad("local", 2, 2);
            go.countDown();
            for (Recorded r : all) {
                r.await();
                assertThat(r.status).isEqualTo(JobStatus.COMPLETED);
            }
            assertThat(most).hasValue(2);
        }

        @Test
        void workThatHoldsNoSlotRunsWhileTheTargetIsFull() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(1);
            engine.register(executor(JobType.COMMAND, true, e -> {
                busy.countDown();
                release.await();
            }));
            engine.register(executor(JobType.SWEEP, false, e -> e.running()));
            Recorded blocker = submit("blocker", JobType.COMMAND, "one", null);
            assertThat(busy.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            Recorded controller = submit("controller", JobType.SWEEP, "one", null);
            controller.await();
            assertThat(controller.status).isEqualTo(JobStatus.COMPLETED);
            release.countDown();
            blocker.await();
        }

        @Test
        void anUnknownTargetOrTypeOrATakenIdIsRefusedAtSubmission() {
            engine.register(executor(JobType.COMMAND, true, e -> new CountDownLatch(1).await()));
            assertThatThrownBy(() -> submit("x", JobType.COMMAND, "gpu", null)).isInstanceOf(NotFoundException.class);
            assertThat(engine.isActive("x")).isFalse();
            assertThatThrownBy(() -> submit("y", JobType.TRAIN, "local", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("train");
            submit("z", JobType.COMMAND, "local", null);
            assertThatThrownBy(() -> submit("z", JobType.COMMAND, "local", null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> engine.register(executor(JobType.COMMAND, true, e -> { })))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    private void awaitInactive(String id) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.isActive(id) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(engine.isActive(id)).isFalse();
    }

    private void awaitLoad(String compute, int queued, int running) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            int[] load = engine.load(compute);
            if (load[0] == queued && load[1] == running) {
                return;
            }
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(engine.load(compute)).containsExactly(queued, running);
    }
}
