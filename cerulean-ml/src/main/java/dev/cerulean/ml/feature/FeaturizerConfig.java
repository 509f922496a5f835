package dev.cerulean.ml.feature;

import dev.cerulean.core.InvalidParameterException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How to featurize. Learners pick a preset ({@link #forTrees}, {@link #forNativeCategoricalTrees},
 * {@link #forLinear}); callers may adjust it with {@link #toBuilder()}.
 *
 * @param imputation       how missing numbers (and booleans, datetimes) are filled
 * @param missingIndicators add a 0/1 {@code <col>__missing} feature for columns that had missing values
 * @param standardize      scale every feature to zero mean and unit variance (linear models, kNN)
 * @param nativeCategorical encode low-cardinality categoricals as codes marked categorical (for learners
 *                          with native categorical splits) instead of one-hot
 * @param maxOneHotLevels  categoricals with at most this many levels are one-hot (or ordinal) encoded;
 *                         more levels use {@code highCardinality}
 * @param highCardinality  encoding of categoricals with more levels than {@code maxOneHotLevels}
 * @param minLevelCount    levels seen fewer times than this in training are pooled into {@code __other__}
 * @param textBuckets      hashed n-gram features per text column
 * @param textNgramMax     longest word n-gram hashed (1 = words only)
 * @param dropIdLike       drop columns that look like row identifiers
 * @param targetFolds      folds for out-of-fold target encoding of the training rows
 * @param targetSmoothing  pseudo-count pulling rare levels' target means towards the prior
 */
public record FeaturizerConfig(Imputation imputation, boolean missingIndicators, boolean standardize,
        boolean nativeCategorical, int maxOneHotLevels, HighCardinality highCardinality, int minLevelCount,
        int textBuckets, int textNgramMax, boolean dropIdLike, int targetFolds, double targetSmoothing) {

    /** How missing values are filled. */
    public enum Imputation {
        /** Training mean (booleans and datetimes: mode / median). */
        MEAN,
        /** Training median (booleans: mode). */
        MEDIAN,
        /** Leave them missing (NaN): for learners that route missing values themselves (trees). */
        NONE
    }

    /** Encodings for high-cardinality categoricals. */
    public enum HighCardinality {
        /** The level's share of training rows. */
        FREQUENCY,
        /** Out-of-fold smoothed target mean. */
        TARGET
    }

    public FeaturizerConfig {
        if (imputation == null) {
            throw new InvalidParameterException("imputation must be set", "imputation");
        }
        if (highCardinality == null) {
            throw new InvalidParameterException("high_cardinality must be set", "high_cardinality");
        }
        if (maxOneHotLevels < 1) {
            throw new InvalidParameterException("max_one_hot_levels must be >= 1, got " + maxOneHotLevels, "max_one_hot_levels");
        }
        if (minLevelCount < 1) {
            throw new InvalidParameterException("min_level_count must be >= 1, got " + minLevelCount, "min_level_count");
        }
        if (textBuckets < 1 || textBuckets > 1 << 20) {
            throw new InvalidParameterException("text_buckets must be in [1, 1048576], got " + textBuckets, "text_buckets");
        }
        if (textNgramMax < 1 || textNgramMax > 5) {
            throw new InvalidParameterException("text_ngram_max must be in [1, 5], got " + textNgramMax, "text_ngram_max");
        }
        if (targetFolds < 2) {
            throw new InvalidParameterException("target_folds must be >= 2, got " + targetFolds, "target_folds");
        }
        if (!(targetSmoothing >= 0)) {
            throw new InvalidParameterException("target_smoothing must be >= 0, got " + targetSmoothing, "target_smoothing");
        }
    }

    /**
     * The settings as a provenance records them: the {@code snake_case} names the validation errors use, enums
     * in lower case.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imputation", imputation.name().toLowerCase(Locale.ROOT));
        m.put("missing_indicators", missingIndicators);
        m.put("standardize", standardize);
        m.put("native_categorical", nativeCategorical);
        m.put("max_one_hot_levels", maxOneHotLevels);
        m.put("high_cardinality", highCardinality.name().toLowerCase(Locale.ROOT));
        m.put("min_level_count", minLevelCount);
        m.put("text_buckets", textBuckets);
        m.put("text_ngram_max", textNgramMax);
        m.put("drop_id_like", dropIdLike);
        m.put("target_folds", targetFolds);
        m.put("target_smoothing", targetSmoothing);
        return m;
    }

    /** Gradient-boosted trees without native categoricals (XGBoost): NaN kept, one-hot up to 16 levels, target encoding above. */
    public static FeaturizerConfig forTrees() {
        return new FeaturizerConfig(Imputation.NONE, false, false, false, 16, HighCardinality.TARGET, 1, 256, 2, true, 5, 10);
    }

    /** Trees with native categorical splits (LightGBM): NaN kept, codes up to 255 levels, target encoding above. */
    public static FeaturizerConfig forNativeCategoricalTrees() {
        return new FeaturizerConfig(Imputation.NONE, false, false, true, 255, HighCardinality.TARGET, 1, 256, 2, true, 5, 10);
    }

    /** Linear models and kNN: median imputation with indicators, one-hot up to 32 levels (rare ones pooled), standardised. */
    public static FeaturizerConfig forLinear() {
        return new FeaturizerConfig(Imputation.MEDIAN, true, true, false, 32, HighCardinality.TARGET, 5, 256, 2, true, 5, 10);
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builder for {@link FeaturizerConfig}. */
    public static final class Builder {
        private Imputation imputation;
        private boolean missingIndicators;
        private boolean standardize;
        private boolean nativeCategorical;
        private int maxOneHotLevels;
        private HighCardinality highCardinality;
        private int minLevelCount;
        private int textBuckets;
        private int textNgramMax;
        private boolean dropIdLike;
        private int targetFolds;
        private double targetSmoothing;

        private Builder(FeaturizerConfig c) {
            imputation = c.imputation;
            missingIndicators = c.missingIndicators;
            standardize = c.standardize;
            nativeCategorical = c.nativeCategorical;
            maxOneHotLevels = c.maxOneHotLevels;
            highCardinality = c.highCardinality;
            minLevelCount = c.minLevelCount;
            textBuckets = c.textBuckets;
            textNgramMax = c.textNgramMax;
            dropIdLike = c.dropIdLike;
            targetFolds = c.targetFolds;
            targetSmoothing = c.targetSmoothing;
        }

        public Builder imputation(Imputation v) {
            imputation = v;
            return this;
        }

        public Builder missingIndicators(boolean v) {
            missingIndicators = v;
            return this;
        }

        public Builder standardize(boolean v) {
            standardize = v;
            return this;
        }

        public Builder nativeCategorical(boolean v) {
            nativeCategorical = v;
            return this;
        }

        public Builder maxOneHotLevels(int v) {
            maxOneHotLevels = v;
            return this;
        }

        public Builder highCardinality(HighCardinality v) {
            highCardinality = v;
            return this;
        }

        public Builder minLevelCount(int v) {
            minLevelCount = v;
            return this;
        }

        public Builder textBuckets(int v) {
            textBuckets = v;
            return this;
        }

        public Builder textNgramMax(int v) {
            textNgramMax = v;
            return this;
        }

        public Builder dropIdLike(boolean v) {
            dropIdLike = v;
            return this;
        }

        public Builder targetFolds(int v) {
            targetFolds = v;
            return this;
        }

        public Builder targetSmoothing(double v) {
            targetSmoothing = v;
            return this;
        }

        /** @throws InvalidParameterException naming the bad field */
        public FeaturizerConfig build() {
            return new FeaturizerConfig(imputation, missingIndicators, standardize, nativeCategorical, maxOneHotLevels,
                    highCardinality, minLevelCount, textBuckets, textNgramMax, dropIdLike, targetFolds, targetSmoothing);
        }
    }
}
