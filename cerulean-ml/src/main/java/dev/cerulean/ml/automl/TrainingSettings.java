package dev.cerulean.ml.automl;

import java.util.List;

/**
 * Azure ML's {@code training} section of an AutoML job.
 *
 * @param allowedAlgorithms      Azure ML algorithm names to try ({@code LightGBM}, {@code XGBoostClassifier},
 *                               {@code RandomForest}, {@code ExtremeRandomTrees}, {@code LogisticRegression},
 *                               {@code ElasticNet}, {@code KNN}, the forecasting models; snake_case works
 *                               too); empty for all. Names Cerulean does not implement are skipped with a
 *                               warning; an unknown name, or one of another task, is an error naming the field
 * @param blockedAlgorithms      algorithm names never to try
 * @param enableVoteEnsemble     build a weighted soft-voting ensemble (Caruana ensemble selection) at the end
 * @param enableStackEnsemble    build a stacked ensemble (a linear meta-learner on out-of-fold predictions);
 *                               null for the task's default (on, off for forecasting as in Azure ML)
 * @param enableModelExplainability explain the best model (feature importance) at the end
 */
public record TrainingSettings(List<String> allowedAlgorithms, List<String> blockedAlgorithms, boolean enableVoteEnsemble,
        Boolean enableStackEnsemble, boolean enableModelExplainability) {
    /** Every algorithm, both ensembles (stacking per task), explanations on: Azure ML's defaults. */
    public static final TrainingSettings DEFAULT = new TrainingSettings(List.of(), List.of(), true, null, true);

    public TrainingSettings {
        allowedAlgorithms = allowedAlgorithms == null ? List.of() : List.copyOf(allowedAlgorithms);
        blockedAlgorithms = blockedAlgorithms == null ? List.of() : List.copyOf(blockedAlgorithms);
    }

    /** Whether stacking is on for a task. */
    public boolean stackEnsemble(AutoMlTask task) {
        return enableStackEnsemble != null ? enableStackEnsemble : task != AutoMlTask.FORECASTING;
    }

    /** These settings with only the given algorithms allowed. */
    public TrainingSettings withAllowed(List<String> names) {
        return new TrainingSettings(names, blockedAlgorithms, enableVoteEnsemble, enableStackEnsemble, enableModelExplainability);
    }

    /** These settings with these ensemble switches. */
    public TrainingSettings withEnsembles(boolean vote, boolean stack) {
        return new TrainingSettings(allowedAlgorithms, blockedAlgorithms, vote, stack, enableModelExplainability);
    }

    /** These settings with explanations on or off. */
    public TrainingSettings withExplainability(boolean on) {
        return new TrainingSettings(allowedAlgorithms, blockedAlgorithms, enableVoteEnsemble, enableStackEnsemble, on);
    }
}
