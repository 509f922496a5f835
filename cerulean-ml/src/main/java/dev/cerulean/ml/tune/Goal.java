package dev.cerulean.ml.tune;

import java.util.Locale;

/** Whether the primary metric of a sweep is to be made as large or as small as possible. */
public enum Goal {
    MAXIMIZE,
    MINIMIZE;

    /** The spelling used in specs: {@code maximize} or {@code minimize}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * True when {@code a} is strictly better than {@code b}. NaN is worse than every number, so a
     * trial that logged NaN never counts as the best.
     */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return this == MAXIMIZE ? a > b : a < b;
    }

    /** The better of two values (NaN loses). */
    public double best(double a, double b) {
        return better(b, a) ? b : a;
    }

    /** The value worse than every other: −∞ when maximizing, +∞ when minimizing. */
    public double worst() {
        return this == MAXIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * The value as a loss (smaller is better): itself when minimizing, its negation when maximizing.
     * NaN becomes +∞.
     */
    public double toLoss(double value) {
        if (Double.isNaN(value)) {
            return Double.POSITIVE_INFINITY;
        }
        return this == MAXIMIZE ? -value : value;
    }
}
