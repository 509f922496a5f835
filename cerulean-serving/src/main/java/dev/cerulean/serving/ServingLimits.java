package dev.cerulean.serving;

/**
 * Limits on one scoring request, the same for every endpoint of a server.
 *
 * @param maxRows      rows one request may carry; more is refused with 413 (default 10,000; system
 *                     property {@code cerulean.serving.max-rows})
 * @param maxBodyBytes bytes one request body may have; more is refused with 413 (default 16 MiB;
 *                     system property {@code cerulean.serving.max-body-bytes})
 */
public record ServingLimits(int maxRows, long maxBodyBytes) {
    public static final int DEFAULT_MAX_ROWS = 10_000;
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    public ServingLimits {
        if (maxRows < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxRows + " rows, " + maxBodyBytes + " bytes");
        }
    }

    /** The defaults, overridden by the system properties named above. */
    public static ServingLimits fromSystemProperties() {
        return new ServingLimits(Integer.getInteger("cerulean.serving.max-rows", DEFAULT_MAX_ROWS),
                Long.getLong("cerulean.serving.max-body-bytes", DEFAULT_MAX_BODY_BYTES));
    }
}
