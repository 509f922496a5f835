package dev.cerulean.ml.learn;

import dev.cerulean.ml.feature.FeatureMatrix;

/**
 * A tree-ensemble predictor that can explain its raw scores with TreeSHAP (Lundberg et al., "From local
 * explanations to global understanding with explainable AI for trees", Nature Machine Intelligence 2,
 * 2020): each feature's contribution to each row's margin, plus the expected value, summing exactly to
 * the raw score. LightGBM (all modes) and XGBoost predictors implement it.
 */
public interface ContributionPredictor extends Predictor {
    /**
     * Raw scores: the margin before the objective's link (log-odds for binary, one score per class for
     * multiclass, the value for regression), {@link #scoreWidth()} per row, row-major.
     *
     * @throws IllegalArgumentException if {@code x} has another number of columns
     */
    double[] rawScores(FeatureMatrix x);

    /**
     * TreeSHAP contributions: for each row, for each of the {@link #scoreWidth()} outputs,
     * {@code featureCount()} contributions followed by the expected value (bias), so entry
     * {@code [(row * scoreWidth + output) * (featureCount + 1) + j]}. For every row and output the values
     * sum to {@link #rawScores}.
     *
     * @throws IllegalArgumentException if {@code x} has another number of columns
     */
    double[] contributions(FeatureMatrix x);

    /** Raw scores per row: the class count for multiclass, else 1. */
    default int scoreWidth() {
        return task() == Task.MULTICLASS ? classes() : 1;
    }
}
