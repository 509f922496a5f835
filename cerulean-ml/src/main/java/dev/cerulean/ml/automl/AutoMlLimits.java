package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import java.time.Duration;

/**
 * Azure ML's {@code limits} section of an AutoML job.
 *
 * @param timeout                 the whole run, data checks to the final model and explanation; AutoML plans
 *                                its phases to finish within it (measured: within 10%)
 * @param trialTimeout            one trial (all its folds) at most; null for a share of the budget chosen by
 *                                AutoML (a quarter of the timeout)
 * @param maxTrials               model trials at most (ensembles are not counted); Azure's default 1000
 * @param maxConcurrentTrials     trials run at once (folds of a trial also run in parallel on the
 *                                {@link AutoMlSpec#threads()} threads); Azure's default 1
 * @param enableEarlyTermination  end the search when the primary metric has not improved (by more than 0.02%)
 *                                for {@link #EARLY_TERMINATION_WINDOW} trials and a tenth of the timeout (never
 *                                within the first 20 trials)
 * @param exitScore               end the search once the best model's primary metric reaches this value
 *                                (at least this good in the metric's direction); null for none
 */
public record AutoMlLimits(Duration timeout, Duration trialTimeout, int maxTrials, int maxConcurrentTrials,
        boolean enableEarlyTermination, Double exitScore) {
    /** Trials without improvement after which early termination ends the search. */
    public static final int EARLY_TERMINATION_WINDOW = 20;
    /** Azure ML's defaults but a one-hour timeout (Azure's six days do not suit a workstation). */
    public static final AutoMlLimits DEFAULT = new AutoMlLimits(Duration.ofHours(1), null, 1000, 1, true, null);

    public AutoMlLimits {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new InvalidParameterException("limits.timeout_minutes must be positive, got " + timeout, "limits.timeout_minutes");
        }
        if (trialTimeout != null && (trialTimeout.isNegative() || trialTimeout.isZero())) {
            throw new InvalidParameterException("limits.trial_timeout_minutes must be positive, got " + trialTimeout,
                    "limits.trial_timeout_minutes");
        }
        if (maxTrials < 1) {
            throw new InvalidParameterException("limits.max_trials must be at least 1, got " + maxTrials, "limits.max_trials");
        }
        if (maxConcurrentTrials < 1) {
            throw new InvalidParameterException("limits.max_concurrent_trials must be at least 1, got " + maxConcurrentTrials,
                    "limits.max_concurrent_trials");
        }
        if (exitScore != null && !Double.isFinite(exitScore)) {
            throw new InvalidParameterException("limits.exit_score must be a finite number, got " + exitScore, "limits.exit_score");
        }
    }

    /** These limits with another timeout. */
    public AutoMlLimits withTimeout(Duration t) {
        return new AutoMlLimits(t, trialTimeout, maxTrials, maxConcurrentTrials, enableEarlyTermination, exitScore);
    }

    /** These limits with another trial cap. */
    public AutoMlLimits withMaxTrials(int n) {
        return new AutoMlLimits(timeout, trialTimeout, n, maxConcurrentTrials, enableEarlyTermination, exitScore);
    }
}
