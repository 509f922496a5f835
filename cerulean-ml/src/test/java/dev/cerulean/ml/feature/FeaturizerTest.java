package dev.cerulean.ml.feature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.BooleanColumn;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeaturizerTest {
    private static final FeaturizerConfig LINEAR_RAW = FeaturizerConfig.forLinear().toBuilder().standardize(false)
            .minLevelCount(1).build();

    @Test
    void imputesWithTrainingMedianAndAddsIndicator() {
        Frame f = Frame.of(NumericColumn.of("x", 1, Double.NaN, 3, 10));
        Featurizer.Fitted fit = Featurizer.fit(f, null, 0, LINEAR_RAW, 1);
        assertThat(fit.matrix().names()).containsExactly("x", "x__missing");
        assertThat(fit.matrix().values()).containsExactly(1, 0, 3, 1, 3, 0, 10, 0);
        // At scoring time the training median is used, not the new data's.
        FeatureMatrix m = fit.featurizer().transform(Frame.of(NumericColumn.of("x", Double.NaN, 100)));
        assertThat(m.values()).containsExactly(3, 1, 100, 0);
    }

    @Test
    void infinitiesAreMissing() {
        Frame f = Frame.of(NumericColumn.of("x", 1, Double.POSITIVE_INFINITY, 3));
        Featurizer.Fitted fit = Featurizer.fit(f, null, 0, LINEAR_RAW, 1);
        assertThat(fit.matrix().values()).containsExactly(1, 0, 2, 1, 3, 0);
    }

    @Test
    void oneHotMapsUnknownAndMissingToReservedColumns() {
        Frame f = Frame.of(StringColumn.categorical("c", "a", "b", "a", null));
        Featurizer fz = Featurizer.fit(f, null, 0, LINEAR_RAW, 1).featurizer();
        assertThat(fz.featureNames()).containsExactly("c=a", "c=b", "c=__other__", "c__missing");
        FeatureMatrix m = fz.transform(Frame.of(StringColumn.categorical("c", "b", "zebra", null)));
        assertThat(m.values()).containsExactly(0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    }

    @Test
    void nativeCategoricalCodesReserveOneForUnknownLevels() {
        Frame f = Frame.of(StringColumn.categorical("c", "a", "b", "a", "c"), NumericColumn.of("x", 1, 2, 3, 4));
        Featurizer fz = Featurizer.fit(f, null, 0, FeaturizerConfig.forNativeCategoricalTrees(), 1).featurizer();
        FeatureMatrix m = fz.transform(Frame.of(StringColumn.categorical("c", "a", "new", null), NumericColumn.of("x", 1, 2,
                Double.NaN)));
        assertThat(m.categorical()).containsExactly(0);
        assertThat(m.get(0, 0)).isEqualTo(0);
        assertThat(m.get(1, 0)).as("unknown -> reserved code").isEqualTo(3);
        assertThat(m.get(2, 0)).isNaN();
        assertThat(m.get(2, 1)).as("trees keep NaN").isNaN();
    }

    @Test
    void highCardinalityUsesOutOfFoldTargetEncoding() {
        int n = 400;
        String[] city = new String[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            city[i] = "c" + (i % 50);
            y[i] = (i % 50) < 25 ? 1 : 0;
        }
        Frame f = Frame.of(StringColumn.categorical("city", city));
        Featurizer.Fitted fit = Featurizer.fit(f, y, 2, FeaturizerConfig.forTrees(), 3);
        assertThat(fit.matrix().names()).containsExactly("city__target");
        Featurizer fz = fit.featurizer();
        double inSample = fz.transform(f.take(new int[] {0})).values()[0];
        // Smoothed towards the prior 0.5: (8 + 10 * 0.5) / (8 + 10).
        assertThat(inSample).isCloseTo(13 / 18.0, within(1e-9));
        // Training rows get encodings from the other folds, so they differ from the in-sample value.
        long differing = IntStream.range(0, n).filter(i -> fit.matrix().values()[i] != fz.transform(f.take(new int[] {i})).values()[0])
                .count();
        assertThat(differing).isGreaterThan(n / 2);
        assertThat(fz.transform(Frame.of(StringColumn.categorical("city", "unseen"))).values()[0]).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void frequencyEncodingWithoutTarget() {
        String[] v = IntStream.range(0, 60).mapToObj(i -> "v" + (i % 20)).toArray(String[]::new);
        Featurizer fz = Featurizer.fit(Frame.of(StringColumn.categorical("k", v)), null, 0, FeaturizerConfig.forTrees(), 1).featurizer();
        assertThat(fz.featureNames()).containsExactly("k__freq");
        assertThat(fz.transform(Frame.of(StringColumn.categorical("k", "v3", "nope"))).values()).containsExactly(3 / 60.0, 0);
    }

    @Test
    void standardisesWithTrainingMoments() {
        Frame f = Frame.of(NumericColumn.of("x", 1, 2, 3, 4));
        Featurizer.Fitted fit = Featurizer.fit(f, null, 0, FeaturizerConfig.forLinear(), 1);
        double[] v = fit.matrix().values();
        assertThat(Arrays.stream(v).sum()).isCloseTo(0, within(1e-12));
        assertThat(Arrays.stream(v).map(x -> x * x).sum() / 4).isCloseTo(1, within(1e-12));
        assertThat(fit.featurizer().transform(Frame.of(NumericColumn.of("x", 2.5))).values()[0]).isCloseTo(0, within(1e-12));
    }

    @Test
    void datetimePartsAndBooleans() {
        Frame f = Frame.of(DatetimeColumn.of("t", Instant.parse("2024-03-05T10:30:00Z"), Instant.parse("2023-12-31T00:00:00Z")),
                BooleanColumn.of("b", true, false));
        Featurizer fz = Featurizer.fit(f, null, 0, LINEAR_RAW, 1).featurizer();
        assertThat(fz.featureNames()).containsExactly("t__year", "t__month", "t__day", "t__day_of_week", "t__day_of_year",
                "t__hour", "t__minute", "b");
        assertThat(fz.transform(f.take(new int[] {0})).values()).containsExactly(2024, 3, 5, 2, 65, 10, 30, 1);
    }

    @Test
    void textIsHashedIntoNormalisedBuckets() {
        Frame f = Frame.of(StringColumn.text("review", "great fast service", "slow and rude", null));
        Featurizer fz = Featurizer.fit(f, null, 0, LINEAR_RAW.toBuilder().textBuckets(32).build(), 1).featurizer();
        FeatureMatrix m = fz.transform(f);
        assertThat(m.cols()).isEqualTo(32);
        double norm = 0;
        for (int j = 0; j < 32; j++) {
            norm += m.get(0, j) * m.get(0, j);
        }
        assertThat(norm).isCloseTo(1, within(1e-9));
        assertThat(Arrays.stream(m.values(), 64, 96).allMatch(x -> x == 0)).isTrue();
        // Same text, same features: hashing does not depend on the JVM.
        assertThat(fz.transform(Frame.of(StringColumn.text("review", "Great, fast service!"))).values())
                .containsExactly(Arrays.copyOf(m.values(), 32));
    }

    @Test
    void dropsConstantAllMissingAndIdLikeColumnsWithWarnings() {
        int n = 30;
        double[] id = IntStream.range(0, n).asDoubleStream().toArray();
        String[] key = IntStream.range(0, n).mapToObj(i -> "k" + i).toArray(String[]::new);
        double[] constant = new double[n];
        double[] empty = new double[n];
        Arrays.fill(empty, Double.NaN);
        double[] x = IntStream.range(0, n).mapToDouble(i -> i % 3).toArray();
        Frame f = Frame.of(new NumericColumn("id", id, true), StringColumn.categorical("key", key), NumericColumn.of("c", constant),
                NumericColumn.of("empty", empty), NumericColumn.of("x", x));
        Featurizer fz = Featurizer.fit(f, null, 0, FeaturizerConfig.forTrees(), 1).featurizer();
        assertThat(fz.featureNames()).containsExactly("x");
        assertThat(fz.warnings()).hasSize(4).anySatisfy(w -> assertThat(w).contains("'empty' is entirely missing"))
                .anySatisfy(w -> assertThat(w).contains("'id' looks like a row identifier"));
        assertThat(fz.inputs()).filteredOn(InputColumn::used).extracting(InputColumn::name).containsExactly("x");
        // Dropped columns are not needed at scoring time.
        assertThat(fz.transform(Frame.of(NumericColumn.of("x", 2))).values()).containsExactly(2);
    }

    @Test
    void nothingLeftIsAnError() {
        double[] empty = {Double.NaN, Double.NaN};
        assertThatThrownBy(() -> Featurizer.fit(Frame.of(NumericColumn.of("e", empty)), null, 0, FeaturizerConfig.forTrees(), 1))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("no usable feature column")
                .hasMessageContaining("'e' is entirely missing");
    }

    @Test
    void scoringErrorsNameColumnAndRow() {
        Featurizer fz = Featurizer.fit(Frame.of(NumericColumn.of("age", 1, 2, 3)), null, 0, LINEAR_RAW, 1).featurizer();
        Frame bad = Frame.fromRows(List.of("age"), List.of(List.of("4"), List.of("forty")), Map.of("age", ColumnKind.CATEGORICAL));
        assertThatThrownBy(() -> fz.transform(bad)).isInstanceOf(InvalidParameterException.class)
                .hasMessage("column 'age' row 1: value 'forty' is not a number");
        assertThatThrownBy(() -> fz.transform(Frame.of(NumericColumn.of("agee", 1))))
                .hasMessageContaining("no column 'age'").hasMessageContaining("did you mean 'agee'?");
    }

    @Test
    void jsonRoundTripTransformsIdentically() {
        Frame f = Frame.of(NumericColumn.of("x", 1, Double.NaN, 3, 7), StringColumn.categorical("c", "a", "b", null, "a"),
                DatetimeColumn.of("t", Instant.EPOCH, null, Instant.parse("2020-01-01T00:00:00Z"), Instant.EPOCH),
                StringColumn.text("s", "hello world", "bye", "hello", null));
        Featurizer fz = Featurizer.fit(f, new double[] {0, 1, 0, 1}, 2, FeaturizerConfig.forLinear(), 1).featurizer();
        Featurizer back = Featurizer.fromJson(fz.toJson());
        assertThat(back.transform(f).values()).containsExactly(fz.transform(f).values());
        assertThat(back.featureNames()).isEqualTo(fz.featureNames());
        assertThatThrownBy(() -> Featurizer.fromJson(fz.toJson().replace("\"formatVersion\" : 1", "\"formatVersion\" : 9")))
                .hasMessageContaining("format version 9, newer than this Cerulean understands");
    }
}
