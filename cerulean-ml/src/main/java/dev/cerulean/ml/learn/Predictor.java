package dev.cerulean.ml.learn;

import dev.cerulean.ml.feature.FeatureMatrix;
import java.util.Map;

/**
 * A fitted learner: maps feature rows to predictions. Thread-safe for concurrent {@link #predict} calls.
 * Holds native memory for the tree learners: {@link #close()} it when done (loaded models that live as
 * long as the process need not).
 */
public interface Predictor extends AutoCloseable {
    /** The learner's canonical name. */
    String learner();

    /** The task it was trained for. */
    Task task();

    /** Classes (2 for binary), 0 for regression. */
    int classes();

    /** Number of input features. */
    int featureCount();

    /**
     * Predicts. Regression: one value per row. Classification: {@code classes()} probabilities per row,
     * row-major ({@code out[row * K + k]}), each row summing to 1 (binary too: P(0), P(1)).
     *
     * @throws IllegalArgumentException if {@code x} has another number of columns
     */
    double[] predict(FeatureMatrix x);

    /**
     * Importance of each feature, as the learner defines it (total gain for trees, |coefficient| on
     * standardised features for linear models, empty for kNN), aligned with the training features.
     */
    double[] featureImportance();

    /** The saved form of the fitted model. */
    SavedModel save();

    /**
     * Facts from training worth recording; may be empty. Boosted trees report {@code iterations} (rounds
     * trained) and, with early stopping, {@code best_iteration} (the number of rounds kept, counting from
     * 1) and {@code best_validation_loss}.
     */
    default Map<String, Object> trainingInfo() {
        return Map.of();
    }

    @Override
    default void close() {
    }

    /**
     * A serialised predictor.
     *
     * @param fileName  the file it is stored as in a package ({@code model.ubj}, {@code model.lgb}, ...)
     * @param bytes     its content
     * @param flavor    the MLflow flavor this file also is ({@code xgboost}, {@code lightgbm}) or null
     * @param format    the library's format name ({@code ubj}, {@code lgb}, {@code json}, {@code bin})
     */
    record SavedModel(String fileName, byte[] bytes, String flavor, String format) {
    }

    /** Checks the column count of {@code x}. */
    static void checkWidth(FeatureMatrix x, int expected) {
        if (x.cols() != expected) {
            throw new IllegalArgumentException("the model takes " + expected + " features, got " + x.cols());
        }
    }

    /** Binary P(1) per row to P(0), P(1) pairs. */
    static double[] binaryToPairs(double[] p1) {
        double[] out = new double[p1.length * 2];
        for (int i = 0; i < p1.length; i++) {
            out[2 * i] = 1 - p1[i];
            out[2 * i + 1] = p1[i];
        }
        return out;
    }
}
