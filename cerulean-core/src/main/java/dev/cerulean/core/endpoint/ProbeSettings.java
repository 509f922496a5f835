package dev.cerulean.core.endpoint;

/**
 * A readiness or liveness probe of an online deployment, in Azure's terms. Cerulean probes by scoring
 * the model's input example (or one row of missing values) in-process.
 *
 * @param initialDelay     seconds before the first probe
 * @param period           seconds between probes
 * @param timeout          seconds a probe may take
 * @param successThreshold consecutive successes that make a replica ready again
 * @param failureThreshold consecutive failures after which a replica is unready (readiness) or
 *                         reloaded (liveness)
 */
public record ProbeSettings(int initialDelay, int period, int timeout, int successThreshold, int failureThreshold) {
    /**
     * Readiness defaults. Azure waits 10 s before the first probe to let a container start; an
     * in-process replica is ready as soon as its model is loaded, so Cerulean probes at once.
     */
    public static final ProbeSettings READINESS_DEFAULT = new ProbeSettings(0, 10, 2, 1, 30);
    /** Liveness defaults: Azure's, with the first probe one period after start. */
    public static final ProbeSettings LIVENESS_DEFAULT = new ProbeSettings(10, 10, 2, 1, 30);

    public ProbeSettings {
        if (initialDelay < 0 || period < 1 || timeout < 1 || successThreshold < 1 || failureThreshold < 1) {
            throw new IllegalArgumentException("probe settings out of range: initial_delay " + initialDelay + ", period " + period
                    + ", timeout " + timeout + ", success_threshold " + successThreshold + ", failure_threshold " + failureThreshold);
        }
    }
}
