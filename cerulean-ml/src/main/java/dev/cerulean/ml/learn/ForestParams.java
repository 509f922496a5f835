package dev.cerulean.ml.learn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Random forest and extremely randomized trees hyperparameters. Both are LightGBM in {@code boosting=rf}
 * mode (Breiman, "Random Forests", Machine Learning 45, 2001): each tree is fitted on a bootstrap-like
 * row sample ({@code bagging_fraction}) with {@code max_features} of the features tried per node, and the
 * trees' outputs are averaged. Extra trees additionally draws one random threshold per feature
 * ({@code extra_trees=true}; Geurts, Ernst and Wehenkel, "Extremely randomized trees", Machine Learning
 * 63, 2006). LightGBM histogram-bins features and samples rows without replacement, so this is close to,
 * not identical with, scikit-learn's forests.
 *
 * @param nEstimators     trees
 * @param maxFeatures     share of features tried at each split (LightGBM {@code feature_fraction_bynode});
 *                        null means sqrt(d)/d for classification and 1.0 for regression (scikit-learn's defaults)
 * @param numLeaves       maximum leaves per tree
 * @param maxDepth        maximum depth; -1 unlimited
 * @param minSamplesLeaf  minimum rows per leaf
 * @param sampleFraction  share of rows each tree sees (LightGBM requires &lt; 1 in rf mode)
 * @param maxBin          histogram bins per feature
 */
public record ForestParams(int nEstimators, Double maxFeatures, int numLeaves, int maxDepth, int minSamplesLeaf,
        double sampleFraction, int maxBin) implements LearnerParams {

    /** The definitions, in order. */
    public static final List<ParamDef> DEFS = List.of(
            ParamDef.integer("n_estimators", 100, 1, 100_000, "trees"),
            ParamDef.real("max_features", null, 0, true, 1,
                    "share of features tried per split; default sqrt(d)/d (classification), 1.0 (regression)"),
            ParamDef.integer("num_leaves", 1024, 2, 131_072, "maximum leaves per tree"),
            ParamDef.integer("max_depth", -1, -1, 64, "maximum depth; -1 unlimited"),
            ParamDef.integer("min_samples_leaf", 1, 1, 1_000_000, "minimum rows per leaf"),
            ParamDef.real("sample_fraction", 0.632, 0, true, 0.999, "share of rows per tree (without replacement)"),
            ParamDef.integer("max_bin", 255, 2, 65_535, "histogram bins per feature"));

    /** Other accepted names (scikit-learn / LightGBM). */
    public static final Map<String, String> ALIASES = Map.of("max_leaf_nodes", "num_leaves", "max_leaves", "num_leaves",
            "min_data_in_leaf", "min_samples_leaf", "bagging_fraction", "sample_fraction",
            "feature_fraction_bynode", "max_features", "num_trees", "n_estimators");

    /** The defaults. */
    public static final ForestParams DEFAULTS = fromMap(Map.of());

    /**
     * From spec names to values; missing ones default.
     *
     * @throws dev.cerulean.core.InvalidParameterException for unknown names or bad values
     */
    public static ForestParams fromMap(Map<String, ?> given) {
        Map<String, Object> v = ParamDef.resolve("random_forest", DEFS, given, ALIASES);
        return new ForestParams((int) v.get("n_estimators"), (Double) v.get("max_features"), (int) v.get("num_leaves"),
                (int) v.get("max_depth"), (int) v.get("min_samples_leaf"), (double) v.get("sample_fraction"),
                (int) v.get("max_bin"));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_estimators", nEstimators);
        m.put("max_features", maxFeatures);
        m.put("num_leaves", numLeaves);
        m.put("max_depth", maxDepth);
        m.put("min_samples_leaf", minSamplesLeaf);
        m.put("sample_fraction", sampleFraction);
        m.put("max_bin", maxBin);
        return m;
    }

    @Override
    public void validate() {
        ParamDef.check("random_forest", DEFS, toMap());
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS.toMap());
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, Object> m;

        private Builder(Map<String, Object> m) {
            this.m = new LinkedHashMap<>(m);
        }

        public Builder nEstimators(int v) { m.put("n_estimators", v); return this; }
        public Builder maxFeatures(Double v) { m.put("max_features", v); return this; }
        public Builder numLeaves(int v) { m.put("num_leaves", v); return this; }
        public Builder maxDepth(int v) { m.put("max_depth", v); return this; }
        public Builder minSamplesLeaf(int v) { m.put("min_samples_leaf", v); return this; }
        public Builder sampleFraction(double v) { m.put("sample_fraction", v); return this; }
        public Builder maxBin(int v) { m.put("max_bin", v); return this; }

        /** @throws dev.cerulean.core.InvalidParameterException naming the bad field */
        public ForestParams build() {
            Map<String, Object> copy = new LinkedHashMap<>(m);
            if (copy.get("max_features") == null) {
                copy.remove("max_features");
            }
            return fromMap(copy);
        }
    }
}
