package dev.cerulean.ml.automl;

import dev.cerulean.ml.feature.FeaturizerConfig;
import dev.cerulean.ml.learn.Learner;
import dev.cerulean.ml.learn.Task;
import java.util.ArrayList;
import java.util.List;

/** Each learner's featurization, adjusted by the job's featurization settings, and its one-line summary. */
final class Featurizations {
    private Featurizations() {
    }

    static FeaturizerConfig config(Learner<?> learner, Task task, FeaturizationSettings fs) {
        FeaturizerConfig c = learner.featurizerConfig(task);
        if (fs.mode() != FeaturizationSettings.Mode.CUSTOM) {
            return c;
        }
        FeaturizerConfig.Builder b = c.toBuilder();
        boolean nativeCats = c.nativeCategorical();
        if (fs.blocked("label_encoder") && nativeCats) {
            nativeCats = false;
            b.nativeCategorical(false).maxOneHotLevels(16);
        }
        if (!nativeCats && (fs.blocked("one_hot_encoder") || fs.blocked("hash_one_hot_encoder"))) {
            b.maxOneHotLevels(1);
        }
        if (fs.blocked("cat_target_encoder") || fs.blocked("wo_e_target_encoder")) {
            b.highCardinality(FeaturizerConfig.HighCardinality.FREQUENCY);
        }
        return b.build();
    }

    /** A reader's summary of a featurization. */
    static String describe(FeaturizerConfig c) {
        List<String> parts = new ArrayList<>();
        String high = c.highCardinality() == FeaturizerConfig.HighCardinality.TARGET ? "out-of-fold target encoding"
                : "frequency encoding";
        if (c.nativeCategorical()) {
            parts.add("categoricals as native codes up to " + c.maxOneHotLevels() + " levels, " + high + " above");
        } else if (c.maxOneHotLevels() <= 1) {
            parts.add("categoricals by " + high);
        } else {
            parts.add("categoricals one-hot up to " + c.maxOneHotLevels() + " levels"
                    + (c.minLevelCount() > 1 ? " (levels seen fewer than " + c.minLevelCount() + " times pooled)" : "") + ", " + high
                    + " above");
        }
        parts.add(c.imputation() == FeaturizerConfig.Imputation.NONE ? "missing values kept for the learner"
                : c.imputation().name().toLowerCase(java.util.Locale.ROOT) + " imputation" + (c.missingIndicators()
                ? " with missing indicators" : ""));
        if (c.standardize()) {
            parts.add("standardised");
        }
        parts.add("datetimes as calendar parts; text as " + c.textBuckets() + " hashed n-grams");
        return String.join("; ", parts);
    }
}
