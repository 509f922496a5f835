package dev.cerulean.engine;

import dev.cerulean.core.CancelToken;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.engine.compute.ComputePool;
import dev.cerulean.engine.compute.ComputeTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every kind of work through one lifecycle. A submission waits for a slot of its compute
 * target (or, for work that holds none, starts at once), is moved to Starting, runs its
 * {@link Executor} with a cancel token, its timeout and its log, and ends Completed, Failed or
 * Canceled exactly once. Cancel, timeout, shutdown and clean-up are handled here, for all kinds alike.
 *
 * <p>Work lives in {@code <root>/<id>/}: its log under {@code logs/}, its code, inputs, outputs and
 * scratch files beside it until it ends.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** Why running work stops when the engine closes. */
    public static final String SHUTDOWN = "the server stopped while the job was running";
    /** How long a closing engine gives controllers (sweeps) to record how they ended. */
    private static final long CONTROLLER_DRAIN_SECONDS = 5;

    private final Map<JobType, Executor<?>> executors = java.util.Collections.synchronizedMap(new EnumMap<>(JobType.class));
    private final ComputeTargets targets;
    private final Path root;
    private final Clock clock;
    private final Map<String, ComputePool> pools = new ConcurrentHashMap<>();
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final ExecutorService controllers;
    private final ScheduledExecutorService timers;

    /** Work the engine knows of, queued or running. */
    private record Active(Submission<?> submission, CancelToken token) {
    }

    /**
     * An engine with no executors yet: the owners of each kind of work {@link #register} theirs.
     *
     * @param targets the compute targets' slots
     * @param root    the folder work runs in
     */
    public Engine(ComputeTargets targets, Path root, Clock clock) {
        this.targets = targets;
        this.root = root;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.controllers = Executors.newCachedThreadPool(r -> daemon(r, "controller-" + n.incrementAndGet()));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "job-timeouts"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Adds the executor of a kind of work, once.
     *
     * @throws IllegalStateException when that kind has one already
     */
    public synchronized void register(Executor<?> executor) {
        if (executors.putIfAbsent(executor.type(), executor) != null) {
            throw new IllegalStateException("an executor for " + executor.type() + " is registered already");
        }
    }

    /**
     * Queues work on its compute target.
     *
     * @throws dev.cerulean.core.NotFoundException when the compute target does not exist
     * @throws IllegalArgumentException when no executor runs the submission's type
     */
    public <S> void submit(Submission<S> s) {
        Executor<S> executor = executor(s.type());
        CancelToken token = new CancelToken();
        if (active.putIfAbsent(s.id(), new Active(s, token)) != null) {
            throw new IllegalStateException(s.id() + " is already queued or running");
        }
        try {
            if (executor.holdsComputeSlot()) {
                pool(s.compute()).submit(s.id(), () -> run(s, executor, token));
            } else {
                targets.slots(s.compute());
                controllers.execute(() -> run(s, executor, token));
            }
        } catch (RuntimeException e) {
            active.remove(s.id());
            if (e instanceof RejectedExecutionException) {
                s.lifecycle().finish(JobStatus.FAILED, "the server is stopping", log(s.id()));
                return;
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private <S> Executor<S> executor(JobType type) {
        Executor<?> e = executors.get(type);
        if (e == null) {
            throw new IllegalArgumentException("no executor runs " + type + " work");
        }
        return (Executor<S>) e;
    }

    /**
     * Asks work to stop: queued work ends Canceled at once; running work is told through its token
     * and ends when its executor returns.
     *
     * @return false when the engine does not know the work (never submitted, or already ended)
     */
    public boolean cancel(String id, String reason) {
        Active a = active.get(id);
        if (a == null) {
            return false;
        }
        a.token().cancel(reason);
        ComputePool pool = pools.get(a.submission().compute());
        if (pool != null && pool.cancelQueued(id) && active.remove(id, a)) {
            a.submission().lifecycle().finish(JobStatus.CANCELED, reason, log(id));
        }
        return true;
    }

    /** Whether the engine is running or holding the work. */
    public boolean isActive(String id) {
        return active.containsKey(id);
    }

    /** A job's log, written or not. */
    public JobLog log(String id) {
        return new JobLog(root.resolve(id).resolve("logs").resolve("std_log.txt"), clock);
    }

    /** Queued and running counts of a compute target ({0, 0} before it ran anything). */
    public int[] load(String compute) {
        ComputePool pool = pools.get(compute);
        return pool == null ? new int[] {0, 0} : new int[] {pool.queueLength(), pool.running()};
    }

    /** Drops a compute target's pool (its target was deleted; nothing of it is queued or running). */
    public void removeTarget(String compute) {
        ComputePool pool = pools.remove(compute);
        if (pool != null) {
            pool.close();
        }
    }

    /** The pool of a target, made on first use and resized when the target's slots changed. */
    private ComputePool pool(String compute) {
        int slots = targets.slots(compute);
        ComputePool pool = pools.computeIfAbsent(compute, n -> new ComputePool(n, slots));
        if (pool.maxConcurrent() != slots) {
            pool.resize(slots);
        }
        return pool;
    }

    private <S> void run(Submission<S> s, Executor<S> executor, CancelToken token) {
        String id = s.id();
        Path folder = root.resolve(id);
        JobLog log = log(id);
        ScheduledFuture<?> timeout = null;
        try {
            if (!s.lifecycle().start()) {
                return;
            }
            if (s.timeout() != null) {
                long seconds = s.timeout().toSeconds();
                timeout = timers.schedule(() -> token.cancel("the job exceeded limits.timeout of " + seconds + " s"), s.timeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            String error = null;
            String failure = null;
            if (!token.isCancelled()) {
                try {
                    executor.execute(new Execution<>(s, token, log, folder, clock));
                } catch (Execution.ExecutionCanceled e) {
                    // the token says why
                } catch (ExecutionFailed e) {
                    failure = e.getMessage();
                } catch (CeruleanException e) {
                    log.append("error: " + e.getMessage());
                    error = e.getMessage();
                } catch (InterruptedException e) {
                    token.cancel(SHUTDOWN);
                } catch (Exception | Error e) {
                    log.append("error: " + e);
                    LOG.error("{} {} failed", s.type(), id, e);
                    error = String.valueOf(e.getMessage());
                }
            }
            if (timeout != null) {
                timeout.cancel(false);
            }
            // Ended work needs only its log, and is seen ended once recorded: clean up first.
            cleanUp(folder);
            // An interrupted thread can break the database's file channel: record the end first.
            boolean interrupted = Thread.interrupted();
            JobStatus status;
            if (token.isCancelled()) {
                // The executor's own account of how it stopped, when it gave one, else the token's reason.
                error = failure != null ? failure : token.reason();
                status = token.reason().startsWith("canceled") ? JobStatus.CANCELED : JobStatus.FAILED;
            } else {
                error = failure != null ? failure : error;
                status = error == null ? JobStatus.COMPLETED : JobStatus.FAILED;
            }
            try {
                s.lifecycle().finish(status, error, log);
            } catch (RuntimeException e) {
                LOG.error("{} {} ended {} but its end could not be recorded", s.type(), id, status, e);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            active.remove(id);
        }
    }

    /** Removes what ended work no longer needs: everything of its folder but its log. */
    private static void cleanUp(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (child.getFileName().toString().equals("logs")) {
                    continue;
                }
                try (Stream<Path> s = Files.walk(child)) {
                    s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up {}: {}", folder, e.getMessage());
        }
    }

    /**
     * Stops running work (it fails: the server is stopping), gives controllers a moment to record
     * how their work ended, and waits for the pools to drain.
     */
    @Override
    public void close() {
        active.values().forEach(a -> a.token().cancel(SHUTDOWN));
        controllers.shutdown();
        try {
            if (!controllers.awaitTermination(CONTROLLER_DRAIN_SECONDS, TimeUnit.SECONDS)) {
                controllers.shutdownNow();
            }
        } catch (InterruptedException e) {
            controllers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        pools.values().forEach(ComputePool::close);
        pools.clear();
    }
}
