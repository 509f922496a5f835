package dev.cerulean.ml.learn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XGBoost hyperparameters (scikit-learn API names; XGBoost's native names are aliases). Defaults are
 * XGBoost's, with the {@code hist} tree method.
 *
 * @param nEstimators         boosting rounds
 * @param learningRate        shrinkage ({@code eta})
 * @param maxDepth            maximum depth (0 = unlimited, only with {@code lossguide})
 * @param maxLeaves           maximum leaves per tree (0 = unlimited)
 * @param growPolicy          {@code depthwise} or {@code lossguide}
 * @param minChildWeight      minimum hessian sum per child
 * @param subsample           share of rows per tree
 * @param colsampleBytree     share of features per tree
 * @param colsampleBylevel    share of features per level
 * @param regAlpha            L1 regularisation ({@code alpha})
 * @param regLambda           L2 regularisation ({@code lambda})
 * @param gamma               minimum loss reduction to split
 * @param maxBin              histogram bins
 * @param maxDeltaStep        cap on a leaf's step (0 = none; ≈1 helps very imbalanced logistic)
 * @param scalePosWeight      weight of positive rows (binary)
 * @param earlyStoppingRounds stop when the validation loss has not improved for this many rounds; 0 off
 */
public record XgboostParams(int nEstimators, double learningRate, int maxDepth, int maxLeaves, String growPolicy,
        double minChildWeight, double subsample, double colsampleBytree, double colsampleBylevel, double regAlpha,
        double regLambda, double gamma, int maxBin, double maxDeltaStep, double scalePosWeight, int earlyStoppingRounds)
        implements LearnerParams {

    /** The definitions, in order. */
    public static final List<ParamDef> DEFS = List.of(
            ParamDef.integer("n_estimators", 100, 1, 100_000, "boosting rounds"),
            ParamDef.real("learning_rate", 0.3, 0, true, 1, "shrinkage per round (eta)"),
            ParamDef.integer("max_depth", 6, 0, 64, "maximum depth; 0 unlimited (lossguide only)"),
            ParamDef.integer("max_leaves", 0, 0, 131_072, "maximum leaves per tree; 0 unlimited"),
            ParamDef.choice("grow_policy", "depthwise", List.of("depthwise", "lossguide"), "tree growth order"),
            ParamDef.real("min_child_weight", 1.0, 0, false, Double.POSITIVE_INFINITY, "minimum hessian sum per child"),
            ParamDef.real("subsample", 1.0, 0, true, 1, "share of rows per tree"),
            ParamDef.real("colsample_bytree", 1.0, 0, true, 1, "share of features per tree"),
            ParamDef.real("colsample_bylevel", 1.0, 0, true, 1, "share of features per level"),
            ParamDef.real("reg_alpha", 0.0, 0, false, Double.POSITIVE_INFINITY, "L1 regularisation"),
            ParamDef.real("reg_lambda", 1.0, 0, false, Double.POSITIVE_INFINITY, "L2 regularisation"),
            ParamDef.real("gamma", 0.0, 0, false, Double.POSITIVE_INFINITY, "minimum loss reduction to split"),
            ParamDef.integer("max_bin", 256, 2, 65_535, "histogram bins"),
            ParamDef.real("max_delta_step", 0.0, 0, false, Double.POSITIVE_INFINITY, "cap on a leaf step; 0 none"),
            ParamDef.real("scale_pos_weight", 1.0, 0, true, Double.POSITIVE_INFINITY, "weight of positive rows (binary)"),
            ParamDef.integer("early_stopping_rounds", 0, 0, 100_000, "patience on the validation loss; 0 disables"));

    /** XGBoost's native names. */
    public static final Map<String, String> ALIASES = Map.of("eta", "learning_rate", "num_boost_round", "n_estimators",
            "alpha", "reg_alpha", "lambda", "reg_lambda", "min_split_loss", "gamma", "num_round", "n_estimators");

    /** XGBoost's defaults. */
    public static final XgboostParams DEFAULTS = fromMap(Map.of());

    /**
     * From spec names to values; missing ones default.
     *
     * @throws dev.cerulean.core.InvalidParameterException for unknown names or bad values
     */
    public static XgboostParams fromMap(Map<String, ?> given) {
        Map<String, Object> v = ParamDef.resolve("xgboost", DEFS, given, ALIASES);
        return new XgboostParams((int) v.get("n_estimators"), (double) v.get("learning_rate"), (int) v.get("max_depth"),
                (int) v.get("max_leaves"), (String) v.get("grow_policy"), (double) v.get("min_child_weight"),
                (double) v.get("subsample"), (double) v.get("colsample_bytree"), (double) v.get("colsample_bylevel"),
                (double) v.get("reg_alpha"), (double) v.get("reg_lambda"), (double) v.get("gamma"), (int) v.get("max_bin"),
                (double) v.get("max_delta_step"), (double) v.get("scale_pos_weight"), (int) v.get("early_stopping_rounds"));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_estimators", nEstimators);
        m.put("learning_rate", learningRate);
        m.put("max_depth", maxDepth);
        m.put("max_leaves", maxLeaves);
        m.put("grow_policy", growPolicy);
        m.put("min_child_weight", minChildWeight);
        m.put("subsample", subsample);
        m.put("colsample_bytree", colsampleBytree);
        m.put("colsample_bylevel", colsampleBylevel);
        m.put("reg_alpha", regAlpha);
        m.put("reg_lambda", regLambda);
        m.put("gamma", gamma);
        m.put("max_bin", maxBin);
        m.put("max_delta_step", maxDeltaStep);
        m.put("scale_pos_weight", scalePosWeight);
        m.put("early_stopping_rounds", earlyStoppingRounds);
        return m;
    }

    @Override
    public void validate() {
        ParamDef.check("xgboost", DEFS, toMap());
        if (maxDepth == 0 && growPolicy.equals("depthwise")) {
            throw new dev.cerulean.core.InvalidParameterException(
                    "xgboost hyperparameter 'max_depth' may be 0 (unlimited) only with grow_policy lossguide", "max_depth");
        }
    }

    /** A builder starting from XGBoost's defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS.toMap());
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(toMap());
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, Object> m;

        private Builder(Map<String, Object> m) {
            this.m = new LinkedHashMap<>(m);
        }

        public Builder nEstimators(int v) { m.put("n_estimators", v); return this; }
        public Builder learningRate(double v) { m.put("learning_rate", v); return this; }
        public Builder maxDepth(int v) { m.put("max_depth", v); return this; }
        public Builder maxLeaves(int v) { m.put("max_leaves", v); return this; }
        public Builder growPolicy(String v) { m.put("grow_policy", v); return this; }
        public Builder minChildWeight(double v) { m.put("min_child_weight", v); return this; }
        public Builder subsample(double v) { m.put("subsample", v); return this; }
        public Builder colsampleBytree(double v) { m.put("colsample_bytree", v); return this; }
        public Builder colsampleBylevel(double v) { m.put("colsample_bylevel", v); return this; }
        public Builder regAlpha(double v) { m.put("reg_alpha", v); return this; }
        public Builder regLambda(double v) { m.put("reg_lambda", v); return this; }
        public Builder gamma(double v) { m.put("gamma", v); return this; }
        public Builder maxBin(int v) { m.put("max_bin", v); return this; }
        public Builder maxDeltaStep(double v) { m.put("max_delta_step", v); return this; }
        public Builder scalePosWeight(double v) { m.put("scale_pos_weight", v); return this; }
        public Builder earlyStoppingRounds(int v) { m.put("early_stopping_rounds", v); return this; }

        /** @throws dev.cerulean.core.InvalidParameterException naming the bad field */
        public XgboostParams build() {
            XgboostParams p = fromMap(m);
            p.validate();
            return p;
        }
    }
}
