package dev.cerulean.ml.learn;

import dev.cerulean.ml.feature.FeatureMatrix;
import java.util.function.BooleanSupplier;

/**
 * Everything a fit needs besides data and hyperparameters.
 *
 * @param seed    the random seed (always explicit)
 * @param threads native threads to use (at least 1); results are reproducible for a fixed count
 * @param validX  validation features for early stopping, or null
 * @param validY  validation targets, or null
 * @param stop    asked between boosting rounds (and trees of a forest) whether to stop now, keeping the
 *                rounds trained so far (AutoML's deadline and cancellation), or null for never. A fit
 *                stopped this way reports {@code interrupted=true} in its training info. Learners that
 *                do not train round by round (elastic net, kNN) do not ask.
 */
public record FitContext(long seed, int threads, FeatureMatrix validX, double[] validY, BooleanSupplier stop) {
    public FitContext {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if ((validX == null) != (validY == null)) {
            throw new IllegalArgumentException("validX and validY go together");
        }
    }

    /** A context that never stops early (the form before {@link #stop} existed). */
    public FitContext(long seed, int threads, FeatureMatrix validX, double[] validY) {
        this(seed, threads, validX, validY, null);
    }

    /** A seed, all available cores (at most 8), no validation set. */
    public static FitContext of(long seed) {
        return new FitContext(seed, defaultThreads(), null, null, null);
    }

    /** The same context with a validation set. */
    public FitContext withValidation(FeatureMatrix x, double[] y) {
        return new FitContext(seed, threads, x, y, stop);
    }

    /** The same context with another thread count. */
    public FitContext withThreads(int n) {
        return new FitContext(seed, n, validX, validY, stop);
    }

    /** The same context with a stop condition (null for none). */
    public FitContext withStop(BooleanSupplier condition) {
        return new FitContext(seed, threads, validX, validY, condition);
    }

    /** Whether the stop condition says to stop now (false without one). */
    public boolean shouldStop() {
        return stop != null && stop.getAsBoolean();
    }

    /** All available cores, capped at 8. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }
}
