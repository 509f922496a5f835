package dev.cerulean.serving.runtime;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.core.endpoint.ProbeSettings;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.serving.ServedModel;
import dev.cerulean.serving.request.ScoringOutput;
import dev.cerulean.serving.telemetry.DataCollector;
import dev.cerulean.serving.telemetry.DeploymentLog;
import dev.cerulean.serving.telemetry.ServingMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment in the runtime: its replicas, its worker pool and queue, its probes. See the
 * package comment for the admission rules.
 */
final class DeploymentRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRuntime.class);

    enum State {
        LOADING("Loading"), READY("Ready"), FAILED("Failed"), DRAINING("Draining"), STOPPED("Stopped");

        final String text;

        State(String text) {
            this.text = text;
        }
    }

    /** One loaded copy of the model. */
    private final class Replica {
        final int index;
        volatile ModelLease lease;
        volatile boolean ready;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger restarts = new AtomicInteger();
        // probe streaks; changed only by probe completions, which run one at a time per replica
        int readyFailures;
        int readySuccesses;
        int liveFailures;
        // one probe of each kind at a time: a hung model must not keep the other kind from running
        final AtomicBoolean probingReady = new AtomicBoolean();
        final AtomicBoolean probingLive = new AtomicBoolean();
        final AtomicBoolean reloading = new AtomicBoolean();

        Replica(int index) {
            this.index = index;
        }
    }

    private final OnlineDeployment config;
    private final ModelSource source;
    private final DeploymentLog log;
    private final ServingMetrics.DeploymentMeters meters;
    private final DataCollector collector;
    private final ScheduledExecutorService timer;
    private final ExecutorService background;
    private final Replica[] replicas;
    private final ThreadPoolExecutor workers;
    private final int capacity;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicInteger nextReplica = new AtomicInteger();
    private final List<ScheduledFuture<?>> probes = new CopyOnWriteArrayList<>();
    private volatile State state = State.LOADING;
    private volatile String failure;
    private volatile Frame probeInput;
    private volatile String lastProbeError;

    DeploymentRuntime(OnlineDeployment config, ModelSource source, DeploymentLog log, ServingMetrics.DeploymentMeters meters,
            DataCollector collector, ScheduledExecutorService timer, ExecutorService background) {
        this.config = config;
        this.source = source;
        this.log = log;
        this.meters = meters;
        this.collector = collector;
        this.timer = timer;
        this.background = background;
        this.replicas = new Replica[config.instanceCount()];
        for (int i = 0; i < replicas.length; i++) {
            replicas[i] = new Replica(i);
        }
        this.capacity = config.requestSettings().maxConcurrentRequestsPerInstance() * config.instanceCount();
        BlockingQueue<Runnable> queue = config.requestSettings().maxQueueWaitMs() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(queueCapacity(capacity));
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(capacity, capacity, 30, TimeUnit.SECONDS, queue, r -> {
            Thread t = new Thread(r, "score-" + config.endpointName() + "-" + config.name() + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // idle workers go away, so that many quiet deployments hold no threads
        workers.allowCoreThreadTimeOut(true);
    }

    /** Requests that may wait for a free slot: four per slot, at least 16. */
    static int queueCapacity(int capacity) {
        return Math.max(16, 4 * capacity);
    }

    String name() {
        return config.name();
    }

    OnlineDeployment config() {
        return config;
    }

    DeploymentLog log() {
        return log;
    }

    ServingMetrics.DeploymentMeters meters() {
        return meters;
    }

    int inFlight() {
        int n = 0;
        for (Replica r : replicas) {
            n += r.inFlight.get();
        }
        return n;
    }

    int queued() {
        return workers.getQueue().size();
    }

    /** Completes when the deployment is ready; fails when it cannot load. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    boolean isReady() {
        return state == State.READY;
    }

    /** A model of this deployment (for metadata), or null when none is loaded. */
    ServedModel anyModel() {
        for (Replica r : replicas) {
            ModelLease l = r.lease;
            if (l != null) {
                return l.served();
            }
        }
        return null;
    }

    DeploymentStatus status() {
        List<DeploymentStatus.Replica> rs = new ArrayList<>();
        for (Replica r : replicas) {
            rs.add(new DeploymentStatus.Replica(r.index, r.ready && r.lease != null, r.inFlight.get(), r.restarts.get()));
        }
        return new DeploymentStatus(state.text, failure, capacity, inFlight(), queued(), rs);
    }

    // --- loading and probes ---------------------------------------------------------------------

    /**
     * Loads every replica in the background (the first from {@code preloaded} when given), probes each
     * for readiness, then starts the periodic probes.
     */
    void start(Model preloaded) {
        log.info("loading " + replicas.length + " replica(s) of model " + config.modelName() + ":" + config.modelVersion());
        background.execute(() -> {
            try {
                for (Replica r : replicas) {
                    long t0 = System.nanoTime();
                    Model m = r.index == 0 && preloaded != null ? preloaded : source.load();
                    r.lease = new ModelLease(served(m));
                    log.info("replica " + r.index + " loaded its model in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                }
                probeInput = source.example().orElseGet(() -> missingRow(replicas[0].lease.served().model().signature()));
                initialReadiness();
            } catch (RuntimeException e) {
                fail("cannot load model " + config.modelName() + ":" + config.modelVersion() + ": " + e.getMessage(), e);
            }
        });
    }

    private ServedModel served(Model m) {
        return new ServedModel(config.endpointName(), config.name(), config.modelName(), config.modelVersion(), m);
    }

    private void fail(String message, Throwable cause) {
        failure = message;
        if (state == State.LOADING) {
            state = State.FAILED;
        }
        log.error(message);
        LOG.warn("deployment {}/{}: {}", config.endpointName(), config.name(), message, cause);
        ready.completeExceptionally(new CeruleanException(ErrorCode.UNAVAILABLE, "deployment '" + config.name() + "' failed: " + message));
    }

    /** One row of missing values: every model accepts it, or refuses it as a client error, which still proves it alive. */
    static Frame missingRow(ModelSignature sig) {
        Object[] row = new Object[sig.inputs().size()];
        return Frame.fromRows(sig.inputNames(), List.<Object[]>of(row), sig.inputKinds());
    }

    private void initialReadiness() {
        ProbeSettings p = config.readinessProbe();
        sleepSeconds(p.initialDelay());
        for (Replica r : replicas) {
            int failures = 0;
            String last = null;
            while (true) {
                last = probeNow(r, p.timeout());
                if (last == null) {
                    r.ready = true;
                    break;
                }
                if (++failures >= p.failureThreshold()) {
                    break;
                }
                log.warn("replica " + r.index + " readiness probe failed (" + failures + "/" + p.failureThreshold() + "): " + last);
                sleepSeconds(p.period());
            }
            if (!r.ready) {
                log.error("replica " + r.index + " never became ready: " + last);
            }
        }
        if (Arrays.stream(replicas).noneMatch(r -> r.ready)) {
            fail("no replica passed its readiness probe", null);
            return;
        }
        if (state == State.LOADING) {
            state = State.READY;
            log.info("ready: " + replicas.length + " replica(s), " + capacity + " concurrent request(s), queue of "
                    + (config.requestSettings().maxQueueWaitMs() == 0 ? 0 : queueCapacity(capacity)));
            ready.complete(null);
            schedulePeriodicProbes();
        }
    }

    private static void sleepSeconds(int s) {
        if (s <= 0) {
            return;
        }
        try {
            Thread.sleep(s * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Scores the probe input on a replica; null when it answered, else why not. */
    private String probeNow(Replica r, int timeoutSeconds) {
        try {
            return probe(r).get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer within " + timeoutSeconds + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * A probe: scores the probe input; null when the model answered in time. An exception is an answer
     * too: a model that fails on some inputs is alive (its requests get 500s, which the metrics and log
     * show), while one that hangs is not. The exception is logged once per kind.
     */
    private CompletableFuture<String> probe(Replica r) {
        return CompletableFuture.supplyAsync(() -> {
            ModelLease l = r.lease;
            if (l == null || !l.tryAcquire()) {
                return "no model loaded";
            }
            try {
                l.served().model().predict(probeInput);
            } catch (RuntimeException e) {
                String kind = e.getClass().getName() + ": " + e.getMessage();
                if (!kind.equals(lastProbeError)) {
                    lastProbeError = kind;
                    log.warn("replica " + r.index + ": the model fails on the probe input (it still answers, so it counts as alive): " + e);
                }
            } finally {
                l.release();
            }
            return null;
        }, background);
    }

    private void schedulePeriodicProbes() {
        ProbeSettings ready = config.readinessProbe();
        ProbeSettings live = config.livenessProbe();
        for (Replica r : replicas) {
            probes.add(timer.scheduleWithFixedDelay(() -> periodicProbe(r, ready, false), ready.period(), ready.period(), TimeUnit.SECONDS));
            probes.add(timer.scheduleWithFixedDelay(() -> periodicProbe(r, live, true), Math.max(1, live.initialDelay()), live.period(),
                    TimeUnit.SECONDS));
        }
    }

    private void periodicProbe(Replica r, ProbeSettings p, boolean liveness) {
        AtomicBoolean busy = liveness ? r.probingLive : r.probingReady;
        if (state != State.READY || r.reloading.get() || !busy.compareAndSet(false, true)) {
            return;
        }
        probe(r).completeOnTimeout("no answer within " + p.timeout() + " s", p.timeout(), TimeUnit.SECONDS).whenComplete((problem, e) -> {
            busy.set(false);
            String why = e != null ? String.valueOf(e) : problem;
            synchronized (r) {
                if (liveness) {
                    r.liveFailures = why == null ? 0 : r.liveFailures + 1;
                    if (why != null) {
                        log.warn("replica " + r.index + " liveness probe failed (" + r.liveFailures + "/" + p.failureThreshold() + "): " + why);
                    }
                    if (r.liveFailures >= p.failureThreshold()) {
                        r.liveFailures = 0;
                        reload(r);
                    }
                } else if (why == null) {
                    r.readyFailures = 0;
                    if (!r.ready && ++r.readySuccesses >= p.successThreshold()) {
                        r.ready = true;
                        log.info("replica " + r.index + " is ready again");
                    }
                } else {
                    r.readySuccesses = 0;
                    log.warn("replica " + r.index + " readiness probe failed: " + why);
                    if (r.ready && ++r.readyFailures >= p.failureThreshold()) {
                        r.ready = false;
                        log.error("replica " + r.index + " is not ready: its readiness probe failed " + p.failureThreshold() + " times");
                    }
                }
            }
        });
    }

    /** Loads a fresh copy of the model into a replica whose liveness probe keeps failing. */
    private void reload(Replica r) {
        if (!r.reloading.compareAndSet(false, true)) {
            return;
        }
        log.error("replica " + r.index + " failed its liveness probe " + config.livenessProbe().failureThreshold() + " times: reloading it");
        r.ready = false;
        background.execute(() -> {
            try {
                ModelLease old = r.lease;
                r.lease = new ModelLease(served(source.load()));
                if (old != null) {
                    old.retire();
                }
                r.restarts.incrementAndGet();
                r.ready = true;
                log.info("replica " + r.index + " reloaded");
            } catch (RuntimeException e) {
                log.error("replica " + r.index + " could not be reloaded: " + e.getMessage());
            } finally {
                r.reloading.set(false);
            }
        });
    }

    // --- requests -------------------------------------------------------------------------------

    /** A request waiting for, or holding, a worker. */
    private final class Task implements Runnable {
        final Scoring work;
        final CompletableFuture<Scored> future;
        final String requestId;
        final boolean mirror;
        final long enqueued = System.nanoTime();
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile ScheduledFuture<?> expiry;

        Task(Scoring work, CompletableFuture<Scored> future, String requestId, boolean mirror) {
            this.work = work;
            this.future = future;
            this.requestId = requestId;
            this.mirror = mirror;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> x = expiry;
            if (x != null) {
                x.cancel(false);
            }
            if (future.isDone()) {
                return;
            }
            execute(this);
        }

        /** Gives up on a request still queued after {@code max_queue_wait_ms}. */
        void expire() {
            if (claimed.compareAndSet(false, true)) {
                workers.remove(this);
                future.completeExceptionally(new CeruleanException(ErrorCode.TOO_MANY_REQUESTS, "deployment '" + config.name()
                        + "' is busy: the request waited " + config.requestSettings().maxQueueWaitMs() + " ms (max_queue_wait_ms) for one of its "
                        + capacity + " slots; retry later, or raise instance_count or request_settings.max_concurrent_requests_per_instance",
                        "max_queue_wait_ms"));
            }
        }
    }

    /** The answer {@link #submit} gives when this deployment has left the routing table: route again. */
    static final CompletableFuture<Scored> RETIRED = CompletableFuture.failedFuture(new IllegalStateException("retired"));

    /**
     * Queues a request. The future fails with 429 when the queue is full or the wait too long, 503 when the
     * deployment failed or has no ready replica, 408 is applied by the caller's deadline.
     *
     * @return the future answer, or {@link #RETIRED} when this deployment is being removed
     */
    CompletableFuture<Scored> submit(Scoring work, String requestId, long deadlineNanos) {
        State s = state;
        if (s == State.DRAINING || s == State.STOPPED) {
            return RETIRED;
        }
        if (s == State.FAILED) {
            return CompletableFuture.failedFuture(new CeruleanException(ErrorCode.UNAVAILABLE, "deployment '" + config.name()
                    + "' is not serving: " + failure, "deployment"));
        }
        CompletableFuture<Scored> f = new CompletableFuture<>();
        if (s == State.LOADING) {
            // after a restart, requests wait (within their time budget) for the model to load
            long left = deadlineNanos - System.nanoTime();
            ready.copy().orTimeout(Math.max(1, left), TimeUnit.NANOSECONDS).whenComplete((v, e) -> {
                if (e != null) {
                    f.completeExceptionally(e instanceof CeruleanException || e.getCause() instanceof CeruleanException
                            ? (e instanceof CeruleanException ? e : e.getCause())
                            : new CeruleanException(ErrorCode.UNAVAILABLE, "deployment '" + config.name() + "' is still loading its model",
                                    "deployment"));
                    return;
                }
                CompletableFuture<Scored> inner = submit(work, requestId, deadlineNanos);
                if (inner == RETIRED) {
                    f.completeExceptionally(new CeruleanException(ErrorCode.UNAVAILABLE, "deployment '" + config.name()
                            + "' was removed", "deployment"));
                } else {
                    inner.whenComplete((r, x) -> {
                        if (x != null) {
                            f.completeExceptionally(x);
                        } else {
                            f.complete(r);
                        }
                    });
                }
            });
            return f;
        }
        return enqueue(new Task(work, f, requestId, false)) ? f : workers.isShutdown() ? RETIRED : f;
    }

    /**
     * Copies a request to this (mirror) deployment. Best effort: dropped, and counted, when the
     * deployment is not ready or its queue is full; its answer only feeds the metrics.
     */
    CompletableFuture<Scored> mirror(Scoring work, String requestId) {
        if (state != State.READY) {
            meters.dropped("mirror");
            return null;
        }
        CompletableFuture<Scored> f = new CompletableFuture<>();
        Task t = new Task(work, f, requestId, true);
        if (!enqueue(t)) {
            meters.dropped("mirror");
            return null;
        }
        return f;
    }

    /** @return false when the pool refused the task (queue full: the future then fails with 429; shut down: untouched) */
    private boolean enqueue(Task t) {
        int wait = config.requestSettings().maxQueueWaitMs();
        try {
            workers.execute(t);
        } catch (RejectedExecutionException e) {
            if (workers.isShutdown()) {
                return false;
            }
            t.future.completeExceptionally(new CeruleanException(ErrorCode.TOO_MANY_REQUESTS, "deployment '" + config.name()
                    + "' is at capacity: " + capacity + " request(s) scoring and " + queued() + " waiting; retry later, or raise instance_count "
                    + "or request_settings.max_concurrent_requests_per_instance", "max_concurrent_requests_per_instance"));
            return false;
        }
        if (wait > 0 && !t.claimed.get()) {
            t.expiry = timer.schedule(t::expire, wait, TimeUnit.MILLISECONDS);
            if (t.claimed.get()) {
                t.expiry.cancel(false);
            }
        }
        return true;
    }

    private Replica pickReplica() {
        int n = replicas.length;
        int start = Math.floorMod(nextReplica.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Replica r = replicas[(start + i) % n];
            if (r.ready && r.lease != null) {
                return r;
            }
        }
        return null;
    }

    private void execute(Task t) {
        Replica r = pickReplica();
        if (r == null) {
            t.future.completeExceptionally(new CeruleanException(ErrorCode.UNAVAILABLE, "deployment '" + config.name()
                    + "' has no ready replica (see online-deployment get-logs)", "deployment"));
            return;
        }
        ModelLease lease = r.lease;
        while (!lease.tryAcquire()) {
            lease = r.lease;
        }
        r.inFlight.incrementAndGet();
        long t0 = System.nanoTime();
        try {
            ScoringOutput out = t.work.score(lease.served());
            meters.model(System.nanoTime() - t0);
            if (t.future.complete(new Scored(t.requestId, config.name(), out)) && collector != null && !t.mirror) {
                collector.offer(t.requestId, out.input(), out.predictions());
            }
        } catch (CeruleanException e) {
            meters.model(System.nanoTime() - t0);
            if (e.code().httpStatus() >= 500) {
                String msg = "the model " + config.modelName() + ":" + config.modelVersion() + " failed on this request: " + e.getMessage();
                log.error("request " + t.requestId + ": " + msg);
                t.future.completeExceptionally(new CeruleanException(e.code(), "deployment '" + config.name() + "': " + msg, e.target(),
                        e.details(), e));
            } else {
                t.future.completeExceptionally(e);
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            String msg = "the model " + config.modelName() + ":" + config.modelVersion() + " failed on this request: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            log.error("request " + t.requestId + ": " + msg);
            LOG.error("deployment {}/{} request {}: model failed", config.endpointName(), config.name(), t.requestId, e);
            t.future.completeExceptionally(new CeruleanException(ErrorCode.INTERNAL, "deployment '" + config.name() + "': " + msg, null,
                    List.of(), e));
        } catch (Error e) {
            t.future.completeExceptionally(new CeruleanException(ErrorCode.INTERNAL, "deployment '" + config.name() + "' ran out of "
                    + "resources: " + e));
            throw e;
        } finally {
            r.inFlight.decrementAndGet();
            lease.release();
        }
    }

    // --- removal --------------------------------------------------------------------------------

    /**
     * Takes the deployment out of service after it has left the routing table: no new requests, the
     * queued and running ones finish (up to their timeout), then the models and the collector close.
     */
    CompletableFuture<Void> retire() {
        state = State.DRAINING;
        probes.forEach(p -> p.cancel(false));
        workers.shutdown();
        log.info("draining: " + inFlight() + " in flight, " + queued() + " queued");
        return CompletableFuture.runAsync(() -> {
            try {
                if (!workers.awaitTermination(config.requestSettings().requestTimeoutMs() + 5_000L, TimeUnit.MILLISECONDS)) {
                    log.warn("requests still running after the drain timeout; closing anyway");
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Replica r : replicas) {
                ModelLease l = r.lease;
                if (l != null) {
                    l.retire();
                }
            }
            if (collector != null) {
                collector.close();
            }
            state = State.STOPPED;
            ready.completeExceptionally(new CeruleanException(ErrorCode.UNAVAILABLE, "deployment '" + config.name() + "' was removed"));
            log.info("stopped");
        }, background);
    }
}
