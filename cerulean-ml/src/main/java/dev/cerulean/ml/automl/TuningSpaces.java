package dev.cerulean.ml.automl;

import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.tune.Choice;
import dev.cerulean.ml.tune.Distribution;
import dev.cerulean.ml.tune.Expression;
import dev.cerulean.ml.tune.SearchSpace;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The spaces AutoML tunes each learner in, after the portfolio: FLAML's default search spaces (Wang et al.,
 * "FLAML: A Fast and Lightweight AutoML Library", MLSys 2021; {@code flaml/automl/model.py}) with the number of
 * boosting rounds left to early stopping instead of searched, and learning rates kept in [0.01, 0.3] so a
 * configuration converges within the budget.
 */
final class TuningSpaces {
    private TuningSpaces() {
    }

    /**
     * A learner's space and the hyperparameters held fixed while tuning it.
     *
     * @param space the search space (names are the learner's hyperparameter names)
     * @param fixed hyperparameters added to every sampled configuration
     */
    record Space(SearchSpace space, Map<String, Object> fixed) {
        /** A sampled configuration merged with the fixed values. */
        Map<String, Object> hyperparameters(Map<String, Object> sampled) {
            Map<String, Object> hp = new LinkedHashMap<>(fixed);
            hp.putAll(sampled);
            return hp;
        }

        /** The values of {@code hp} for this space's parameters, as an initial configuration (others left out). */
        Map<String, Object> initial(Map<String, Object> hp) {
            Map<String, Object> init = new LinkedHashMap<>();
            for (Map.Entry<String, Expression> e : space.parameters().entrySet()) {
                Object v = hp.get(e.getKey());
                if (v == null) {
                    continue;
                }
                if (e.getValue() instanceof Distribution d) {
                    // Bring the value inside the support so the sampler accepts it.
                    init.put(e.getKey(), d.fromUnit(d.toUnit(v)));
                } else if (e.getValue() instanceof Choice c && c.values().contains(v)) {
                    init.put(e.getKey(), v);
                }
            }
            return init;
        }
    }

    private static Distribution logUniform(double lo, double hi) {
        return new Distribution.LogUniform(Math.log(lo), Math.log(hi));
    }

    private static Distribution logInt(double lo, double hi) {
        return new Distribution.QLogUniform(Math.log(lo), Math.log(Math.max(hi, lo + 1)), 1);
    }

    /** The space for a learner, or null when it is not tuned (kNN on data too large for it). */
    static Space of(String learner, Task task, int n, int patience) {
        Map<String, Expression> p = new LinkedHashMap<>();
        Map<String, Object> fixed = new LinkedHashMap<>();
        switch (learner) {
            case "lightgbm":
                p.put("num_leaves", logInt(4, Math.min(32_768, Math.max(8, n))));
                p.put("min_child_samples", logInt(2, 129));
                p.put("learning_rate", logUniform(0.01, 0.3));
                p.put("colsample_bytree", new Distribution.Uniform(0.1, 1.0));
                p.put("reg_alpha", logUniform(1.0 / 1024, 1024));
                p.put("reg_lambda", logUniform(1.0 / 1024, 1024));
                fixed.put("n_estimators", Portfolio.MAX_ROUNDS);
                fixed.put("early_stopping_rounds", patience);
                break;
            case "xgboost":
                p.put("max_depth", new Distribution.QUniform(1, 12, 1));
                p.put("min_child_weight", logUniform(0.001, 128));
                p.put("learning_rate", logUniform(0.01, 0.3));
                p.put("subsample", new Distribution.Uniform(0.5, 1.0));
                p.put("colsample_bytree", new Distribution.Uniform(0.1, 1.0));
                p.put("reg_alpha", logUniform(1.0 / 1024, 1024));
                p.put("reg_lambda", logUniform(1.0 / 1024, 1024));
                fixed.put("n_estimators", Portfolio.MAX_ROUNDS);
                fixed.put("early_stopping_rounds", patience);
                break;
            case "random_forest":
            case "extra_trees":
                p.put("max_features", logUniform(0.1, 1.0));
                p.put("num_leaves", logInt(4, Math.min(32_768, Math.max(8, n / 2))));
                p.put("min_samples_leaf", logInt(1, 64));
                fixed.put("n_estimators", 300);
                break;
            case "elastic_net":
                p.put("alpha", logUniform(1e-6, 1.0));
                p.put("l1_ratio", new Distribution.Uniform(0.0, 1.0));
                fixed.put("max_iter", 200);
                fixed.put("tol", Portfolio.LINEAR_TOL);
                break;
            case "knn":
                p.put("n_neighbors", logInt(1, Math.min(512, Math.max(2, n / 2))));
                p.put("weights", Choice.of("uniform", "distance"));
                break;
            default:
                return null;
        }
        return new Space(SearchSpace.of(p), fixed);
    }
}
