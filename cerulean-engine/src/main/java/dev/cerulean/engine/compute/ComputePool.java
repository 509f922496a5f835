package dev.cerulean.engine.compute;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local compute target: at most {@code maxConcurrent} jobs at once on this machine; the others
 * wait in a queue and start in the order they were submitted.
 */
public final class ComputePool implements AutoCloseable {
    private final String name;
    private final ThreadPoolExecutor executor;
    private final Map<String, Runnable> queued = new ConcurrentHashMap<>();

    public ComputePool(String name, int maxConcurrent) {
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "compute-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return name;
    }

    public int maxConcurrent() {
        return executor.getMaximumPoolSize();
    }

    /** Changes how many jobs run at once; queued jobs start as slots free up. */
    public synchronized void resize(int maxConcurrent) {
        if (maxConcurrent > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(maxConcurrent);
            executor.setCorePoolSize(maxConcurrent);
        } else {
            executor.setCorePoolSize(maxConcurrent);
            executor.setMaximumPoolSize(maxConcurrent);
        }
    }

    /** Queues a job's work. */
    public void submit(String jobName, Runnable work) {
        Runnable task = new Runnable() {
            @Override
            public void run() {
                if (queued.remove(jobName, this)) {
                    work.run();
                }
            }
        };
        queued.put(jobName, task);
        executor.execute(task);
    }

    /** Takes a job out of the queue if it has not started; true if it was waiting. */
    public boolean cancelQueued(String jobName) {
        Runnable task = queued.remove(jobName);
        return task != null && executor.remove(task);
    }

    /** Jobs waiting to start. */
    public int queueLength() {
        return executor.getQueue().size();
    }

    /** Jobs running now. */
    public int running() {
        return executor.getActiveCount();
    }

    /**
     * Drops queued jobs and waits (up to 30 seconds) for running ones, which their owner has cancelled, to
     * finish recording their end and cleaning up their folders.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
