package dev.cerulean.bench.automl;

import dev.cerulean.bench.Report;
import dev.cerulean.ml.automl.AutoMl;
import dev.cerulean.ml.automl.AutoMlLimits;
import dev.cerulean.ml.automl.AutoMlResult;
import dev.cerulean.ml.automl.AutoMlSpec;
import dev.cerulean.ml.automl.AutoMlTask;
import dev.cerulean.core.CancelToken;
import dev.cerulean.ml.automl.TrainingSettings;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.forecast.ForecastModel;
import dev.cerulean.ml.forecast.ForecastSettings;
import dev.cerulean.ml.forecast.TimeSeriesData;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forecasting: an outer rolling-origin evaluation on the time-series tables of the shared data folder. For
 * each of the last three origins (one horizon apart), every series is cut there; each forecasting method
 * alone (AutoML allowed only that method, ensembles off) and AutoML with everything are trained on the
 * history before the cut, and forecast the next horizon. Errors: sMAPE (percent) and MASE (mean absolute
 * error over the in-sample seasonal-naive mean absolute error of the series, Hyndman and Koehler, IJF 22,
 * 2006), averaged over series and origins; the last column is MASE relative to seasonal naive's.
 *
 * <p>Run: {@code bench/run forecast [--budget-seconds 60]}; writes {@code bench/results/forecast.md}.
 */
public final class ForecastBenchmark {
    private ForecastBenchmark() {
    }

    /** A forecasting dataset in long format. */
    record Dataset(String name, Frame frame, String target, String time, List<String> ids, int horizon, String note) {
    }

    static final List<String> METHODS = List.of("Naive", "SeasonalNaive", "Average", "SeasonalAverage", "ExponentialSmoothing",
            "LightGBM", "ElasticNet");
    static final int ORIGINS = 3;

    public static void main(String[] args) throws IOException {
        double budget = 60;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--budget-seconds")) {
                budget = Double.parseDouble(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --budget-seconds N");
            }
        }
        String loadStart = BenchData.loadAverage();
        StringBuilder md = new StringBuilder();
        md.append("# Forecasting: each method and AutoML's pick against seasonal naive (rolling origin)\n\n")
                .append("- machine: ").append(Report.machine()).append('\n')
                .append("- load average at the start: ").append(loadStart).append("; at the end: %LOAD%\n")
                .append("- protocol: the last ").append(ORIGINS).append(" origins, one horizon apart; at each, every series is cut, the")
                .append(" method is trained on the history before the cut (AutoML with only that method allowed and ensembles off;")
                .append(" `AutoML` allows everything and ensembles) and forecasts the next horizon. AutoML's inner model selection")
                .append(" uses rolling-origin cross-validation on the history only. Budget ").append(fmt(budget, 0))
                .append(" s per AutoML run.\n")
                .append("- errors averaged over series and origins: sMAPE (percent, 0–200), MASE (scaled by the in-sample")
                .append(" seasonal-naive MAE); `vs SN` = MASE / seasonal naive's MASE (below 1 is better)\n")
                .append("- command: `bench/run forecast --budget-seconds ").append(fmt(budget, 0)).append("`\n");
        for (Dataset d : datasets()) {
            md.append("\n## ").append(d.name()).append("\n\n").append(d.note()).append("\n\n");
            md.append(run(d, budget));
            System.err.println(md);
        }
        Report.write("forecast", md.toString().replace("%LOAD%", BenchData.loadAverage()));
    }

    static List<Dataset> datasets() {
        List<Dataset> out = new ArrayList<>();
        out.add(new Dataset("air_passengers", read("ts_air_passengers.csv"), "passengers", "date", List.of(), 12,
                "Monthly airline passengers 1949–1960, one series of 144 months; horizon 12."));
        out.add(new Dataset("co2_concentration", read("ts_co2_concentration.csv").drop(List.of("adjusted CO2")), "CO2", "Date",
                List.of(), 12, "Monthly CO2 at Mauna Loa 1958–2020, one series of 741 months with gaps (interpolated); horizon 12."));
        out.add(new Dataset("seattle_temp_max", read("ts_seattle_weather.csv").select(List.of("date", "temp_max")), "temp_max", "date",
                List.of(), 7, "Daily maximum temperature in Seattle 2012–2015, one series of 1,461 days; horizon 7."));
        out.add(new Dataset("us_employment", employment(), "employees", "month", List.of("sector"), 12,
                "Monthly US employment 2006–2015 by sector: the wide table melted to 22 series of 120 months (the totals"
                        + " nonfarm and the change column nonfarm_change left out); horizon 12."));
        return out;
    }

    private static Frame read(String file) {
        return FrameReader.read(TableSource.of(BenchData.dataDir().resolve(file)));
    }

    /** The wide employment table melted to month, sector, employees. */
    static Frame employment() {
        Frame wide = read("ts_us_employment.csv");
        List<String> sectors = wide.names().stream().filter(c -> !c.equals("month") && !c.equals("nonfarm")
                && !c.equals("nonfarm_change")).toList();
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

    /** Errors of one method over origins. */
    static final class Errors {
        double smape;
        double mase;
        int count;
        final List<String> picks = new ArrayList<>();
    }

    static String run(Dataset d, double budget) {
        ForecastSettings fs = ForecastSettings.of(d.time()).withSeriesIds(d.ids()).withHorizon(d.horizon());
        TimeSeriesData all = TimeSeriesData.of(d.frame(), d.target(), fs);
        int m = all.seasonality(null);
        Map<String, Errors> errors = new LinkedHashMap<>();
        for (String method : METHODS) {
            errors.put(method, new Errors());
        }
        errors.put("AutoML", new Errors());
        int h = d.horizon();
        for (int o = ORIGINS; o >= 1; o--) {
            int cut = o * h;
            Frame train = truncate(all, d, cut, false);
            Frame test = truncate(all, d, cut, true);
            for (Map.Entry<String, Errors> e : errors.entrySet()) {
                boolean auto = e.getKey().equals("AutoML");
                if (!auto && m <= 1 && e.getKey().startsWith("Seasonal")) {
                    continue;
                }
                TrainingSettings ts = auto ? TrainingSettings.DEFAULT : TrainingSettings.DEFAULT.withAllowed(List.of(e.getKey()))
                        .withEnsembles(false, false);
                AutoMlSpec spec = AutoMlSpec.builder().task(AutoMlTask.FORECASTING).trainingData(train).target(d.target())
                        .forecasting(fs).limits(AutoMlLimits.DEFAULT.withTimeout(Duration.ofMillis((long) (budget * 1000))))
                        .training(ts.withExplainability(false)).seed(1).threads(2).build();
                try (AutoMlResult r = AutoMl.run(spec, null, CancelToken.none())) {
                    ForecastModel fm = (ForecastModel) r.bestModel();
                    double[] pred = fm.predict(test).raw();
                    score(e.getValue(), test, pred, d, fm, m);
                    if (auto) {
                        e.getValue().picks.add(r.best().algorithm() + (r.best().learner().equals("ensemble")
                                ? " " + r.best().hyperparameters().keySet() : ""));
                    }
                }
            }
            System.err.printf(Locale.ROOT, "%s origin -%d done%n", d.name(), cut);
        }
        double snMase = errors.get(m > 1 ? "SeasonalNaive" : "Naive").mase / errors.get(m > 1 ? "SeasonalNaive" : "Naive").count;
        StringBuilder md = new StringBuilder("| method | sMAPE | MASE | vs SN |\n|---|---|---|---|\n");
        for (Map.Entry<String, Errors> e : errors.entrySet()) {
            Errors x = e.getValue();
            if (x.count == 0) {
                continue;
            }
            double mase = x.mase / x.count;
            boolean auto = e.getKey().equals("AutoML");
            md.append("| ").append(auto ? "**AutoML**" : e.getKey()).append(" | ").append(fmt(x.smape / x.count, 2)).append(" | ")
                    .append(fmt(mase, 3)).append(" | ").append(auto ? "**" + fmt(mase / snMase, 3) + "**" : fmt(mase / snMase, 3))
                    .append(" |\n");
        }
        md.append("\nSeason length ").append(m).append(m > 1 ? "" : " (no significant seasonality: `vs SN` is against naive)")
                .append(". AutoML's picks, oldest origin first: ").append(String.join("; ", errors.get("AutoML").picks)).append(".\n");
        return md.toString();
    }

    /** The rows before (or, for test, the h rows after) each series' cut, {@code cut} periods from its end. */
    static Frame truncate(TimeSeriesData all, Dataset d, int cut, boolean test) {
        List<Object[]> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add(d.time());
        names.addAll(d.ids());
        names.add(d.target());
        for (TimeSeriesData.Series s : all.series()) {
            int n = s.length();
            int from = test ? n - cut : 0;
            int to = test ? n - cut + d.horizon() : n - cut;
            for (int i = from; i < to; i++) {
                Object[] row = new Object[names.size()];
                row[0] = java.time.Instant.ofEpochSecond(Math.floorDiv(all.frequency().add(s.start(), i), 1_000_000L));
                for (int c = 0; c < d.ids().size(); c++) {
                    row[1 + c] = s.id().get(c);
                }
                row[names.size() - 1] = s.values()[i];
                rows.add(row);
            }
        }
        Map<String, dev.cerulean.ml.frame.ColumnKind> kinds = new LinkedHashMap<>();
        kinds.put(d.time(), dev.cerulean.ml.frame.ColumnKind.DATETIME);
        d.ids().forEach(c -> kinds.put(c, dev.cerulean.ml.frame.ColumnKind.CATEGORICAL));
        kinds.put(d.target(), dev.cerulean.ml.frame.ColumnKind.NUMERIC);
        return Frame.fromRows(names, rows, kinds);
    }

    /** Adds sMAPE and MASE of each series' forecasts at this origin. */
    static void score(Errors e, Frame test, double[] pred, Dataset d, ForecastModel fm, int m) {
        FrameColumn y = test.column(d.target());
        int h = d.horizon();
        for (int s = 0; s < fm.series().size(); s++) {
            double[] hist = fm.series().get(s).values();
            int lag = m > 1 && hist.length > m ? m : 1;
            double scale = 0;
            for (int t = lag; t < hist.length; t++) {
                scale += Math.abs(hist[t] - hist[t - lag]);
            }
            scale /= hist.length - lag;
            double sm = 0;
            double ae = 0;
            for (int j = 0; j < h; j++) {
                int r = s * h + j;
                double a = ((Number) y.get(r)).doubleValue();
                double p = pred[r];
                double den = Math.abs(a) + Math.abs(p);
                sm += den == 0 ? 0 : 200 * Math.abs(a - p) / den;
                ae += Math.abs(a - p);
            }
            e.smape += sm / h;
            e.mase += scale > 0 ? ae / h / scale : 0;
            e.count++;
        }
    }

    static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
