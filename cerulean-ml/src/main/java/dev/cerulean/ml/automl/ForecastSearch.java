package dev.cerulean.ml.automl;

import dev.cerulean.core.CancelToken;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.forecast.ForecastModel;
import dev.cerulean.ml.forecast.ForecastSettings;
import dev.cerulean.ml.forecast.LagModel;
import dev.cerulean.ml.forecast.SeriesMethod;
import dev.cerulean.ml.forecast.SeriesMethods;
import dev.cerulean.ml.forecast.TimeSeriesData;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.MetricNames;
import dev.cerulean.ml.metrics.Metrics;
import dev.cerulean.ml.model.Provenances;
import dev.cerulean.ml.tune.Goal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The forecasting search. Reads the series ({@link TimeSeriesData}: frequency detection, duplicate and irregular
 * timestamps, gaps), settles the season length, horizon, lags and cross-validation windows, handles short
 * series, and evaluates every candidate by rolling-origin cross-validation (Tashman, "Out-of-sample tests of
 * forecasting accuracy", IJF 16, 2000): for each of the last {@code n_cross_validations} origins, spaced
 * {@code cv_step_size} periods apart, fit on the history before the origin and forecast the next
 * {@code forecast_horizon} periods of every series. Candidates, cheap first: naive, seasonal naive, average,
 * seasonal average, exponential smoothing (per series, AICc-selected), and global regression models on lag
 * features (LightGBM scaled by recent level and by series level; an elastic net). The voting ensemble
 * (Caruana selection over the cross-validation forecasts, scored by cross-fitting over windows) is kept when
 * it beats the best single method; the chosen components are refitted on the full history.
 */
final class ForecastSearch {
    /** Cross-validation windows at most when chosen automatically. */
    static final int MAX_WINDOWS = 5;

    private final AutoMlSpec spec;
    private final TabularSearch.Listener events;
    private final CancelToken cancel;
    private final TabularSearch.Clock clock;
    private final List<String> warnings;
    private final List<String> learners;
    private final String metric;
    private final int threads;
    private final Goal goal;

    ForecastSearch(AutoMlSpec spec, TabularSearch.Listener events, CancelToken cancel, TabularSearch.Clock clock,
            List<String> warnings, List<String> learners, String metric, int threads) {
        this.spec = spec;
        this.events = events;
        this.cancel = cancel;
        this.clock = clock;
        this.warnings = warnings;
        this.learners = learners;
        this.metric = metric;
        this.threads = threads;
        this.goal = MetricNames.higherIsBetter(metric) ? Goal.MAXIMIZE : Goal.MINIMIZE;
    }

    /** A candidate: a local method, or a lag model. */
    private record Cand(String name, String algorithm, SeriesMethod method, LagModel.Spec lag, Map<String, Object> hp) {
    }

    /** A point of the cross-validation: window, series, step ahead. */
    private record Point(int window, int series, int step, double actual) {
    }

    AutoMlResult run() {
        ForecastSettings fs = spec.forecasting();
        if (spec.testDataSize() != null) {
            throw new InvalidParameterException("test_data_size is not supported for forecasting; give test_data with the periods"
                    + " after the training data", "test_data_size");
        }
        if (spec.validationData() != null || spec.validationSource() != null || spec.validationDataSize() != null) {
            throw new InvalidParameterException("forecasting validates by rolling-origin cross-validation; use n_cross_validations"
                    + " and forecasting.cv_step_size instead of validation data", spec.validationDataSize() != null
                    ? "validation_data_size" : "validation_data");
        }
        events.progress("loading", clock, 0, "loading and checking the series");
        Frame frame = Frames.load(spec, spec.trainingData(), spec.trainingSource());
        TimeSeriesData data = TimeSeriesData.of(frame, spec.target(), fs);
        Map<String, ColumnKind> idKinds = new LinkedHashMap<>();
        for (String c : fs.seriesIdColumns()) {
            idKinds.put(c, frame.column(c).kind());
        }
        int m = data.seasonality(fs.seasonality());
        int minLen = data.series().stream().mapToInt(TimeSeriesData.Series::length).min().orElse(0);
        int maxLen = data.series().stream().mapToInt(TimeSeriesData.Series::length).max().orElse(0);
        int h = fs.forecastHorizon() > 0 ? fs.forecastHorizon() : Math.max(1, Math.min(m > 1 ? m : 1, maxLen / 4));
        List<Integer> lags = fs.targetLags().isEmpty() ? autoLags(m, maxLen) : fs.targetLags();
        int window = fs.targetRollingWindowSize() > 0 ? fs.targetRollingWindowSize() : Math.max(3, m);
        int history = Math.max(lags.stream().mapToInt(Integer::intValue).max().orElse(1), window);
        int step = fs.cvStepSize() > 0 ? fs.cvStepSize() : h;
        // A series needs a training history for the lag features (history + a few rows) or two seasons.
        int base = Math.max(history + 2, m > 1 ? 2 * m + 2 : 3);
        int windows;
        boolean autoWindows = spec.nCrossValidations() == null;
        if (autoWindows) {
            windows = Math.max(1, Math.min(MAX_WINDOWS, (maxLen - h - base) / step + 1));
        } else {
            windows = spec.nCrossValidations();
        }
        int required = base + h + (windows - 1) * step;

        List<Guardrail> guardrails = new ArrayList<>();
        guardrails.add(new Guardrail(Guardrail.FREQUENCY, Guardrail.Status.PASSED, (data.frequencyDetected() ? "The time series"
                + " were analyzed and all data points are aligned with the detected frequency: " : "All data points are aligned with"
                + " the given frequency: ") + data.describe() + "; season length " + m + (fs.seasonality() == null ? " (auto)" : ""),
                List.of()));
        data = shortSeries(data, required, fs.shortSeriesHandling(), guardrails);
        if (data.imputed() > 0 || data.aggregatedRows() > 0) {
            List<String> details = new ArrayList<>();
            for (TimeSeriesData.Series s : data.series()) {
                if (s.imputed() > 0) {
                    details.add(s.name() + ": " + s.imputed() + " periods");
                }
            }
            guardrails.add(new Guardrail(Guardrail.MISSING_TARGET, Guardrail.Status.DONE, data.imputed() + " missing periods or"
                    + " target values were filled by linear interpolation" + (data.aggregatedRows() > 0 ? "; " + data.aggregatedRows()
                    + " rows sharing a series and time were combined with " + fs.targetAggregateFunction() : ""), details));
        }
        String validation = String.format(Locale.ROOT, "rolling-origin cross-validation: %d window%s of %d periods, origins %d"
                + " periods apart, over %d series", windows, windows == 1 ? "" : "s", h, step, data.series().size());
        guardrails.add(0, new Guardrail(Guardrail.VALIDATION, autoWindows ? Guardrail.Status.DONE : Guardrail.Status.PASSED,
                validation + (autoWindows ? " (n_cross_validations was auto)" : ""), List.of()));
        events.guardrails(guardrails);

        List<Cand> cands = candidates(m, lags, window);
        List<Point> points = points(data, windows, step, h);
        double[] actual = points.stream().mapToDouble(Point::actual).toArray();
        Scorer scorer = new Scorer(metric, Task.REGRESSION, 0, actual);
        List<TrialResult> board = new ArrayList<>();
        List<double[]> preds = new ArrayList<>();
        List<Cand> scored = new ArrayList<>();
        StopReason reason = StopReason.SEARCH_EXHAUSTED;
        int id = 0;
        events.progress("search", clock, 0, "evaluating " + cands.size() + " forecasting methods on " + points.size()
                + " cross-validation points");
        for (Cand c : cands) {
            if (cancel.isCancelled()) {
                reason = StopReason.CANCELLED;
                break;
            }
            if (System.nanoTime() > clock.searchDeadline - clock.minTrialNanos) {
                reason = StopReason.TIMEOUT;
                break;
            }
            if (id >= spec.limits().maxTrials()) {
                reason = StopReason.MAX_TRIALS;
                break;
            }
            int trial = ++id;
            long start = System.nanoTime();
            events.trialStarted(new AutoMlListener.TrialStarted(trial, c.algorithm(), c.name(), c.hp(), featurization(c), "portfolio:"
                    + c.name(), Instant.now()));
            TrialResult r;
            try {
                double[] p = crossValidate(c, data, m, windows, step, h, points);
                Map<String, Double> metrics = Metrics.forecasting(actual, p);
                double score = metrics.getOrDefault(metric, Double.NaN);
                r = new TrialResult(trial, c.algorithm(), c.name(), c.hp(), featurization(c), "portfolio:" + c.name(), metrics, score,
                        Duration.ofNanos(System.nanoTime() - start), TrialStatus.COMPLETED, "", Map.of("windows", windows));
                if (Double.isFinite(score)) {
                    preds.add(p);
                    scored.add(c);
                }
            } catch (RuntimeException e) {
                r = new TrialResult(trial, c.algorithm(), c.name(), c.hp(), featurization(c), "portfolio:" + c.name(), Map.of(),
                        Double.NaN, Duration.ofNanos(System.nanoTime() - start), TrialStatus.FAILED, e.getMessage(), Map.of());
            }
            board.add(r);
            events.trialFinished(new AutoMlListener.TrialFinished(r, null));
            Double exit = spec.limits().exitScore();
            if (exit != null && r.scored() && !goal.better(exit, r.score())) {
                reason = StopReason.EXIT_SCORE;
                break;
            }
        }
        if (scored.isEmpty()) {
            throw new CeruleanException(ErrorCode.INVALID_PARAMETER, "AutoML found no forecasting model: "
                    + (board.isEmpty() ? "no method could run within the time budget" : "every method failed; the first error: "
                    + board.get(0).message()), "limits.timeout_minutes");
        }
        // Best single method, then the voting ensemble over the cross-validation forecasts.
        int bestIdx = 0;
        for (int i = 1; i < scored.size(); i++) {
            if (scorer.loss(preds.get(i)) < scorer.loss(preds.get(bestIdx))) {
                bestIdx = i;
            }
        }
        TrialResult bestRow = rowOf(board, scored.get(bestIdx));
        double[] weights = new double[scored.size()];
        weights[bestIdx] = 1;
        if (reason != StopReason.CANCELLED && spec.training().enableVoteEnsemble() && scored.size() >= 2) {
            events.progress("ensembling", clock, board.size(), "selecting a voting ensemble of forecasting methods");
            double[] w = voting(preds, scorer, points, windows, board, scored, id + 1);
            if (w != null) {
                weights = w;
                bestRow = board.get(board.size() - 1);
            }
        }
        if (spec.training().enableStackEnsemble() != null && spec.training().enableStackEnsemble()) {
            warnings.add("stacked ensembles are not built for forecasting (Azure ML turns them off too); the voting ensemble is");
        }
        events.progress("refitting", clock, board.size(), "refitting the chosen methods on the full history");
        ForecastModel model = refit(data, scored, weights, m, h, idKinds, fs);
        Map<String, Double> testMetrics = Map.of();
        Frame test = Frames.load(spec, spec.testData(), spec.testSource());
        if (test != null && reason != StopReason.CANCELLED) {
            events.progress("testing", clock, board.size(), "forecasting the " + test.rowCount() + " test rows");
            testMetrics = testMetrics(model, test);
        }
        if (spec.training().enableModelExplainability()) {
            warnings.add("feature importance is not computed for forecasting models");
        }
        final TrialResult chosen = bestRow;
        List<TrialResult> ordered = new ArrayList<>();
        ordered.add(chosen);
        board.stream().filter(t -> t != chosen && t.scored()).sorted(Comparator.comparingDouble(t -> goal.toLoss(t.score())))
                .forEach(ordered::add);
        board.stream().filter(t -> t != chosen && !t.scored()).forEach(ordered::add);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("frequency", data.frequency().alias());
        details.put("seasonality", m);
        details.put("forecast_horizon", h);
        details.put("target_lags", lags);
        details.put("target_rolling_window_size", window);
        details.put("n_cross_validations", windows);
        details.put("cv_step_size", step);
        details.put("series", data.series().size());
        details.put("components", model.components().stream().map(c -> c.method() + " " + String.format(Locale.ROOT, "%.3f",
                c.weight())).toList());
        events.progress("done", clock, board.size(), "best: " + chosen.algorithm() + " " + metric + " = "
                + String.format(Locale.ROOT, "%.5f", chosen.score()));
        return new AutoMlResult(AutoMlTask.FORECASTING, Task.REGRESSION, metric, goal == Goal.MAXIMIZE, guardrails, ordered, chosen,
                model, testMetrics, null, validation, reason, warnings, clock.elapsed(), details);
    }

    /** Lags 1 … min(max(m, 3), 14), then m and 2m when the longest series has four seasons. */
    static List<Integer> autoLags(int m, int maxLen) {
        List<Integer> lags = new ArrayList<>();
        int top = Math.min(Math.max(m, 3), 14);
        for (int l = 1; l <= top; l++) {
            lags.add(l);
        }
        if (m > top) {
            lags.add(m);
        }
        if (m > 1 && maxLen >= 4 * m && 2 * m > top) {
            lags.add(2 * m);
        }
        return lags;
    }

    private List<Cand> candidates(int m, List<Integer> lags, int window) {
        List<Cand> out = new ArrayList<>();
        boolean explicit = !spec.training().allowedAlgorithms().isEmpty();
        for (SeriesMethod sm : SeriesMethods.ALL) {
            // Without a season, seasonal methods are their plain versions: run them only when asked for by name.
            if (!learners.contains(sm.name()) || sm.seasonal() && m <= 1 && !explicit) {
                continue;
            }
            out.add(new Cand(sm.name(), Algorithms.displayName(sm.name(), Task.REGRESSION), sm, null, Map.of()));
        }
        if (learners.contains("lightgbm")) {
            // Rounds fixed, no early stopping: a random hold-out of lagged rows would leak the future.
            Map<String, Object> hp = Map.of("n_estimators", 300, "learning_rate", 0.05, "num_leaves", 15, "min_child_samples", 10,
                    "early_stopping_rounds", 0);
            out.add(lagCand("lightgbm_recent_level", "lightgbm", hp, lags, window, true));
            out.add(lagCand("lightgbm_series_level", "lightgbm", hp, lags, window, false));
        }
        if (learners.contains("elastic_net")) {
            out.add(lagCand("elastic_net_recent_level", "elastic_net", Map.of("alpha", 1e-4, "l1_ratio", 0.5, "max_iter", 1000), lags,
                    window, true));
        }
        for (String l : List.of("xgboost", "random_forest", "extra_trees", "knn")) {
            if (explicit && learners.contains(l)) {
                out.add(lagCand(l + "_recent_level", l, Map.of(), lags, window, true));
            }
        }
        return out;
    }

    private static Cand lagCand(String name, String learner, Map<String, Object> hp, List<Integer> lags, int window, boolean local) {
        Map<String, Object> shown = new LinkedHashMap<>(hp);
        shown.put("target_lags", lags);
        shown.put("target_rolling_window_size", window);
        shown.put("scale", local ? "recent level" : "series level");
        return new Cand(name, Algorithms.displayName(learner, Task.REGRESSION), null, new LagModel.Spec(learner, hp, lags, window,
                local), shown);
    }

    private static String featurization(Cand c) {
        return c.lag() == null ? "the series' own history" : "lags " + c.lag().lags() + ", rolling mean and standard deviation over "
                + c.lag().window() + " periods, calendar parts" + ", values divided by the " + (c.lag().localScale() ? "recent" : "series")
                + " level";
    }

    private TimeSeriesData shortSeries(TimeSeriesData data, int required, ForecastSettings.ShortSeriesHandling how,
            List<Guardrail> guardrails) {
        List<TimeSeriesData.Series> shortOnes = data.series().stream().filter(s -> s.length() < required).toList();
        if (shortOnes.isEmpty()) {
            guardrails.add(new Guardrail(Guardrail.SHORT_SERIES, Guardrail.Status.PASSED, "Every series has at least the " + required
                    + " periods the horizon, lags and cross-validation windows need.", List.of()));
            return data;
        }
        List<String> names = shortOnes.stream().map(s -> s.name() + " (" + s.length() + " periods)").toList();
        ForecastSettings.ShortSeriesHandling h = how;
        if (h == ForecastSettings.ShortSeriesHandling.AUTO) {
            h = shortOnes.size() == data.series().size() ? ForecastSettings.ShortSeriesHandling.PAD
                    : ForecastSettings.ShortSeriesHandling.DROP;
        }
        if (h == ForecastSettings.ShortSeriesHandling.NONE) {
            throw new InvalidParameterException(names.get(0) + " is shorter than the " + required + " periods the horizon, lags and"
                    + " cross-validation windows need; set forecasting.short_series_handling_config to pad or drop, or shorten them",
                    "forecasting.short_series_handling_config");
        }
        List<TimeSeriesData.Series> kept = new ArrayList<>();
        for (TimeSeriesData.Series s : data.series()) {
            if (s.length() >= required) {
                kept.add(s);
            } else if (h == ForecastSettings.ShortSeriesHandling.PAD) {
                double mean = Arrays.stream(s.values()).average().orElse(0);
                int pad = required - s.length();
                double[] v = new double[required];
                Arrays.fill(v, 0, pad, mean);
                System.arraycopy(s.values(), 0, v, pad, s.length());
                kept.add(new TimeSeriesData.Series(s.id(), data.frequency().add(s.start(), -pad), v, s.imputed() + pad));
            }
        }
        guardrails.add(new Guardrail(Guardrail.SHORT_SERIES, Guardrail.Status.DONE, shortOnes.size() + " series shorter than the "
                + required + " periods needed were " + (h == ForecastSettings.ShortSeriesHandling.PAD
                ? "padded at their start with their mean" : "dropped: they cannot be forecast by this model"), names));
        return data.withSeries(kept);
    }

    private static List<Point> points(TimeSeriesData data, int windows, int step, int h) {
        List<Point> out = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            for (int s = 0; s < data.series().size(); s++) {
                double[] y = data.series().get(s).values();
                int cut = y.length - h - w * step;
                for (int j = 0; j < h; j++) {
                    out.add(new Point(w, s, j, y[cut + j]));
                }
            }
        }
        return out;
    }

    private double[] crossValidate(Cand c, TimeSeriesData data, int m, int windows, int step, int h, List<Point> points) {
        int n = data.series().size();
        double[] out = new double[points.size()];
        int at = 0;
        for (int w = 0; w < windows; w++) {
            List<double[]> ys = new ArrayList<>();
            long[] starts = new long[n];
            for (int s = 0; s < n; s++) {
                double[] y = data.series().get(s).values();
                ys.add(Arrays.copyOf(y, y.length - h - w * step));
                starts[s] = data.series().get(s).start();
            }
            double[][] f = forecast(c, ys, starts, data, m, h);
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < h; j++) {
                    out[at++] = f[s][j];
                }
            }
        }
        return out;
    }

    private double[][] forecast(Cand c, List<double[]> ys, long[] starts, TimeSeriesData data, int m, int h) {
        if (c.method() != null) {
            double[][] f = new double[ys.size()][];
            for (int s = 0; s < ys.size(); s++) {
                double[] y = ys.get(s);
                f[s] = c.method().forecast(y, m, c.method().fit(y, m), h);
            }
            return f;
        }
        try (LagModel lm = LagModel.fit(c.lag(), ys, starts, data.frequency(), keys(data), spec.seed(), 1, spec.datasetHash(),
                this::stop)) {
            return lm.forecast(ys, starts, h);
        }
    }

    private boolean stop() {
        return cancel.isCancelled() || System.nanoTime() > clock.searchDeadline;
    }

    private static List<String> keys(TimeSeriesData data) {
        return data.series().stream().map(s -> String.join("/", s.id())).toList();
    }

    private static TrialResult rowOf(List<TrialResult> board, Cand c) {
        for (TrialResult t : board) {
            if (t.learner().equals(c.name())) {
                return t;
            }
        }
        throw new IllegalStateException("no row for " + c.name());
    }

    /**
     * Caruana selection over the methods' cross-validation forecasts, scored by cross-fitting over windows (or five
     * parts of the points with one window); returns the weights when the ensemble beats picking the best single
     * method the same way, else null.
     */
    private double[] voting(List<double[]> preds, Scorer scorer, List<Point> points, int windows, List<TrialResult> board,
            List<Cand> scored, int id) {
        long start = System.nanoTime();
        List<int[]> outer = new ArrayList<>();
        if (windows >= 2) {
            for (int w = 0; w < windows; w++) {
                final int ww = w;
                outer.add(java.util.stream.IntStream.range(0, points.size()).filter(i -> points.get(i).window() == ww).toArray());
            }
        } else {
            int parts = Math.min(5, Math.max(2, points.size() / 4));
            for (var f : dev.cerulean.ml.validation.Splits.kFold(points.size(), parts, spec.seed())) {
                outer.add(f.test());
            }
        }
        SplittableRandom rng = new SplittableRandom(spec.seed() + 11);
        double[] single = new double[points.size()];
        double[] vote = new double[points.size()];
        for (int[] test : outer) {
            int[] train = complement(test, points.size());
            List<double[]> tr = Ensembles.rows(preds, train, 1);
            List<double[]> te = Ensembles.rows(preds, test, 1);
            Scorer st = scorer.subset(train);
            int best = 0;
            for (int j = 1; j < tr.size(); j++) {
                if (st.loss(tr.get(j)) < st.loss(tr.get(best))) {
                    best = j;
                }
            }
            double[] w = Ensembles.caruana(tr, st, Ensembles.ITERATIONS, rng);
            double[] combined = Ensembles.combine(te, w);
            for (int i = 0; i < test.length; i++) {
                single[test[i]] = te.get(best)[i];
                vote[test[i]] = combined[i];
            }
        }
        double singleScore = scorer.score(single);
        double voteScore = scorer.score(vote);
        double[] w = Ensembles.caruana(preds, scorer, Ensembles.ITERATIONS, rng);
        Map<String, Object> hp = new LinkedHashMap<>();
        for (int j = 0; j < w.length; j++) {
            if (w[j] > 0) {
                hp.put(scored.get(j).name(), w[j]);
            }
        }
        Map<String, Double> metrics = Metrics.forecasting(scorer.targets(range(points.size())), vote);
        metrics.put(metric, voteScore);
        events.trialStarted(new AutoMlListener.TrialStarted(id, "VotingEnsemble", "ensemble", hp, "as its members", "ensemble",
                Instant.now()));
        TrialResult r = new TrialResult(id, "VotingEnsemble", "ensemble", hp, "as its members", "ensemble", metrics, voteScore,
                Duration.ofNanos(System.nanoTime() - start), TrialStatus.COMPLETED, "weights chosen by Caruana ensemble selection over"
                + " the cross-validation forecasts; scored by cross-fitting over windows; selecting the best single method the same"
                + " way scores " + String.format(Locale.ROOT, "%.5f", singleScore), Map.of());
        board.add(r);
        events.trialFinished(new AutoMlListener.TrialFinished(r, null));
        return goal.toLoss(voteScore) < goal.toLoss(singleScore) ? w : null;
    }

    private ForecastModel refit(TimeSeriesData data, List<Cand> scored, double[] weights, int m, int h,
            Map<String, ColumnKind> idKinds, ForecastSettings fs) {
        int n = data.series().size();
        List<double[]> ys = new ArrayList<>();
        long[] starts = new long[n];
        for (int s = 0; s < n; s++) {
            ys.add(data.series().get(s).values());
            starts[s] = data.series().get(s).start();
        }
        long points = ys.stream().mapToLong(y -> y.length).sum();
        List<ForecastModel.Component> comps = new ArrayList<>();
        List<Provenance.Member> members = new ArrayList<>();
        for (int j = 0; j < scored.size(); j++) {
            if (weights[j] <= 0) {
                continue;
            }
            Cand c = scored.get(j);
            Provenance part;
            if (c.method() != null) {
                List<double[]> params = new ArrayList<>();
                for (double[] y : ys) {
                    params.add(c.method().fit(y, m));
                }
                comps.add(new ForecastModel.Component(c.name(), weights[j], params, null));
                // A local method's fitted parameters are per series, in forecaster.json; its settings are its hyperparameters.
                part = Provenances.learner(c.name(), c.hp(), Map.of("seasonality", m), spec.seed(), 1, spec.datasetHash(), points,
                        spec.target(), Map.of()).build();
            } else {
                LagModel lm = LagModel.fit(c.lag(), ys, starts, data.frequency(), keys(data), spec.seed(), threads, spec.datasetHash(),
                        cancel::isCancelled);
                comps.add(new ForecastModel.Component(c.name(), weights[j], null, lm));
                part = lm.model().provenance();
            }
            members.add(new Provenance.Member(c.name(), weights[j], part));
        }
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("time_column_name", fs.timeColumn());
        series.put("time_series_id_column_names", fs.seriesIdColumns());
        series.put("frequency", data.frequency().alias());
        Provenance prov = Provenances.now().modelType(Provenance.ModelType.FORECASTER).algorithm(ForecastModel.algorithm(comps))
                .params(Map.of("forecast_horizon", h, "seasonality", m)).featurization(series)
                .seed(spec.seed()).threads(threads).datasetHash(spec.datasetHash()).trainingRows(points).target(spec.target())
                .members(members).build();
        return new ForecastModel(spec.target(), fs.timeColumn(), fs.seriesIdColumns(), idKinds, data.frequency(), m, h,
                data.series(), comps, prov);
    }

    private Map<String, Double> testMetrics(ForecastModel model, Frame test) {
        String target = spec.target();
        if (!test.has(target)) {
            throw new InvalidParameterException("test_data has no target column '" + target + "'", "test_data");
        }
        FrameColumn t = test.column(target);
        int[] keep = Frames.presentRows(t);
        Frame rows = test.take(keep);
        double[] y = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            Object v = rows.column(target).get(i);
            if (!(v instanceof Number num)) {
                throw new InvalidParameterException("test_data: target '" + target + "' row " + keep[i] + " is not a number", "test_data");
            }
            y[i] = num.doubleValue();
        }
        double[] p = model.predict(rows).raw();
        return Metrics.forecasting(y, p);
    }

    private static int[] complement(int[] test, int n) {
        boolean[] in = new boolean[n];
        for (int i : test) {
            in[i] = true;
        }
        return java.util.stream.IntStream.range(0, n).filter(i -> !in[i]).toArray();
    }

    private static int[] range(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
