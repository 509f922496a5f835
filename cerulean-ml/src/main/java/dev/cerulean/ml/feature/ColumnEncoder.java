package dev.cerulean.ml.feature;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cerulean.ml.frame.ColumnKind;
import java.util.List;
import java.util.Map;

/**
 * The fitted encoding of one input column into one or more feature columns. Records here are the saved
 * state of a {@link Featurizer} (serialised as JSON, the {@code type} field naming the encoder).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ColumnEncoder.Numeric.class, name = "numeric"),
    @JsonSubTypes.Type(value = ColumnEncoder.Bool.class, name = "boolean"),
    @JsonSubTypes.Type(value = ColumnEncoder.OneHot.class, name = "one_hot"),
    @JsonSubTypes.Type(value = ColumnEncoder.Ordinal.class, name = "ordinal"),
    @JsonSubTypes.Type(value = ColumnEncoder.Frequency.class, name = "frequency"),
    @JsonSubTypes.Type(value = ColumnEncoder.TargetMean.class, name = "target"),
    @JsonSubTypes.Type(value = ColumnEncoder.Datetime.class, name = "datetime"),
    @JsonSubTypes.Type(value = ColumnEncoder.TextHash.class, name = "text_hash"),
})
public sealed interface ColumnEncoder {
    /** The reserved level that unknown (and pooled rare) categories map to. */
    String OTHER = "__other__";
    /** The suffix of a missing-indicator feature. */
    String MISSING_SUFFIX = "__missing";

    /** The input column. */
    String column();

    /** The kind the input column must have. */
    ColumnKind kind();

    /** Names of the feature columns this encoder writes, in order. */
    List<String> outputs();

    /**
     * A number: missing values become {@code fill} (NaN keeps them missing for trees), with an optional
     * 0/1 missing-indicator feature.
     */
    record Numeric(String column, double fill, boolean indicator) implements ColumnEncoder {
        @Override
        public ColumnKind kind() {
            return ColumnKind.NUMERIC;
        }

        @Override
        public List<String> outputs() {
            return indicator ? List.of(column, column + MISSING_SUFFIX) : List.of(column);
        }
    }

    /** A boolean as 0/1; missing as {@code fill}, with an optional indicator. */
    record Bool(String column, double fill, boolean indicator) implements ColumnEncoder {
        @Override
        public ColumnKind kind() {
            return ColumnKind.BOOLEAN;
        }

        @Override
        public List<String> outputs() {
            return indicator ? List.of(column, column + MISSING_SUFFIX) : List.of(column);
        }
    }

    /**
     * One 0/1 feature per kept level, plus {@code column=__other__} for unknown and rare levels and
     * {@code column__missing} for missing values.
     */
    record OneHot(String column, ColumnKind kind, List<String> levels) implements ColumnEncoder {
        @Override
        public List<String> outputs() {
            List<String> out = new java.util.ArrayList<>();
            for (String l : levels) {
                out.add(column + "=" + l);
            }
            out.add(column + "=" + OTHER);
            out.add(column + MISSING_SUFFIX);
            return out;
        }
    }

    /**
     * A category code for learners with native categorical splits: level i is i, unknown and rare levels
     * are {@code levels.size()} (reserved), missing is NaN.
     */
    record Ordinal(String column, ColumnKind kind, List<String> levels) implements ColumnEncoder {
        @Override
        public List<String> outputs() {
            return List.of(column);
        }
    }

    /** The level's share of training rows; unknown levels are 0, missing is the missing share. */
    record Frequency(String column, ColumnKind kind, Map<String, Double> frequencies, double missingFrequency)
            implements ColumnEncoder {
        @Override
        public List<String> outputs() {
            return List.of(column + "__freq");
        }
    }

    /**
     * Smoothed target means per level (one feature for regression and binary, one per class for
     * multiclass); unknown levels get the prior. Fitted out-of-fold on the training rows.
     */
    record TargetMean(String column, ColumnKind kind, Map<String, double[]> means, double[] prior, List<String> names)
            implements ColumnEncoder {
        @Override
        public List<String> outputs() {
            return names;
        }
    }

    /** Calendar parts of an instant (UTC); missing parts are {@code fill} parts, with an indicator. */
    record Datetime(String column, long fillMicros, boolean timeOfDay, boolean indicator) implements ColumnEncoder {
        @Override
        public ColumnKind kind() {
            return ColumnKind.DATETIME;
        }

        @Override
        public List<String> outputs() {
            List<String> out = new java.util.ArrayList<>(List.of(column + "__year", column + "__month", column + "__day",
                    column + "__day_of_week", column + "__day_of_year"));
            if (timeOfDay) {
                out.add(column + "__hour");
                out.add(column + "__minute");
            }
            if (indicator) {
                out.add(column + MISSING_SUFFIX);
            }
            return out;
        }
    }

    /**
     * Signed feature hashing of lower-cased word n-grams (1..ngramMax) into {@code buckets} features,
     * counts log-scaled and L2-normalised per row (Weinberger et al., "Feature Hashing for Large Scale
     * Multitask Learning", ICML 2009).
     */
    record TextHash(String column, int buckets, int ngramMax) implements ColumnEncoder {
        @Override
        public ColumnKind kind() {
            return ColumnKind.TEXT;
        }

        @Override
        public List<String> outputs() {
            List<String> out = new java.util.ArrayList<>(buckets);
            for (int b = 0; b < buckets; b++) {
                out.add(column + "__hash" + b);
            }
            return out;
        }
    }
}
