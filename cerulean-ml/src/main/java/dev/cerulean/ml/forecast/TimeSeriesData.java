package dev.cerulean.ml.forecast;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.NumericColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time series read from a long-format table (one row per series and time): grouped by the series id
 * columns, sorted by time, checked for duplicate and irregular timestamps, placed on a regular grid of the
 * detected (or given) frequency, with missing periods and missing targets filled by linear interpolation
 * between their neighbours (or carried from the nearest value at either end).
 */
public final class TimeSeriesData {
    /**
     * One regular series.
     *
     * @param id      the values of the series id columns (empty for a single series)
     * @param start   the time of the first period (µs since the epoch, UTC)
     * @param values  one value per period from {@code start}
     * @param imputed periods filled in (missing periods or missing targets)
     */
    public record Series(List<String> id, long start, double[] values, int imputed) {
        /** The series' name for messages: its id values joined, or {@code the series}. */
        public String name() {
            return id.isEmpty() ? "the series" : "series " + String.join("/", id);
        }

        /** Periods. */
        public int length() {
            return values.length;
        }
    }

    private final List<Series> series;
    private final Frequency frequency;
    private final boolean frequencyDetected;
    private final int aggregated;

    private TimeSeriesData(List<Series> series, Frequency frequency, boolean detected, int aggregated) {
        this.series = List.copyOf(series);
        this.frequency = frequency;
        this.frequencyDetected = detected;
        this.aggregated = aggregated;
    }

    /** The series, in order of first appearance. */
    public List<Series> series() {
        return series;
    }

    /** Their frequency. */
    public Frequency frequency() {
        return frequency;
    }

    /** Whether the frequency was detected from the data (rather than given). */
    public boolean frequencyDetected() {
        return frequencyDetected;
    }

    /** Rows merged into others by the target aggregate function. */
    public int aggregatedRows() {
        return aggregated;
    }

    /** Periods filled in, over all series. */
    public int imputed() {
        return series.stream().mapToInt(Series::imputed).sum();
    }

    /**
     * Reads series from a table.
     *
     * @param frame    the table: time column, series id columns, target (other columns are ignored)
     * @param target   the target column (numeric)
     * @param settings the forecasting settings
     * @throws InvalidParameterException naming the field: a missing time, id or target column; a time column
     *                                   without dates; a non-numeric target; a duplicate time within a series
     *                                   (naming the column, the series and the first duplicate) unless a target
     *                                   aggregate function is set; times off the frequency's grid
     */
    public static TimeSeriesData of(Frame frame, String target, ForecastSettings settings) {
        String timeName = settings.timeColumn();
        if (!frame.has(timeName)) {
            throw new InvalidParameterException("time column '" + timeName + "' is not in the data" + Frame.nearHint(timeName,
                    frame.names()), "forecasting.time_column_name");
        }
        DatetimeColumn time = timeColumn(frame, timeName, "forecasting.time_column_name");
        for (String id : settings.seriesIdColumns()) {
            if (!frame.has(id)) {
                throw new InvalidParameterException("series id column '" + id + "' is not in the data" + Frame.nearHint(id,
                        frame.names()), "forecasting.time_series_id_column_names");
            }
        }
        if (!frame.has(target)) {
            throw new InvalidParameterException("target column '" + target + "' is not in the data" + Frame.nearHint(target,
                    frame.names()), "target_column_name");
        }
        FrameColumn t = frame.column(target);
        if (!(t instanceof NumericColumn y)) {
            throw new InvalidParameterException("forecasting target '" + target + "' is not numeric: it holds " + t.kind().wireName()
                    + " values", "target_column_name");
        }
        // Group rows by series, in order of first appearance.
        Map<List<String>, List<Integer>> groups = new LinkedHashMap<>();
        for (int r = 0; r < frame.rowCount(); r++) {
            if (time.isMissing(r)) {
                throw new InvalidParameterException("time column '" + timeName + "' is missing in row " + r,
                        "forecasting.time_column_name");
            }
            groups.computeIfAbsent(key(frame, settings.seriesIdColumns(), r), k -> new ArrayList<>()).add(r);
        }
        if (groups.isEmpty()) {
            throw new InvalidParameterException("the training data has no rows", "training_data");
        }
        List<List<String>> ids = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int aggregated = 0;
        for (Map.Entry<List<String>, List<Integer>> g : groups.entrySet()) {
            Integer[] rows = g.getValue().toArray(new Integer[0]);
            Arrays.sort(rows, (a, b) -> Long.compare(time.epochMicros()[a], time.epochMicros()[b]));
            List<Long> ts = new ArrayList<>();
            List<List<Double>> vs = new ArrayList<>();
            for (int r : rows) {
                long tm = time.epochMicros()[r];
                if (!ts.isEmpty() && ts.get(ts.size() - 1) == tm) {
                    if (settings.targetAggregateFunction() == null) {
                        throw new InvalidParameterException("time column '" + timeName + "' has duplicate times"
                                + (g.getKey().isEmpty() ? "" : " within series " + String.join("/", g.getKey())) + ": the first is "
                                + Instant.ofEpochSecond(Math.floorDiv(tm, 1_000_000L)) + "; give time_series_id_column_names if the"
                                + " rows belong to different series, or target_aggregate_function to combine them",
                                "forecasting.time_column_name");
                    }
                    vs.get(vs.size() - 1).add(y.value(r));
                    aggregated++;
                } else {
                    ts.add(tm);
                    List<Double> one = new ArrayList<>();
                    one.add(y.value(r));
                    vs.add(one);
                }
            }
            ids.add(g.getKey());
            times.add(ts.stream().mapToLong(Long::longValue).toArray());
            double[] v = new double[vs.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = aggregate(vs.get(i), settings.targetAggregateFunction());
            }
            values.add(v);
        }
        Frequency f;
        boolean detected = settings.frequency() == null;
        if (detected) {
            f = Frequency.detect(timeName, times);
        } else {
            f = Frequency.parse(settings.frequency());
            f.checkGrid(timeName, times);
        }
        List<Series> out = new ArrayList<>();
        for (int s = 0; s < ids.size(); s++) {
            out.add(regular(ids.get(s), times.get(s), values.get(s), f, target));
        }
        return new TimeSeriesData(out, f, detected, aggregated);
    }

    /** The time column as datetimes (strings of dates are converted). */
    static DatetimeColumn timeColumn(Frame frame, String name, String field) {
        FrameColumn c = frame.column(name);
        if (c instanceof DatetimeColumn d) {
            return d;
        }
        if (c.kind() == ColumnKind.NUMERIC || c.kind() == ColumnKind.BOOLEAN) {
            throw new InvalidParameterException("time column '" + name + "' holds " + c.kind().wireName()
                    + " values, not dates or timestamps", field);
        }
        return (DatetimeColumn) frame.withKinds(Map.of(name, ColumnKind.DATETIME)).column(name);
    }

    /** The series key of a row: its id values as text. */
    static List<String> key(Frame frame, List<String> idColumns, int row) {
        List<String> k = new ArrayList<>(idColumns.size());
        for (String c : idColumns) {
            Object v = frame.column(c).get(row);
            k.add(v == null ? "" : v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : v.toString());
        }
        return k;
    }

    private static double aggregate(List<Double> v, String f) {
        if (v.size() == 1 || f == null) {
            return v.get(0);
        }
        double[] a = v.stream().filter(d -> !Double.isNaN(d)).mapToDouble(Double::doubleValue).toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        switch (f) {
            case "sum":
                return Arrays.stream(a).sum();
            case "mean":
                return Arrays.stream(a).average().orElse(Double.NaN);
            case "min":
                return Arrays.stream(a).min().orElse(Double.NaN);
            default:
                return Arrays.stream(a).max().orElse(Double.NaN);
        }
    }

    private static Series regular(List<String> id, long[] times, double[] values, Frequency f, String target) {
        int n = (int) f.steps(times[0], times[times.length - 1]) + 1;
        if (n > 10 * times.length + 1000) {
            throw new InvalidParameterException("the " + f.description() + " grid of " + (id.isEmpty() ? "the series" : "series "
                    + String.join("/", id)) + " would have " + n + " periods for " + times.length + " rows; set forecasting.frequency",
                    "forecasting.frequency");
        }
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        for (int i = 0; i < times.length; i++) {
            v[(int) f.steps(times[0], times[i])] = values[i];
        }
        int imputed = interpolate(v);
        if (imputed == n) {
            throw new InvalidParameterException("target '" + target + "' is missing in every row of " + (id.isEmpty() ? "the series"
                    : "series " + String.join("/", id)), "target_column_name");
        }
        return new Series(List.copyOf(id), times[0], v, imputed);
    }

    /** Fills NaN by linear interpolation inside, the nearest value at the ends; returns how many were filled. */
    static int interpolate(double[] v) {
        int filled = 0;
        int last = -1;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            if (last < 0) {
                for (int j = 0; j < i; j++) {
                    v[j] = v[i];
                    filled++;
                }
            } else if (i - last > 1) {
                for (int j = last + 1; j < i; j++) {
                    v[j] = v[last] + (v[i] - v[last]) * (j - last) / (double) (i - last);
                    filled++;
                }
            }
            last = i;
        }
        if (last < 0) {
            return v.length;
        }
        for (int j = last + 1; j < v.length; j++) {
            v[j] = v[last];
            filled++;
        }
        return filled;
    }

    /**
     * The season length: {@code given} if not null; otherwise the frequency's usual season when its
     * autocorrelation is significant (at the 90% level of the test the Theta method and R's {@code forecast}
     * use: |r_m| &gt; 1.645 √((1 + 2 Σ_{k&lt;m} r_k²) / n)) in most series long enough to tell (at least three
     * seasons), else 1 (no seasonality).
     */
    public int seasonality(Integer given) {
        if (given != null) {
            return given;
        }
        int m = frequency.defaultSeasonality();
        if (m <= 1) {
            return 1;
        }
        int votes = 0;
        int seasonal = 0;
        for (Series s : series) {
            if (s.length() < 3 * m) {
                continue;
            }
            votes++;
            if (seasonal(s.values(), m)) {
                seasonal++;
            }
        }
        return votes > 0 && seasonal * 2 > votes ? m : 1;
    }

    /** Hyndman's seasonality test on the autocorrelation at lag m. */
    static boolean seasonal(double[] y, int m) {
        int n = y.length;
        double mean = Arrays.stream(y).average().orElse(0);
        double c0 = 0;
        for (double v : y) {
            c0 += (v - mean) * (v - mean);
        }
        if (c0 == 0) {
            return false;
        }
        double sumSq = 0;
        double rm = 0;
        for (int k = 1; k <= m; k++) {
            double ck = 0;
            for (int i = k; i < n; i++) {
                ck += (y[i] - mean) * (y[i - k] - mean);
            }
            double r = ck / c0;
            if (k < m) {
                sumSq += r * r;
            } else {
                rm = r;
            }
        }
        double limit = 1.645 * Math.sqrt((1 + 2 * sumSq) / n);
        return Math.abs(rm) > limit;
    }

    /** A description for guardrails: {@code monthly (MS), 3 series of 120–144 periods}. */
    public String describe() {
        int min = series.stream().mapToInt(Series::length).min().orElse(0);
        int max = series.stream().mapToInt(Series::length).max().orElse(0);
        return String.format(Locale.ROOT, "%s (%s), %d series of %s periods", frequency.description(), frequency.alias(),
                series.size(), min == max ? Integer.toString(min) : min + "–" + max);
    }

    /** This data with other series (after padding or dropping short ones). */
    public TimeSeriesData withSeries(List<Series> s) {
        return new TimeSeriesData(s, frequency, frequencyDetected, aggregated);
    }
}
