package dev.cerulean.ml.forecast;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.feature.FeaturizerConfig;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import dev.cerulean.ml.learn.FitContext;
import dev.cerulean.ml.learn.Learner;
import dev.cerulean.ml.learn.LearnerParams;
import dev.cerulean.ml.learn.Learners;
import dev.cerulean.ml.learn.Predictor;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Provenances;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A global forecasting model: one regression learner (LightGBM by default, as in the M5 competition's top
 * entries; Makridakis et al., IJF 2022) trained across all series on lag, rolling-window and calendar
 * features, with the series id as a categorical feature, forecasting several periods ahead recursively (each
 * forecast becomes the next step's lag 1).
 *
 * <p>Values are divided by a scale before learning, so series of different sizes share one model: the mean
 * absolute value of the last {@code window} periods before the row ({@link Spec#localScale}, which also lets
 * trees follow a trend beyond the values seen in training) or of the whole series.
 */
public final class LagModel implements AutoCloseable {
    /**
     * What to train.
     *
     * @param learner         Cerulean's learner name
     * @param hyperparameters its hyperparameters
     * @param lags            target lags (periods back), at least one
     * @param window          rolling mean and standard deviation window, at least 2
     * @param localScale      scale each row by its recent level (else by the series' mean level)
     */
    public record Spec(String learner, Map<String, Object> hyperparameters, List<Integer> lags, int window, boolean localScale) {
        public Spec {
            hyperparameters = hyperparameters == null ? Map.of() : new LinkedHashMap<>(hyperparameters);
            lags = List.copyOf(lags);
            if (lags.isEmpty() || window < 2) {
                throw new InvalidParameterException("a lag model needs lags and a window of at least 2", "forecasting.target_lags");
            }
        }

        /** The periods a series needs before its first training row. */
        public int history() {
            return Math.max(lags.stream().mapToInt(Integer::intValue).max().orElse(1), window);
        }
    }

    private final Spec spec;
    private final Frequency frequency;
    private final List<String> keys;
    private final double[] seriesScale;
    private final CeruleanModel model;

    LagModel(Spec spec, Frequency frequency, List<String> keys, double[] seriesScale, CeruleanModel model) {
        this.spec = spec;
        this.frequency = frequency;
        this.keys = List.copyOf(keys);
        this.seriesScale = seriesScale;
        this.model = model;
    }

    /** What was trained. */
    public Spec spec() {
        return spec;
    }

    /** The series keys, in training order. */
    public List<String> keys() {
        return keys;
    }

    /** Each series' mean absolute value (its scale when not scaling locally). */
    public double[] seriesScale() {
        return seriesScale.clone();
    }

    /** The fitted regression model on the lag features. */
    public CeruleanModel model() {
        return model;
    }

    /**
     * Trains on the series.
     *
     * @param ys     each series' values
     * @param starts each series' first time
     * @param keys        each series' key (its id values joined), the categorical series feature
     * @param datasetHash the training data's content hash for the model's provenance, or null
     * @param stop        asked between boosting rounds whether to stop
     * @throws InvalidParameterException when no series is longer than {@link Spec#history()}
     */
    public static LagModel fit(Spec spec, List<double[]> ys, long[] starts, Frequency frequency, List<String> keys, long seed,
            int threads, String datasetHash, BooleanSupplier stop) {
        double[] scale = new double[ys.size()];
        for (int s = 0; s < ys.size(); s++) {
            double a = 0;
            for (double v : ys.get(s)) {
                a += Math.abs(v);
            }
            scale[s] = a / ys.get(s).length > 1e-12 ? a / ys.get(s).length : 1.0;
        }
        int history = spec.history();
        List<Integer> rowSeries = new ArrayList<>();
        List<Integer> rowT = new ArrayList<>();
        for (int s = 0; s < ys.size(); s++) {
            for (int t = history; t < ys.get(s).length; t++) {
                rowSeries.add(s);
                rowT.add(t);
            }
        }
        if (rowSeries.isEmpty()) {
            throw new InvalidParameterException("no series is longer than the " + history + " periods the lag features need",
                    "forecasting.target_lags");
        }
        LagModel shell = new LagModel(spec, frequency, keys, scale, null);
        double[] target = new double[rowSeries.size()];
        Frame x = shell.features(ys, starts, rowSeries, rowT, target);
        Learner<?> learner = Learners.get(spec.learner());
        FeaturizerConfig cfg = learner.featurizerConfig(Task.REGRESSION).toBuilder().dropIdLike(false).build();
        Featurizer.Fitted fz = Featurizer.fit(x, target, 0, cfg, seed);
        LearnerParams params = learner.parse(spec.hyperparameters());
        params.validate();
        Predictor p = fit(learner, fz, target, params, new FitContext(seed, threads, null, null, stop));
        // The lag features are part of the featurization: Azure ML's names for them, then the featurizer's settings.
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("target_lags", spec.lags());
        features.put("target_rolling_window_size", spec.window());
        features.put("local_scale", spec.localScale());
        features.putAll(cfg.toMap());
        return new LagModel(spec, frequency, keys, scale, new CeruleanModel(fz.featurizer(), p, "scaled_target", List.of(), false,
                Provenances.learner(learner.name(), params.toMap(), features, seed, threads, datasetHash, target.length, "scaled_target",
                        p.trainingInfo()).build()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Predictor fit(Learner learner, Featurizer.Fitted fz, double[] y, LearnerParams p, FitContext ctx) {
        return learner.fit(fz.matrix(), y, Task.REGRESSION, 0, p, ctx);
    }

    /**
     * Forecasts {@code h} periods past the end of each series, recursively.
     *
     * @param ys     each series' history (the series must be those trained on, in order)
     * @param starts each series' first time
     * @return per series, h forecasts
     */
    public double[][] forecast(List<double[]> ys, long[] starts, int h) {
        int n = ys.size();
        List<double[]> ext = new ArrayList<>();
        for (double[] y : ys) {
            double[] e = java.util.Arrays.copyOf(y, y.length + h);
            ext.add(e);
        }
        double[][] out = new double[n][h];
        List<Integer> series = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            series.add(s);
        }
        for (int j = 0; j < h; j++) {
            List<Integer> ts = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                ts.add(ys.get(s).length + j);
            }
            double[] scales = new double[n];
            Frame x = features(ext, starts, series, ts, null, scales);
            double[] z = model.predictor().predict(model.featurizer().transform(x));
            for (int s = 0; s < n; s++) {
                double v = z[s] * scales[s];
                out[s][j] = v;
                ext.get(s)[ys.get(s).length + j] = v;
            }
        }
        return out;
    }

    private Frame features(List<double[]> ys, long[] starts, List<Integer> rowSeries, List<Integer> rowT, double[] target) {
        return features(ys, starts, rowSeries, rowT, target, null);
    }

    /** The feature rows for (series, period) pairs; the scaled targets into {@code target}, the scales into {@code scales}. */
    private Frame features(List<double[]> ys, long[] starts, List<Integer> rowSeries, List<Integer> rowT, double[] target,
            double[] scales) {
        int rows = rowSeries.size();
        List<Integer> lags = spec.lags();
        int w = spec.window();
        double[][] lagCols = new double[lags.size()][rows];
        double[] rollMean = new double[rows];
        double[] rollStd = new double[rows];
        List<String> calendar = calendarNames();
        double[][] cal = new double[calendar.size()][rows];
        String[] key = new String[rows];
        for (int r = 0; r < rows; r++) {
            int s = rowSeries.get(r);
            int t = rowT.get(r);
            double[] y = ys.get(s);
            double scale;
            if (spec.localScale()) {
                double a = 0;
                for (int i = t - w; i < t; i++) {
                    a += Math.abs(y[Math.max(0, i)]);
                }
                scale = a / w > 1e-12 ? a / w : 1.0;
            } else {
                scale = seriesScale[s];
            }
            if (scales != null) {
                scales[r] = scale;
            }
            for (int l = 0; l < lags.size(); l++) {
                int i = t - lags.get(l);
                lagCols[l][r] = (i >= 0 ? y[i] : y[0]) / scale;
            }
            double sum = 0;
            double sq = 0;
            for (int i = t - w; i < t; i++) {
                double v = y[Math.max(0, i)] / scale;
                sum += v;
                sq += v * v;
            }
            rollMean[r] = sum / w;
            rollStd[r] = Math.sqrt(Math.max(0, sq / w - rollMean[r] * rollMean[r]));
            LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(frequency.add(starts[s], t), 1_000_000L), 0,
                    ZoneOffset.UTC);
            for (int c = 0; c < calendar.size(); c++) {
                cal[c][r] = calendarValue(calendar.get(c), time);
            }
            key[r] = keys.get(s);
            if (target != null) {
                target[r] = y[t] / scale;
            }
        }
        List<FrameColumn> cols = new ArrayList<>();
        for (int l = 0; l < lags.size(); l++) {
            cols.add(NumericColumn.of("lag_" + lags.get(l), lagCols[l]));
        }
        cols.add(NumericColumn.of("rolling_mean_" + w, rollMean));
        cols.add(NumericColumn.of("rolling_std_" + w, rollStd));
        for (int c = 0; c < calendar.size(); c++) {
            cols.add(NumericColumn.of(calendar.get(c), cal[c]));
        }
        if (keys.size() > 1) {
            cols.add(StringColumn.categorical("series", key));
        }
        return Frame.of(cols);
    }

    /** Calendar features that vary at this frequency. */
    private List<String> calendarNames() {
        switch (frequency.unit()) {
            case MONTH:
                return frequency.multiple() < 12 ? List.of("month") : List.of();
            case WEEK:
                return List.of("week_of_year");
            case DAY:
                return List.of("day_of_week", "day_of_month", "month", "day_of_year");
            case HOUR:
                return List.of("hour", "day_of_week");
            default:
                return List.of("minute", "hour");
        }
    }

    private static double calendarValue(String name, LocalDateTime t) {
        switch (name) {
            case "month":
                return t.getMonthValue();
            case "week_of_year":
                return t.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "day_of_week":
                return t.getDayOfWeek().getValue();
            case "day_of_month":
                return t.getDayOfMonth();
            case "day_of_year":
                return t.getDayOfYear();
            case "hour":
                return t.getHour();
            default:
                return t.getMinute();
        }
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
