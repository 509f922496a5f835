package dev.cerulean.ml.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.TestData;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ForecastTest {
    static long micros(String date) {
        return LocalDate.parse(date).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }

    static long[] times(String... dates) {
        return Arrays.stream(dates).mapToLong(ForecastTest::micros).toArray();
    }

    static void fails(ThrowableAssert.ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOf(InvalidParameterException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidParameterException) e).target()).isEqualTo(field));
    }

    /** A single-series frame from dates and values. */
    static Frame frame(String[] dates, double[] values) {
        Instant[] t = Arrays.stream(dates).map(d -> LocalDate.parse(d).atStartOfDay().toInstant(ZoneOffset.UTC)).toArray(Instant[]::new);
        return Frame.of(DatetimeColumn.of("t", t), NumericColumn.of("y", values));
    }

    @Nested
    class Frequencies {
        @Test
        void calendarAndFixedFrequenciesAreDetected() {
            assertThat(Frequency.detect("t", List.of(times("2020-01-01", "2020-02-01", "2020-03-01", "2020-05-01"))))
                    .isEqualTo(new Frequency(Frequency.Unit.MONTH, 1, false));
            assertThat(Frequency.detect("t", List.of(times("2020-01-31", "2020-02-29", "2020-03-31", "2020-04-30"))))
                    .isEqualTo(new Frequency(Frequency.Unit.MONTH, 1, true));
            Frequency q = Frequency.detect("t", List.of(times("2019-01-01", "2019-04-01", "2019-07-01", "2019-10-01")));
            assertThat(q.description()).isEqualTo("quarterly");
            assertThat(q.alias()).isEqualTo("QS");
            assertThat(q.defaultSeasonality()).isEqualTo(4);
            Frequency d = Frequency.detect("t", List.of(times("2020-01-01", "2020-01-02", "2020-01-04"), times("2021-03-01",
                    "2021-03-02")));
            assertThat(d).isEqualTo(Frequency.of(Frequency.Unit.DAY, 1));
            assertThat(d.defaultSeasonality()).isEqualTo(7);
            assertThat(Frequency.detect("t", List.of(times("2020-01-06", "2020-01-13", "2020-01-20"))).alias()).isEqualTo("W");
        }

        @Test
        void aliasesParseAndStepTheCalendar() {
            assertThat(Frequency.parse("MS").add(micros("2020-01-31"), 1)).isEqualTo(micros("2020-02-29"));
            assertThat(Frequency.parse("M").add(micros("2020-01-31"), 1)).isEqualTo(micros("2020-02-29"));
            assertThat(Frequency.parse("M").add(micros("2020-02-29"), 1)).isEqualTo(micros("2020-03-31"));
            assertThat(Frequency.parse("2D").steps(micros("2020-01-01"), micros("2020-01-07"))).isEqualTo(3);
            assertThat(Frequency.parse("2D").steps(micros("2020-01-01"), micros("2020-01-08"))).isEqualTo(Long.MIN_VALUE);
            assertThat(Frequency.parse("YS").steps(micros("2000-01-01"), micros("2003-01-01"))).isEqualTo(3);
            assertThat(Frequency.parse("15min").alias()).isEqualTo("15min");
            assertThat(Frequency.parse("W-SUN").alias()).isEqualTo("W");
            fails(() -> Frequency.parse("fortnightly"), "forecasting.frequency", "is not a frequency");
        }

        @Test
        void irregularTimesNameTheColumnAndTheFirstOffGridTime() {
            fails(() -> Frequency.detect("when", List.of(times("2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04")
                    .clone(), new long[] {micros("2020-01-01"), micros("2020-01-02") + 3_600_000_000L})), "forecasting.time_column_name",
                    "time column 'when' is irregular");
            fails(() -> Frequency.parse("MS").checkGrid("when", List.of(times("2020-01-01", "2020-02-15"))),
                    "forecasting.time_column_name", "2020-02-15T00:00:00Z (after 2020-01-01T00:00:00Z) is not on the monthly (MS) grid");
        }
    }

    @Nested
    class Series {
        @Test
        void duplicateTimesWithinASeriesAreAnErrorNamingTheColumnAndTheFirstDuplicate() {
            Frame f = frame(new String[] {"2020-01-01", "2020-01-02", "2020-01-02", "2020-01-03"}, new double[] {1, 2, 3, 4});
            fails(() -> TimeSeriesData.of(f, "y", settings()), "forecasting.time_column_name",
                    "time column 't' has duplicate times: the first is 2020-01-02T00:00:00Z");
            TimeSeriesData summed = TimeSeriesData.of(f, "y", settings().withAggregate("sum"));
            assertThat(summed.series().get(0).values()).containsExactly(1, 5, 4);
            assertThat(summed.aggregatedRows()).isEqualTo(1);
        }

        @Test
        void gapsAndMissingTargetsAreInterpolatedOnTheGrid() {
            TimeSeriesData co2 = TimeSeriesData.of(TestData.frame("ts_co2_concentration.csv"), "CO2", ForecastSettings.of("Date"));
            assertThat(co2.frequency().alias()).isEqualTo("MS");
            // 1958-06 is missing from the file: it is filled halfway between May and July.
            double[] v = co2.series().get(0).values();
            assertThat(v[3]).isCloseTo((v[2] + v[4]) / 2, within(1e-9));
            assertThat(co2.imputed()).isGreaterThan(0);
            assertThat(co2.seasonality(null)).isEqualTo(12);
            Frame f = frame(new String[] {"2020-01-01", "2020-01-02", "2020-01-05"}, new double[] {1, Double.NaN, 5});
            assertThat(TimeSeriesData.of(f, "y", settings()).series().get(0).values()).containsExactly(1, 2, 3, 4, 5);
        }

        @Test
        void manySeriesAreGroupedByTheirIdColumns() {
            Frame f = Frame.of(DatetimeColumn.of("t", inst("2020-01-01"), inst("2020-01-01"), inst("2020-01-02"), inst("2020-01-02")),
                    StringColumn.categorical("store", "a", "b", "b", "a"), NumericColumn.of("y", 1, 10, 11, 2));
            TimeSeriesData d = TimeSeriesData.of(f, "y", settings().withSeriesIds(List.of("store")));
            assertThat(d.series()).extracting(TimeSeriesData.Series::id).containsExactly(List.of("a"), List.of("b"));
            assertThat(d.series().get(1).values()).containsExactly(10, 11);
            fails(() -> TimeSeriesData.of(f, "y", settings().withSeriesIds(List.of("stores"))),
                    "forecasting.time_series_id_column_names", "did you mean 'store'?");
            fails(() -> TimeSeriesData.of(f, "y", ForecastSettings.of("T")), "forecasting.time_column_name", "did you mean 't'?");
            fails(() -> TimeSeriesData.of(f, "store", settings()), "target_column_name", "is not numeric");
        }

        static ForecastSettings settings() {
            return ForecastSettings.of("t");
        }

        static Instant inst(String d) {
            return LocalDate.parse(d).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
    }

    @Nested
    class Methods {
        /** A seasonal series with trend: 100 + t + 10 sin(2πt/12) + noise. */
        static double[] seasonal(int n, long seed) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            double[] y = new double[n];
            for (int t = 0; t < n; t++) {
                y[t] = 100 + t + 10 * Math.sin(2 * Math.PI * t / 12) + r.nextGaussian();
            }
            return y;
        }

        @Test
        void simpleMethodsForecastWhatTheyPromise() {
            double[] y = {1, 2, 3, 4, 5, 6, 7, 8};
            assertThat(SeriesMethods.NAIVE.forecast(y, 4, new double[0], 3)).containsExactly(8, 8, 8);
            assertThat(SeriesMethods.SEASONAL_NAIVE.forecast(y, 4, new double[0], 6)).containsExactly(5, 6, 7, 8, 5, 6);
            assertThat(SeriesMethods.AVERAGE.forecast(y, 4, new double[0], 1)).containsExactly(4.5);
            // Positions 0 (values 1, 5) and 1 (values 2, 6) of a 4-season.
            assertThat(SeriesMethods.SEASONAL_AVERAGE.forecast(y, 4, new double[0], 2)).containsExactly(3, 4);
        }

        @Test
        void holtWintersFollowsTrendAndSeasonAndBeatsSeasonalNaive() {
            double[] y = seasonal(96, 3);
            double[] train = Arrays.copyOf(y, 84);
            double[] p = ExponentialSmoothing.INSTANCE.fit(train, 12);
            assertThat(ExponentialSmoothing.variant(p)).startsWith("hw_");
            double[] f = ExponentialSmoothing.INSTANCE.forecast(train, 12, p, 12);
            double[] sn = SeriesMethods.SEASONAL_NAIVE.forecast(train, 12, new double[0], 12);
            double errHw = 0;
            double errSn = 0;
            for (int i = 0; i < 12; i++) {
                errHw += Math.abs(f[i] - y[84 + i]);
                errSn += Math.abs(sn[i] - y[84 + i]);
            }
            assertThat(errHw).isLessThan(errSn / 3);
            assertThat(errHw / 12).isLessThan(2.5);
        }

        @Test
        void airPassengersGetAMultiplicativeSeason() {
            double[] y = TimeSeriesData.of(TestData.frame("ts_air_passengers.csv"), "passengers", ForecastSettings.of("date")).series()
                    .get(0).values();
            double[] train = Arrays.copyOf(y, 132);
            double[] p = ExponentialSmoothing.INSTANCE.fit(train, 12);
            assertThat(ExponentialSmoothing.variant(p)).contains("mul");
            double[] f = ExponentialSmoothing.INSTANCE.forecast(train, 12, p, 12);
            double mape = 0;
            for (int i = 0; i < 12; i++) {
                mape += Math.abs(f[i] - y[132 + i]) / y[132 + i] / 12;
            }
            assertThat(mape).isLessThan(0.06);
        }

        @Test
        void aLagModelForecastsATrendingSeasonalSeriesRecursively() {
            double[] y = seasonal(120, 5);
            List<double[]> ys = new ArrayList<>();
            ys.add(Arrays.copyOf(y, 108));
            long[] starts = {micros("2000-01-01")};
            LagModel.Spec spec = new LagModel.Spec("lightgbm", Map.of("n_estimators", 200, "learning_rate", 0.05, "num_leaves", 7,
                    "min_child_samples", 5), List.of(1, 2, 3, 12), 12, true);
            try (LagModel m = LagModel.fit(spec, ys, starts, Frequency.parse("MS"), List.of(""), 1, 1, null, null)) {
                double[] f = m.forecast(ys, starts, 12)[0];
                double err = 0;
                for (int i = 0; i < 12; i++) {
                    err += Math.abs(f[i] - y[108 + i]) / 12;
                }
                // Recent-level scaling lets the trees follow the trend past the training values.
                assertThat(err).isLessThan(6);
                assertThat(f[11]).isGreaterThan(Arrays.stream(ys.get(0)).max().getAsDouble() - 5);
            }
        }
    }
}
