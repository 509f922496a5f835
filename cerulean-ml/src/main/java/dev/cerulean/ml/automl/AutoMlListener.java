package dev.cerulean.ml.automl;

import dev.cerulean.ml.model.Model;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Receives an AutoML run's progress: the job engine turns these into MLflow child runs and progress lines.
 * Calls are never concurrent (AutoML serialises them, even with parallel trials) and come in order: {@link
 * #guardrails} once before training, then for each trial {@link #trialStarted} and later {@link
 * #trialFinished}, {@link #bestSoFar} whenever the best changes, {@link #progress} between steps. A listener
 * that throws fails the run. Keep callbacks quick: they run inside the time budget.
 */
public interface AutoMlListener {
    /** A listener that ignores everything. */
    AutoMlListener NONE = new AutoMlListener() {
    };

    /** The data guardrails, checked before training. */
    default void guardrails(List<Guardrail> guardrails) {
    }

    /** A trial starts. */
    default void trialStarted(TrialStarted event) {
    }

    /**
     * A trial ended. {@link TrialFinished#model()} is open until this call returns; AutoML may close it later
     * (when it is not part of the best model), so save it now (e.g. with {@code ModelPackage.save}) to keep it.
     */
    default void trialFinished(TrialFinished event) {
    }

    /** The best trial so far changed. */
    default void bestSoFar(BestSoFar event) {
    }

    /** A progress note: the phase, time used and left, trials done. */
    default void progress(Progress event) {
    }

    /**
     * A trial starts.
     *
     * @param trialId         its id (from 1)
     * @param algorithm       Azure ML's algorithm name
     * @param learner         Cerulean's learner name
     * @param hyperparameters the hyperparameters
     * @param featurization   how its columns are featurized
     * @param origin          {@code portfolio:<config>}, {@code tuning:cfo} or {@code ensemble}
     * @param startedAt       when it started
     */
    record TrialStarted(int trialId, String algorithm, String learner, Map<String, Object> hyperparameters, String featurization,
            String origin, Instant startedAt) {
    }

    /**
     * A trial ended.
     *
     * @param result its leaderboard row (metrics, primary metric, duration, status)
     * @param model  the trained model (a single or bagged model, or for the ensemble rows of classification and
     *               regression the {@link EnsembleModel}); null when the trial failed or was cancelled, and for
     *               forecasting's ensemble row; open only during the call
     */
    record TrialFinished(TrialResult result, Model model) {
    }

    /**
     * The best trial so far.
     *
     * @param trialId   its id
     * @param algorithm its algorithm name
     * @param metric    the primary metric's name
     * @param value     its value
     */
    record BestSoFar(int trialId, String algorithm, String metric, double value) {
    }

    /**
     * Progress.
     *
     * @param phase          {@code loading}, {@code guardrails}, {@code search}, {@code ensembling}, {@code testing},
     *                       {@code explaining}, {@code done}
     * @param elapsed        time since the run started
     * @param remaining      time left in the budget
     * @param trialsFinished trials finished so far
     * @param message        a one-line description
     */
    record Progress(String phase, Duration elapsed, Duration remaining, int trialsFinished, String message) {
    }
}
