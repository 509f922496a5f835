package dev.cerulean.core.endpoint;

/**
 * How an online deployment admits scoring requests ({@code request_settings}).
 *
 * @param maxConcurrentRequestsPerInstance requests one replica scores at once; beyond
 *                                         {@code this × instance_count} requests wait in a queue
 * @param requestTimeoutMs                 the whole budget of a request, queueing included, in
 *                                         milliseconds (1 to 180,000; Azure's default 5,000)
 * @param maxQueueWaitMs                   how long a request may wait for a free slot, in milliseconds
 *                                         (Azure's default 500); a request that waits longer is refused with 429
 */
public record RequestSettings(int maxConcurrentRequestsPerInstance, int requestTimeoutMs, int maxQueueWaitMs) {
    /** Azure's maximum {@code request_timeout_ms}. */
    public static final int MAX_TIMEOUT_MS = 180_000;
    /** Azure's default {@code request_timeout_ms}. */
    public static final int DEFAULT_TIMEOUT_MS = 5_000;
    /** Azure's default {@code max_queue_wait_ms}. */
    public static final int DEFAULT_QUEUE_WAIT_MS = 500;

    public RequestSettings {
        if (maxConcurrentRequestsPerInstance < 1 || maxConcurrentRequestsPerInstance > 1000) {
            throw new IllegalArgumentException("max_concurrent_requests_per_instance must be 1 to 1000: " + maxConcurrentRequestsPerInstance);
        }
        if (requestTimeoutMs < 1 || requestTimeoutMs > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("request_timeout_ms must be 1 to " + MAX_TIMEOUT_MS + ": " + requestTimeoutMs);
        }
        if (maxQueueWaitMs < 0 || maxQueueWaitMs > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("max_queue_wait_ms must be 0 to " + MAX_TIMEOUT_MS + ": " + maxQueueWaitMs);
        }
    }

    /**
     * Cerulean's default concurrency per replica: two per processor. Azure's default of 1 suits one
     * Python worker per VM; in-process scoring is thread-safe and takes well under a millisecond a
     * row, so one request per replica would leave the machine idle.
     */
    public static int defaultConcurrency() {
        return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    }
}
