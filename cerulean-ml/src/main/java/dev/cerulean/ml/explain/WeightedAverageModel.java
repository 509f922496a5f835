package dev.cerulean.ml.explain;

import dev.cerulean.ml.model.Model;
import java.util.List;

/**
 * A model whose raw output is a weighted average of other models' raw outputs (a bagged model, a voting
 * ensemble). {@link TreeShap} explains it as the same weighted average of its parts' explanations.
 */
public interface WeightedAverageModel extends Model {
    /** The parts. */
    List<Model> parts();

    /** One weight per part, summing to 1; null when this model is not a weighted average (a stacked ensemble). */
    double[] partWeights();
}
