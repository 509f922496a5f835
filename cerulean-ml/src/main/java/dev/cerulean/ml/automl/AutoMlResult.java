package dev.cerulean.ml.automl;

import dev.cerulean.ml.explain.Explanation;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.Model;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link AutoMl#run}: the leaderboard, the best model and how it was chosen.
 *
 * @param task          the AutoML task
 * @param modelTask     the models' task: binary, multiclass or regression (regression for forecasting)
 * @param primaryMetric the metric optimised (Azure ML name)
 * @param higherIsBetter whether larger values of it are better
 * @param guardrails    the data guardrails
 * @param leaderboard   every trial and ensemble: the chosen best first, then by primary metric, unscored last
 * @param best          the chosen model's row (also {@code leaderboard.get(0)})
 * @param bestModel     the chosen model: a single model, a {@link BaggedModel}, an {@link EnsembleModel} or, for
 *                      forecasting, a forecaster. It holds native memory: {@link #close()} the result (or the
 *                      model) when done with it. Models of other trials are closed when the run ends.
 * @param testMetrics   the best model's metrics on the test data; empty without test data
 * @param explanation   the best model's feature importance, or null when explanations are off or there was no
 *                      time left for them
 * @param validation    how models were validated (the resampling)
 * @param stopReason    why the search ended
 * @param warnings      dropped rows, skipped algorithms, notes
 * @param elapsed       wall time of the whole run
 * @param details       task-specific facts (forecasting: frequency, seasonality, horizon, lags, series)
 */
public record AutoMlResult(AutoMlTask task, Task modelTask, String primaryMetric, boolean higherIsBetter,
        List<Guardrail> guardrails, List<TrialResult> leaderboard, TrialResult best, Model bestModel,
        Map<String, Double> testMetrics, Explanation explanation, String validation, StopReason stopReason,
        List<String> warnings, Duration elapsed, Map<String, Object> details) implements AutoCloseable {
    public AutoMlResult {
        guardrails = List.copyOf(guardrails);
        leaderboard = List.copyOf(leaderboard);
        testMetrics = testMetrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(testMetrics));
        warnings = List.copyOf(warnings);
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** Frees the best model's native memory. */
    @Override
    public void close() {
        if (bestModel instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the best model: " + e.getMessage(), e);
            }
        }
    }
}
