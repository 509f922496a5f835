package dev.cerulean.ml.automl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.TestData;
import dev.cerulean.ml.forecast.ForecastModel;
import dev.cerulean.ml.forecast.ForecastSettings;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.pkg.ModelPackage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastAutoMlTest {
    static final Frame AIR = TestData.frame("ts_air_passengers.csv");

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** The wide US employment table melted to long format: month, sector, employees. */
    static Frame employment(List<String> sectors) {
        Frame wide = TestData.frame("ts_us_employment.csv");
        int n = wide.rowCount();
        long[] t = new long[n * sectors.size()];
        String[] sector = new String[t.length];
        double[] v = new double[t.length];
        DatetimeColumn month = (DatetimeColumn) wide.column("month");
        for (int s = 0; s < sectors.size(); s++) {
            NumericColumn c = (NumericColumn) wide.column(sectors.get(s));
            for (int i = 0; i < n; i++) {
                t[s * n + i] = month.epochMicros()[i];
                sector[s * n + i] = sectors.get(s);
                v[s * n + i] = c.value(i);
            }
        }
        return Frame.of(new DatetimeColumn("month", t), StringColumn.categorical("sector", sector), NumericColumn.of("employees", v));
    }

    static AutoMlSpec.Builder air(Frame train) {
        return AutoMlSpec.builder().task(AutoMlTask.FORECASTING).trainingData(train).target("passengers").seed(1).threads(2)
                .timeout(Duration.ofSeconds(20)).forecasting(ForecastSettings.of("date").withHorizon(12));
    }

    @Nested
    class SingleSeries {
        @Test
        void airPassengersBeatsSeasonalNaiveOnTheHeldOutYearAndRoundTrips(@TempDir Path dir) {
            Frame train = AIR.take(range(0, 132));
            Frame test = AIR.take(range(132, 144));
            List<Guardrail> seen = new ArrayList<>();
            AutoMlResult r = AutoMl.run(air(train).testData(test).build(), new AutoMlListener() {
                @Override
                public void guardrails(List<Guardrail> g) {
                    seen.addAll(g);
                }
            }, null);
            try (r) {
                assertThat(seen).extracting(Guardrail::name).contains(Guardrail.VALIDATION, Guardrail.FREQUENCY,
                        Guardrail.SHORT_SERIES);
                assertThat(seen.stream().filter(g -> g.name().equals(Guardrail.FREQUENCY)).findFirst().orElseThrow().message())
                        .contains("monthly (MS)").contains("season length 12");
                assertThat(r.primaryMetric()).isEqualTo("normalized_root_mean_squared_error");
                assertThat(r.details()).containsEntry("seasonality", 12).containsEntry("forecast_horizon", 12)
                        .containsEntry("frequency", "MS");
                TrialResult naive = r.leaderboard().stream().filter(t -> t.learner().equals("seasonal_naive")).findFirst()
                        .orElseThrow();
                assertThat(r.best().score()).isLessThan(naive.score());
                assertThat(r.testMetrics().get("symmetric_mean_absolute_percentage_error")).isLessThan(8);
                assertThat(r.bestModel()).isInstanceOf(ForecastModel.class);

                // Rows in any order get their own period's forecast.
                Frame shuffled = test.take(new int[] {11, 0, 5});
                double[] all = r.bestModel().predict(test).raw();
                assertThat(r.bestModel().predict(shuffled).raw()).containsExactly(all[11], all[0], all[5]);
                assertThat(r.bestModel().predict(((ForecastModel) r.bestModel()).futureFrame(12)).raw()).containsExactly(all);

                ModelPackage.save(r.bestModel(), dir.resolve("f"), ModelPackage.SaveOptions.withExample(test));
                Model back = ModelPackage.load(dir.resolve("f"));
                assertThat(back.predict(test).raw()).containsExactly(all);
                assertThat(back.signature().inputNames()).containsExactly("date");

                assertThatThrownBy(() -> back.predict(train.take(new int[] {0, 131}))).isInstanceOf(InvalidParameterException.class)
                        .hasMessageContaining("row 0: 1949-01-01T00:00:00Z in 'date' is not after the end of the series's training data");
                Frame midMonth = Frame.fromRows(List.of("date"), List.<Object[]>of(new Object[] {Instant.parse("1961-01-15T00:00:00Z")}),
                        Map.of("date", ColumnKind.DATETIME));
                assertThatThrownBy(() -> back.predict(midMonth)).hasMessageContaining("is not on the monthly (MS) grid");
            }
        }

        @Test
        void duplicateTimesAndBadSettingsAreErrorsNamingTheField() {
            Frame dup = AIR.take(new int[] {0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
            assertThatThrownBy(() -> AutoMl.run(air(dup).build(), null, null)).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("time column 'date' has duplicate times: the first is 1949-02-01")
                    .satisfies(e -> assertThat(((InvalidParameterException) e).target()).isEqualTo("forecasting.time_column_name"));
            assertThatThrownBy(() -> AutoMl.run(air(AIR).validationDataSize(0.2).build(), null, null))
                    .hasMessageContaining("rolling-origin");
            assertThatThrownBy(() -> AutoMlSpec.builder().task(AutoMlTask.FORECASTING).trainingData(AIR).target("passengers").build())
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("forecasting.time_column_name");
        }
    }

    @Nested
    class ManySeries {
        @Test
        void everySeriesIsForecastAndUnknownSeriesAreRefused() {
            Frame long4 = employment(List.of("mining_and_logging", "construction", "information", "utilities"));
            int n = long4.rowCount() / 4;
            List<Integer> trainRows = new ArrayList<>();
            List<Integer> testRows = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                for (int i = 0; i < n; i++) {
                    (i < n - 6 ? trainRows : testRows).add(s * n + i);
                }
            }
            Frame train = long4.take(trainRows.stream().mapToInt(Integer::intValue).toArray());
            Frame test = long4.take(testRows.stream().mapToInt(Integer::intValue).toArray());
            AutoMlResult r = AutoMl.run(AutoMlSpec.builder().task(AutoMlTask.FORECASTING).trainingData(train).target("employees")
                    .testData(test).primaryMetric("normalized_mean_absolute_error").seed(2).threads(2).timeout(Duration.ofSeconds(20))
                    .forecasting(ForecastSettings.of("month").withSeriesIds(List.of("sector")).withHorizon(6)).build(), null, null);
            try (r) {
                assertThat(r.details()).containsEntry("series", 4);
                assertThat(r.testMetrics().get("normalized_mean_absolute_error")).isLessThan(0.05);
                double[] p = r.bestModel().predict(test).raw();
                assertThat(p).hasSize(24);
                // Each series' forecasts are near its own level, so rows were matched to their series.
                FrameColumn y = test.column("employees");
                for (int i = 0; i < 24; i++) {
                    double actual = ((Number) y.get(i)).doubleValue();
                    assertThat(Math.abs(p[i] - actual) / actual).as("row %d", i).isLessThan(0.25);
                }
                Frame unknown = Frame.of(new DatetimeColumn("month", new long[] {((DatetimeColumn) test.column("month")).epochMicros()[0]}),
                        StringColumn.categorical("sector", "retail_trade"));
                assertThatThrownBy(() -> r.bestModel().predict(unknown)).isInstanceOf(InvalidParameterException.class)
                        .hasMessageContaining("series retail_trade (sector) was not in the training data");
            }
        }

        @Test
        void shortSeriesAreDroppedPaddedOrRefusedAsConfigured() {
            Frame both = employment(List.of("construction", "information"));
            int n = both.rowCount() / 2;
            // information keeps only its last 20 months: too short for 12-month lags and three windows.
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < 2 * n; i++) {
                if (i < n || i >= 2 * n - 20) {
                    rows.add(i);
                }
            }
            Frame data = both.take(rows.stream().mapToInt(Integer::intValue).toArray());
            ForecastSettings fs = ForecastSettings.of("month").withSeriesIds(List.of("sector")).withHorizon(3);
            AutoMlSpec.Builder b = AutoMlSpec.builder().task(AutoMlTask.FORECASTING).trainingData(data).target("employees").seed(1)
                    .threads(1).timeout(Duration.ofSeconds(15)).nCrossValidations(2)
                    .training(TrainingSettings.DEFAULT.withAllowed(List.of("Naive", "SeasonalNaive", "ExponentialSmoothing")));
            List<Guardrail> seen = new ArrayList<>();
            AutoMlListener rec = new AutoMlListener() {
                @Override
                public void guardrails(List<Guardrail> g) {
                    seen.clear();
                    seen.addAll(g);
                }
            };
            try (AutoMlResult r = AutoMl.run(b.forecasting(fs).build(), rec, null)) {
                Guardrail g = seen.stream().filter(x -> x.name().equals(Guardrail.SHORT_SERIES)).findFirst().orElseThrow();
                assertThat(g.status()).isEqualTo(Guardrail.Status.DONE);
                assertThat(g.message()).contains("dropped");
                assertThat(g.details()).singleElement().asString().startsWith("series information (20 periods)");
                assertThat(((ForecastModel) r.bestModel()).series()).hasSize(1);
            }
            try (AutoMlResult r = AutoMl.run(b.forecasting(fs.withShortSeriesHandling(ForecastSettings.ShortSeriesHandling.PAD))
                    .build(), rec, null)) {
                assertThat(((ForecastModel) r.bestModel()).series()).hasSize(2);
                assertThat(seen.stream().filter(x -> x.name().equals(Guardrail.SHORT_SERIES)).findFirst().orElseThrow().message())
                        .contains("padded");
            }
            assertThatThrownBy(() -> AutoMl.run(b.forecasting(fs.withShortSeriesHandling(ForecastSettings.ShortSeriesHandling.NONE))
                    .build(), null, null)).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("series information (20 periods) is shorter than")
                    .satisfies(e -> assertThat(((InvalidParameterException) e).target())
                            .isEqualTo("forecasting.short_series_handling_config"));
        }
    }
}
