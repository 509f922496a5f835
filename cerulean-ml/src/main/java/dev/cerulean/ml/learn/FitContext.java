package dev.cerulean.ml.learn;

import dev.cerulean.ml.feature.FeatureMatrix;

/**
 * Everything a fit needs besides data and hyperparameters.
 *
 * @param seed    the random seed (always explicit)
 * @param threads native threads to use (at least 1); results are reproducible for a fixed count
 * @param validX  validation features for early stopping, or null
 * @param validY  validation targets, or null
 */
public record FitContext(long seed, int threads, FeatureMatrix validX, double[] validY) {
    public FitContext {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if ((validX == null) != (validY == null)) {
            throw new IllegalArgumentException("validX and validY go together");
        }
    }

    /** A seed, all available cores (at most 8), no validation set. */
    public static FitContext of(long seed) {
        return new FitContext(seed, defaultThreads(), null, null);
    }

    /** The same context with a validation set. */
    public FitContext withValidation(FeatureMatrix x, double[] y) {
        return new FitContext(seed, threads, x, y);
    }

    /** The same context with another thread count. */
    public FitContext withThreads(int n) {
        return new FitContext(seed, n, validX, validY);
    }

    /** All available cores, capped at 8. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }
}
