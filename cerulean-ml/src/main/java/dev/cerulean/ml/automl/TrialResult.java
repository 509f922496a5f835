package dev.cerulean.ml.automl;

import java.time.Duration;
import java.util.Map;

/**
 * One row of the leaderboard: a trained configuration (or an ensemble of them) and how it scored.
 *
 * @param id              the trial number, from 1 in launch order (ensembles follow the model trials)
 * @param algorithm       Azure ML's algorithm name ({@code LightGBM}, {@code XGBoostClassifier},
 *                        {@code RandomForest}, {@code ExtremeRandomTrees}, {@code LogisticRegression}, {@code ElasticNet},
 *                        {@code KNN}, {@code VotingEnsemble}, {@code StackEnsemble}, the forecasting models)
 * @param learner         Cerulean's learner name ({@code lightgbm}, ...; {@code ensemble} for ensembles)
 * @param hyperparameters the hyperparameters given to the learner (ensembles: member ids and weights)
 * @param featurization   a summary of how the columns were featurized for it
 * @param origin          why it ran: {@code portfolio:<config>}, {@code tuning:cfo}, {@code ensemble}
 * @param metrics         every metric of the task on the validation rows (out of fold with cross-validation)
 * @param score           the primary metric's value (NaN when the trial failed)
 * @param duration        wall time of the trial
 * @param status          how it ended
 * @param message         why it failed or was truncated; empty otherwise
 * @param trainingInfo    learner facts averaged over folds: {@code iterations}, {@code best_iteration}, ...
 */
public record TrialResult(int id, String algorithm, String learner, Map<String, Object> hyperparameters, String featurization,
        String origin, Map<String, Double> metrics, double score, Duration duration, TrialStatus status, String message,
        Map<String, Object> trainingInfo) {
    public TrialResult {
        hyperparameters = hyperparameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(hyperparameters));
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        trainingInfo = trainingInfo == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(trainingInfo));
        message = message == null ? "" : message;
    }

    /** Whether it produced a score (completed or truncated). */
    public boolean scored() {
        return (status == TrialStatus.COMPLETED || status == TrialStatus.TRUNCATED) && !Double.isNaN(score);
    }
}
