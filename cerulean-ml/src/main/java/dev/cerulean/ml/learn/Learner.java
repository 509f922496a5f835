package dev.cerulean.ml.learn;

import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.FeaturizerConfig;
import java.util.List;
import java.util.Map;

/**
 * A learning algorithm. Stateless: {@link #fit} returns a new {@link Predictor}; the same inputs, params,
 * seed and thread count give a bit-identical predictor.
 *
 * @param <P> its hyperparameter record
 */
public interface Learner<P extends LearnerParams> {
    /** The canonical name ({@code lightgbm}, {@code xgboost}, ...). */
    String name();

    /** Its hyperparameters with types, defaults and ranges. */
    List<ParamDef> params();

    /**
     * Hyperparameters from a map of spec names to values (missing ones take their defaults).
     *
     * @throws dev.cerulean.core.InvalidParameterException for an unknown name (suggesting the nearest) or
     *                                                     a bad value, naming the field
     */
    P parse(Map<String, ?> values);

    /**
     * The hyperparameters a fit of {@code task} on {@code rows} rows uses: those whose defaults depend on
     * the data (left null in {@code params}) chosen, the others as given. {@link #fit} applies the same
     * rule; callers use this to record what a fit used. By default, the params as they are.
     */
    default P resolve(P params, int rows, Task task) {
        return params;
    }

    /** The featurization this learner wants for a task. */
    FeaturizerConfig featurizerConfig(Task task);

    /**
     * Trains.
     *
     * @param x       features (from a featurizer configured by {@link #featurizerConfig})
     * @param y       targets: class index 0..K-1 for classification, values for regression; no NaN
     * @param task    the task
     * @param classes number of classes (2 for binary), 0 for regression
     * @param params  hyperparameters (validated)
     * @param context seed, threads, optional validation set for early stopping
     */
    Predictor fit(FeatureMatrix x, double[] y, Task task, int classes, P params, FitContext context);

    /** Trains with hyperparameters given by name. */
    default Predictor fit(FeatureMatrix x, double[] y, Task task, int classes, Map<String, ?> params, FitContext context) {
        P p = parse(params);
        p.validate();
        return fit(x, y, task, classes, p, context);
    }

    /**
     * Reads a predictor saved by {@link Predictor#save()}.
     *
     * @throws dev.cerulean.core.InvalidParameterException if the bytes are not a model of this learner
     */
    Predictor load(byte[] data, Task task, int classes);
}
