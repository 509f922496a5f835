package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Azure ML's {@code featurization} section of an AutoML job.
 *
 * @param mode                {@link Mode#AUTO} (the default), {@link Mode#OFF} or {@link Mode#CUSTOM}
 * @param blockedTransformers Azure transformer names not to use (custom mode): {@code one_hot_encoder} and
 *                            {@code hash_one_hot_encoder} (categoricals are then target encoded),
 *                            {@code label_encoder} (no native categorical codes: one-hot instead),
 *                            {@code cat_target_encoder} and {@code wo_e_target_encoder} (high-cardinality
 *                            categoricals get frequency encoding instead), {@code text_target_encoder},
 *                            {@code tf_idf}, {@code count_vectorizer}, {@code word_embedding},
 *                            {@code naive_bayes} (accepted; Cerulean uses none of them, it hashes text)
 * @param columnTypes         column name to Azure column purpose (custom mode): {@code Numeric},
 *                            {@code Categorical}, {@code CategoricalHash} (categorical), {@code DateTime},
 *                            {@code Text}, or {@code Ignore} (the column is not used)
 */
public record FeaturizationSettings(Mode mode, List<String> blockedTransformers, Map<String, String> columnTypes) {
    /** Automatic featurization, nothing blocked. */
    public static final FeaturizationSettings AUTO = new FeaturizationSettings(Mode.AUTO, List.of(), Map.of());

    /** Known transformer names (Azure ML's {@code BlockedTransformers}). */
    public static final List<String> TRANSFORMERS = List.of("text_target_encoder", "one_hot_encoder", "cat_target_encoder",
            "tf_idf", "wo_e_target_encoder", "label_encoder", "word_embedding", "naive_bayes", "count_vectorizer",
            "hash_one_hot_encoder");

    /** Known column purposes. */
    public static final List<String> COLUMN_TYPES = List.of("Numeric", "Categorical", "CategoricalHash", "DateTime", "Text",
            "Ignore");

    /** Featurization mode. */
    public enum Mode {
        /** Each learner's own featurization (encoding, imputation, scaling). */
        AUTO,
        /** No encoding: every feature column must already be numeric or boolean. */
        OFF,
        /** Auto, with blocked transformers and column purposes applied. */
        CUSTOM;

        /**
         * Parses {@code auto}, {@code off} or {@code custom} (any case).
         *
         * @throws InvalidParameterException naming {@code featurization.mode}
         */
        public static Mode parse(String text) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return m;
                }
            }
            throw new InvalidParameterException("featurization.mode '" + text + "' is not valid; expected auto, off or custom",
                    "featurization.mode");
        }
    }

    public FeaturizationSettings {
        if (mode == null) {
            mode = Mode.AUTO;
        }
        blockedTransformers = blockedTransformers == null ? List.of() : blockedTransformers.stream()
                .map(FeaturizationSettings::transformer).toList();
        Map<String, String> types = new LinkedHashMap<>();
        if (columnTypes != null) {
            columnTypes.forEach((c, t) -> types.put(c, columnType(c, t)));
        }
        columnTypes = Map.copyOf(types);
    }

    private static String transformer(String name) {
        String k = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        for (String t : TRANSFORMERS) {
            if (t.replace("_", "").equals(k)) {
                return t;
            }
        }
        String near = dev.cerulean.core.spec.Suggest.nearest(name == null ? "" : name, TRANSFORMERS);
        throw new InvalidParameterException("featurization.blocked_transformers: unknown transformer '" + name + "'"
                + (near == null ? "" : "; did you mean '" + near + "'?") + " Expected one of " + String.join(", ", TRANSFORMERS),
                "featurization.blocked_transformers");
    }

    private static String columnType(String column, String type) {
        for (String t : COLUMN_TYPES) {
            if (t.equalsIgnoreCase(type == null ? "" : type.strip())) {
                return t;
            }
        }
        throw new InvalidParameterException("featurization.column_name_and_types." + column + ": unknown column type '" + type
                + "'; expected one of " + String.join(", ", COLUMN_TYPES), "featurization.column_name_and_types." + column);
    }

    /** Whether a transformer is blocked. */
    public boolean blocked(String transformer) {
        return blockedTransformers.contains(transformer);
    }
}
