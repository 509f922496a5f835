package dev.cerulean.ml.learn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LightGBM gradient boosting hyperparameters (names follow LightGBM's scikit-learn API where they differ
 * from its native ones; native names are accepted as aliases). Defaults are LightGBM's, except two that
 * are chosen from the task and the number of training rows when not given (null here, filled in by
 * {@link #resolve}): {@code early_stopping_rounds} and {@code n_estimators}. See {@link #resolve} for the
 * rules and {@link #LIBRARY_DEFAULTS} for LightGBM's own values.
 *
 * @param nEstimators         boosting rounds (native {@code num_iterations}); null: chosen (see {@link #resolve})
 * @param learningRate        shrinkage
 * @param numLeaves           maximum leaves per tree
 * @param maxDepth            maximum depth; -1 for no limit
 * @param minChildSamples     minimum rows per leaf (native {@code min_data_in_leaf})
 * @param minChildWeight      minimum hessian sum per leaf (native {@code min_sum_hessian_in_leaf})
 * @param colsampleBytree     share of features per tree (native {@code feature_fraction})
 * @param subsample           share of rows per bagging round (native {@code bagging_fraction})
 * @param subsampleFreq       bag every k rounds; 0 disables bagging (native {@code bagging_freq})
 * @param regAlpha            L1 regularisation (native {@code lambda_l1})
 * @param regLambda           L2 regularisation (native {@code lambda_l2})
 * @param minSplitGain        minimum gain to split (native {@code min_gain_to_split})
 * @param maxBin              histogram bins per feature
 * @param extraTrees          pick split thresholds at random (extremely randomized boosting)
 * @param earlyStoppingRounds stop when the validation loss has not improved for this many rounds; 0 off;
 *                            null: chosen from the task and rows (see {@link #resolve})
 * @param validationFraction  share of the training rows held out (seeded, stratified for classification)
 *                            to watch when early stopping is on and the caller gives no validation set
 */
public record LightGbmParams(Integer nEstimators, double learningRate, int numLeaves, int maxDepth, int minChildSamples,
        double minChildWeight, double colsampleBytree, double subsample, int subsampleFreq, double regAlpha,
        double regLambda, double minSplitGain, int maxBin, boolean extraTrees, Integer earlyStoppingRounds,
        double validationFraction) implements LearnerParams {

    /** The definitions, in order. */
    public static final List<ParamDef> DEFS = List.of(
            ParamDef.integer("n_estimators", null, 1, 100_000,
                    "boosting rounds; default 1000 with early stopping (which ends boosting sooner), else 100"),
            ParamDef.real("learning_rate", 0.1, 0, true, 1, "shrinkage per round"),
            ParamDef.integer("num_leaves", 31, 2, 131_072, "maximum leaves per tree"),
            ParamDef.integer("max_depth", -1, -1, 64, "maximum tree depth; -1 unlimited"),
            ParamDef.integer("min_child_samples", 20, 1, 1_000_000, "minimum rows per leaf"),
            ParamDef.real("min_child_weight", 1e-3, 0, false, 1e6, "minimum hessian sum per leaf"),
            ParamDef.real("colsample_bytree", 1.0, 0, true, 1, "share of features per tree"),
            ParamDef.real("subsample", 1.0, 0, true, 1, "share of rows per bagging round"),
            ParamDef.integer("subsample_freq", 0, 0, 100_000, "bag every k rounds; 0 disables bagging"),
            ParamDef.real("reg_alpha", 0.0, 0, false, Double.POSITIVE_INFINITY, "L1 regularisation"),
            ParamDef.real("reg_lambda", 0.0, 0, false, Double.POSITIVE_INFINITY, "L2 regularisation"),
            ParamDef.real("min_split_gain", 0.0, 0, false, Double.POSITIVE_INFINITY, "minimum gain to split"),
            ParamDef.integer("max_bin", 255, 2, 65_535, "histogram bins per feature"),
            ParamDef.bool("extra_trees", false, "random split thresholds"),
            ParamDef.integer("early_stopping_rounds", null, 0, 100_000,
                    "patience on the validation loss; 0 disables; default 30 from 1000 rows (classification) or 200 (regression), else 0"),
            ParamDef.real("validation_fraction", 0.1, 0, true, 0.5,
                    "share of the training rows watched by early stopping when no validation set is given"));

    /** LightGBM's native names for the same parameters. */
    public static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("num_iterations", "n_estimators"), Map.entry("num_boost_round", "n_estimators"),
            Map.entry("num_trees", "n_estimators"), Map.entry("eta", "learning_rate"),
            Map.entry("min_data_in_leaf", "min_child_samples"), Map.entry("min_sum_hessian_in_leaf", "min_child_weight"),
            Map.entry("feature_fraction", "colsample_bytree"), Map.entry("bagging_fraction", "subsample"),
            Map.entry("bagging_freq", "subsample_freq"), Map.entry("lambda_l1", "reg_alpha"),
            Map.entry("lambda_l2", "reg_lambda"), Map.entry("min_gain_to_split", "min_split_gain"));

    /** Early-stopping patience chosen by default: rounds without a better validation loss before stopping. */
    public static final int AUTO_PATIENCE = 30;
    /** The round cap chosen by default with early stopping on (early stopping ends boosting sooner). */
    public static final int AUTO_MAX_ROUNDS = 1000;
    /** The rounds chosen by default without early stopping (LightGBM's default). */
    public static final int FIXED_ROUNDS = 100;
    /** Training rows from which classification stops early by default (a held-out share of 100 rows or more). */
    public static final int AUTO_STOPPING_MIN_ROWS_CLASSIFICATION = 1000;
    /** Training rows from which regression stops early by default. */
    public static final int AUTO_STOPPING_MIN_ROWS_REGRESSION = 200;

    /** The defaults: LightGBM's, with those chosen from the data left null (see {@link #resolve}). */
    public static final LightGbmParams DEFAULTS = fromMap(Map.of());

    /**
     * LightGBM's own library defaults as hyperparameters: 100 rounds at learning rate 0.1, 31 leaves, 20
     * rows per leaf, no early stopping. Give them to train exactly what the raw library trains by default.
     */
    public static final Map<String, Object> LIBRARY_DEFAULTS = Map.of("n_estimators", 100, "learning_rate", 0.1,
            "num_leaves", 31, "min_child_samples", 20, "early_stopping_rounds", 0);

    /**
     * From spec names (or LightGBM's native names) to values; missing ones default.
     *
     * @throws dev.cerulean.core.InvalidParameterException for unknown names or bad values
     */
    public static LightGbmParams fromMap(Map<String, ?> given) {
        Map<String, Object> v = ParamDef.resolve("lightgbm", DEFS, given, ALIASES);
        return new LightGbmParams((Integer) v.get("n_estimators"), (double) v.get("learning_rate"), (int) v.get("num_leaves"),
                (int) v.get("max_depth"), (int) v.get("min_child_samples"), (double) v.get("min_child_weight"),
                (double) v.get("colsample_bytree"), (double) v.get("subsample"), (int) v.get("subsample_freq"),
                (double) v.get("reg_alpha"), (double) v.get("reg_lambda"), (double) v.get("min_split_gain"),
                (int) v.get("max_bin"), (boolean) v.get("extra_trees"), (Integer) v.get("early_stopping_rounds"),
                (double) v.get("validation_fraction"));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_estimators", nEstimators);
        m.put("learning_rate", learningRate);
        m.put("num_leaves", numLeaves);
        m.put("max_depth", maxDepth);
        m.put("min_child_samples", minChildSamples);
        m.put("min_child_weight", minChildWeight);
        m.put("colsample_bytree", colsampleBytree);
        m.put("subsample", subsample);
        m.put("subsample_freq", subsampleFreq);
        m.put("reg_alpha", regAlpha);
        m.put("reg_lambda", regLambda);
        m.put("min_split_gain", minSplitGain);
        m.put("max_bin", maxBin);
        m.put("extra_trees", extraTrees);
        m.put("early_stopping_rounds", earlyStoppingRounds);
        m.put("validation_fraction", validationFraction);
        return m;
    }

    /** Whether every hyperparameter has a value (none left to choose from the data). */
    public boolean isResolved() {
        return nEstimators != null && earlyStoppingRounds != null;
    }

    /**
     * These hyperparameters with the ones left null chosen for a fit of {@code task} on {@code rows}
     * training rows (the rows given to the fit, before a validation share is held out); given values are
     * kept. Measured against LightGBM's library defaults and scikit-learn's HistGradientBoosting defaults in
     * {@code bench/run lightgbm-defaults} (BENCHMARKS.md):
     *
     * <ul>
     * <li>{@code early_stopping_rounds}: {@value #AUTO_PATIENCE} from {@value #AUTO_STOPPING_MIN_ROWS_CLASSIFICATION}
     * rows for classification and {@value #AUTO_STOPPING_MIN_ROWS_REGRESSION} for regression, else 0. Below
     * those sizes a log loss watched on a few dozen held-out rows stopped classifiers at random and cost
     * accuracy, while squared error still chose good round counts.</li>
     * <li>{@code n_estimators}: {@value #AUTO_MAX_ROUNDS} with early stopping, else {@value #FIXED_ROUNDS}.</li>
     * </ul>
     */
    public LightGbmParams resolve(int rows, Task task) {
        if (isResolved()) {
            return this;
        }
        Builder b = toBuilder();
        int patience = earlyStoppingRounds != null ? earlyStoppingRounds : autoEarlyStoppingRounds(rows, task);
        b.earlyStoppingRounds(patience);
        if (nEstimators == null) {
            b.nEstimators(patience > 0 ? AUTO_MAX_ROUNDS : FIXED_ROUNDS);
        }
        return b.build();
    }

    /** The default early-stopping patience for {@code rows} training rows of a task (0: no early stopping). */
    public static int autoEarlyStoppingRounds(int rows, Task task) {
        int min = task.isClassification() ? AUTO_STOPPING_MIN_ROWS_CLASSIFICATION : AUTO_STOPPING_MIN_ROWS_REGRESSION;
        return rows >= min ? AUTO_PATIENCE : 0;
    }

    @Override
    public void validate() {
        ParamDef.check("lightgbm", DEFS, toMap());
    }

    /** A builder starting from LightGBM's defaults. */
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

        public Builder nEstimators(Integer v) { m.put("n_estimators", v); return this; }
        public Builder learningRate(double v) { m.put("learning_rate", v); return this; }
        public Builder numLeaves(int v) { m.put("num_leaves", v); return this; }
        public Builder maxDepth(int v) { m.put("max_depth", v); return this; }
        public Builder minChildSamples(int v) { m.put("min_child_samples", v); return this; }
        public Builder minChildWeight(double v) { m.put("min_child_weight", v); return this; }
        public Builder colsampleBytree(double v) { m.put("colsample_bytree", v); return this; }
        public Builder subsample(double v) { m.put("subsample", v); return this; }
        public Builder subsampleFreq(int v) { m.put("subsample_freq", v); return this; }
        public Builder regAlpha(double v) { m.put("reg_alpha", v); return this; }
        public Builder regLambda(double v) { m.put("reg_lambda", v); return this; }
        public Builder minSplitGain(double v) { m.put("min_split_gain", v); return this; }
        public Builder maxBin(int v) { m.put("max_bin", v); return this; }
        public Builder extraTrees(boolean v) { m.put("extra_trees", v); return this; }
        public Builder earlyStoppingRounds(Integer v) { m.put("early_stopping_rounds", v); return this; }
        public Builder validationFraction(double v) { m.put("validation_fraction", v); return this; }

        /** @throws dev.cerulean.core.InvalidParameterException naming the bad field */
        public LightGbmParams build() {
            return fromMap(m);
        }
    }
}
