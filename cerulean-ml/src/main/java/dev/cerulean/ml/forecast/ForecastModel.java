package dev.cerulean.ml.forecast;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.model.Provenances;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted forecaster: the series it was trained on and one or more fitted components (local methods with
 * their per-series parameters, global lag models), combined with weights (one component, or AutoML's voting
 * ensemble). As a {@link Model} it takes a frame holding the time column (and the series id columns) of the
 * periods to forecast, which must follow the end of their series' training data on its grid, and returns a
 * forecast per row, in the rows' order, in the {@code prediction} column. Immutable and thread-safe.
 */
public final class ForecastModel implements Model, AutoCloseable {
    /** Forecasts further than this many periods past the end are refused (recursive models would take long). */
    public static final int MAX_STEPS = 10_000;

    /**
     * One fitted component.
     *
     * @param method {@code naive}, {@code seasonal_naive}, {@code average}, {@code seasonal_average},
     *               {@code exponential_smoothing} (local), or a name for a lag model (global)
     * @param weight its weight in the combination
     * @param params for local methods, the parameters of each series (in series order); null for lag models
     * @param lag    for global models, the lag model; null for local methods
     */
    public record Component(String method, double weight, List<double[]> params, LagModel lag) {
    }

    private final String target;
    private final String timeColumn;
    private final List<String> idColumns;
    private final Map<String, ColumnKind> idKinds;
    private final Frequency frequency;
    private final int seasonality;
    private final int horizon;
    private final List<TimeSeriesData.Series> series;
    private final List<Component> components;
    private final Map<List<String>, Integer> index = new HashMap<>();
    private final ModelSignature signature;
    private final Provenance provenance;

    /**
     * @param idKinds     the kind of each id column in the training data (for the signature)
     * @param horizon     the horizon it was selected for (forecasts may go further)
     * @param series      the training series
     * @param components  the fitted components; weights summing to 1
     * @param provenance  how it was made (a {@link Provenance.ModelType#FORECASTER} one listing the components), or null
     */
    public ForecastModel(String target, String timeColumn, List<String> idColumns, Map<String, ColumnKind> idKinds,
            Frequency frequency, int seasonality, int horizon, List<TimeSeriesData.Series> series, List<Component> components,
            Provenance provenance) {
        this.target = target;
        this.timeColumn = timeColumn;
        this.idColumns = List.copyOf(idColumns);
        this.idKinds = new LinkedHashMap<>(idKinds);
        this.frequency = frequency;
        this.seasonality = seasonality;
        this.horizon = horizon;
        this.series = List.copyOf(series);
        this.components = List.copyOf(components);
        this.provenance = Provenances.requireType(provenance, Provenance.ModelType.FORECASTER);
        for (int s = 0; s < series.size(); s++) {
            index.put(series.get(s).id(), s);
        }
        List<ModelSignature.ColumnSpec> in = new ArrayList<>();
        in.add(new ModelSignature.ColumnSpec(timeColumn, "datetime", true));
        for (String c : idColumns) {
            in.add(new ModelSignature.ColumnSpec(c, ModelSignature.mlflowType(idKinds.getOrDefault(c, ColumnKind.CATEGORICAL), false),
                    true));
        }
        this.signature = new ModelSignature(in, ModelSignature.outputs(true, false, List.of()));
    }

    @Override
    public Task task() {
        return Task.REGRESSION;
    }

    @Override
    public List<String> classes() {
        return List.of();
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    /** The name of what forecasts: see {@link #algorithm(List)}. */
    public String algorithm() {
        return algorithm(components);
    }

    /** The name of a forecaster made of {@code components}: the one component's method, or {@code forecast_ensemble}. */
    public static String algorithm(List<Component> components) {
        return components.size() == 1 ? components.get(0).method() : "forecast_ensemble";
    }

    public String target() {
        return target;
    }

    public String timeColumn() {
        return timeColumn;
    }

    public List<String> idColumns() {
        return idColumns;
    }

    public Map<String, ColumnKind> idKinds() {
        return idKinds;
    }

    public Frequency frequency() {
        return frequency;
    }

    public int seasonality() {
        return seasonality;
    }

    public int horizon() {
        return horizon;
    }

    public List<TimeSeriesData.Series> series() {
        return series;
    }

    public List<Component> components() {
        return components;
    }

    /** The last training time of a series. */
    public long end(int s) {
        TimeSeriesData.Series x = series.get(s);
        return frequency.add(x.start(), x.length() - 1);
    }

    /**
     * Forecasts {@code h} periods past the end of every series.
     *
     * @return per series (in training order), h forecasts
     */
    public double[][] forecastAll(int h) {
        int n = series.size();
        double[][] out = new double[n][h];
        List<double[]> ys = new ArrayList<>();
        long[] starts = new long[n];
        for (int s = 0; s < n; s++) {
            ys.add(series.get(s).values());
            starts[s] = series.get(s).start();
        }
        for (Component c : components) {
            double[][] f;
            if (c.lag() != null) {
                f = c.lag().forecast(ys, starts, h);
            } else {
                SeriesMethod m = SeriesMethods.byName(c.method());
                f = new double[n][];
                for (int s = 0; s < n; s++) {
                    f[s] = m.forecast(ys.get(s), seasonality, c.params().get(s), h);
                }
            }
            for (int s = 0; s < n; s++) {
                for (int j = 0; j < h; j++) {
                    out[s][j] += c.weight() * f[s][j];
                }
            }
        }
        return out;
    }

    /**
     * Forecasts the rows' periods.
     *
     * @throws InvalidParameterException naming the column and row: a missing time or id column, a series not seen
     *                                   in training, a time not after the series' end, off its grid, or more than
     *                                   {@link #MAX_STEPS} periods ahead
     */
    @Override
    public Predictions predict(Frame input) {
        if (!input.has(timeColumn)) {
            throw new InvalidParameterException("the input has no time column '" + timeColumn + "', which the forecaster needs"
                    + Frame.nearHint(timeColumn, input.names()), timeColumn);
        }
        for (String c : idColumns) {
            if (!input.has(c)) {
                throw new InvalidParameterException("the input has no series id column '" + c + "', which the forecaster needs"
                        + Frame.nearHint(c, input.names()), c);
            }
        }
        DatetimeColumn time = TimeSeriesData.timeColumn(input, timeColumn, timeColumn);
        int rows = input.rowCount();
        int[] seriesOf = new int[rows];
        int[] stepOf = new int[rows];
        int maxStep = 0;
        for (int r = 0; r < rows; r++) {
            List<String> key = TimeSeriesData.key(input, idColumns, r);
            Integer s = index.get(key);
            if (s == null) {
                throw new InvalidParameterException("row " + r + ": series " + String.join("/", key) + " (" + String.join(", ", idColumns)
                        + ") was not in the training data", idColumns.isEmpty() ? timeColumn : idColumns.get(0));
            }
            if (time.isMissing(r)) {
                throw new InvalidParameterException("row " + r + ": time column '" + timeColumn + "' is missing", timeColumn);
            }
            long end = end(s);
            long t = time.epochMicros()[r];
            long k = frequency.steps(end, t);
            if (k == Long.MIN_VALUE) {
                throw new InvalidParameterException("row " + r + ": " + instant(t) + " in '" + timeColumn + "' is not on the "
                        + frequency.description() + " (" + frequency.alias() + ") grid of " + name(s), timeColumn);
            }
            if (k < 1) {
                throw new InvalidParameterException("row " + r + ": " + instant(t) + " in '" + timeColumn + "' is not after the end of "
                        + name(s) + "'s training data (" + instant(end) + "); forecasts are for later periods", timeColumn);
            }
            if (k > MAX_STEPS) {
                throw new InvalidParameterException("row " + r + ": " + instant(t) + " is " + k + " periods after the end of " + name(s)
                        + "; at most " + MAX_STEPS + " periods ahead are forecast", timeColumn);
            }
            seriesOf[r] = s;
            stepOf[r] = (int) k;
            maxStep = Math.max(maxStep, (int) k);
        }
        double[] out = new double[rows];
        if (rows > 0) {
            double[][] f = forecastAll(maxStep);
            for (int r = 0; r < rows; r++) {
                out[r] = f[seriesOf[r]][stepOf[r] - 1];
            }
        }
        return Predictions.regression(out);
    }

    private String name(int s) {
        return series.get(s).name();
    }

    private static String instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)).toString();
    }

    /** A frame of the next {@code h} periods of every series (the time and id columns), for {@link #predict}. */
    public Frame futureFrame(int h) {
        List<Object[]> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add(timeColumn);
        names.addAll(idColumns);
        for (int s = 0; s < series.size(); s++) {
            long end = end(s);
            for (int j = 1; j <= h; j++) {
                Object[] row = new Object[names.size()];
                row[0] = Instant.ofEpochSecond(Math.floorDiv(frequency.add(end, j), 1_000_000L));
                for (int c = 0; c < idColumns.size(); c++) {
                    row[c + 1] = series.get(s).id().get(c);
                }
                rows.add(row);
            }
        }
        Map<String, ColumnKind> kinds = new HashMap<>();
        kinds.put(timeColumn, ColumnKind.DATETIME);
        for (String c : idColumns) {
            kinds.put(c, ColumnKind.CATEGORICAL);
        }
        return Frame.fromRows(names, rows, kinds);
    }

    @Override
    public void close() {
        for (Component c : components) {
            if (c.lag() != null) {
                c.lag().close();
            }
        }
    }

    @Override
    public String toString() {
        return "ForecastModel[" + series.size() + " series, " + frequency.alias() + ", components " + Arrays.toString(
                components.stream().map(c -> c.method() + "×" + c.weight()).toArray()) + "]";
    }
}
