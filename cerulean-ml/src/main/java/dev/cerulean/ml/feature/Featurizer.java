package dev.cerulean.ml.feature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.BooleanColumn;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A fitted featurization: turns frames with the training columns into a {@link FeatureMatrix}. Fit it
 * with {@link #fit} on training rows only; it is immutable and thread-safe afterwards, and saves to and
 * loads from JSON ({@link #toJson}, {@link #fromJson}).
 *
 * <p>At scoring time: unknown categories map to the reserved {@code __other__} level (never an
 * exception); extra columns are ignored; a missing column is an error naming it; text in a numeric
 * column is an {@link InvalidParameterException} naming the column and row (it is <em>not</em> read as
 * missing, because silently scoring garbage is worse than a clear 400). Empty strings, null, "NaN" and
 * "NA" are missing values; so are infinite numbers.
 */
public final class Featurizer {
    /** The version of the JSON layout written by {@link #toJson}. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final List<InputColumn> inputs;
    private final List<ColumnEncoder> encoders;
    private final double[] means;
    private final double[] scales;
    private final List<String> warnings;
    // Derived, not saved.
    private final List<String> names;
    private final int[] offsets;
    private final Object[] lookups;
    private final int[] categorical;
    private final Map<String, ColumnKind> kinds;

    /** The saved form. */
    record State(int formatVersion, List<InputColumn> inputs, List<ColumnEncoder> encoders, double[] means, double[] scales,
            List<String> warnings) {
    }

    private Featurizer(List<InputColumn> inputs, List<ColumnEncoder> encoders, double[] means, double[] scales, List<String> warnings) {
        this.inputs = List.copyOf(inputs);
        this.encoders = List.copyOf(encoders);
        this.means = means;
        this.scales = scales;
        this.warnings = List.copyOf(warnings);
        List<String> n = new ArrayList<>();
        offsets = new int[encoders.size()];
        lookups = new Object[encoders.size()];
        List<Integer> cats = new ArrayList<>();
        for (int e = 0; e < encoders.size(); e++) {
            ColumnEncoder enc = encoders.get(e);
            offsets[e] = n.size();
            if (enc instanceof ColumnEncoder.Ordinal) {
                cats.add(n.size());
            }
            n.addAll(enc.outputs());
            lookups[e] = lookupFor(enc);
        }
        names = List.copyOf(n);
        categorical = cats.stream().mapToInt(Integer::intValue).toArray();
        kinds = new LinkedHashMap<>();
        for (ColumnEncoder enc : encoders) {
            kinds.put(enc.column(), enc.kind());
        }
    }

    private static Object lookupFor(ColumnEncoder enc) {
        List<String> levels = null;
        if (enc instanceof ColumnEncoder.OneHot o) {
            levels = o.levels();
        } else if (enc instanceof ColumnEncoder.Ordinal o) {
            levels = o.levels();
        }
        if (levels == null) {
            return null;
        }
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            m.put(levels.get(i), i);
        }
        return m;
    }

    /** A fitted featurizer and the training rows it produced. */
    public record Fitted(Featurizer featurizer, FeatureMatrix matrix) {
    }

    /**
     * Fits a featurizer on training rows and featurizes them. With a target, high-cardinality
     * categoricals may be target encoded: training rows then get out-of-fold encodings (so a learner does
     * not see its own label through the encoding), while the saved encoder uses all rows.
     *
     * @param frame      the training features (no target column)
     * @param y          target per row (class index for classification), or null (no target encoding)
     * @param numClasses classes for classification, 0 for regression
     * @param config     how to featurize
     * @param seed       seed for the out-of-fold split
     * @throws InvalidParameterException if no usable feature column is left
     */
    public static Fitted fit(Frame frame, double[] y, int numClasses, FeaturizerConfig config, long seed) {
        int n = frame.rowCount();
        List<InputColumn> inputs = new ArrayList<>();
        List<ColumnEncoder> encoders = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (FrameColumn col : frame.columns()) {
            ColumnEncoder enc = fitColumn(col, n, y, numClasses, config, warnings);
            boolean integral = col instanceof NumericColumn num && num.integral();
            inputs.add(new InputColumn(col.name(), col.kind(), integral, enc != null));
            if (enc != null) {
                encoders.add(enc);
            }
        }
        if (encoders.isEmpty()) {
            throw new InvalidParameterException("no usable feature column is left: " + String.join("; ", warnings), "features");
        }
        Featurizer raw = new Featurizer(inputs, encoders, null, null, warnings);
        double[] values = raw.rawTransform(frame);
        int cols = raw.names.size();
        // Out-of-fold target encodings replace the in-sample ones for the training rows.
        for (int e = 0; e < encoders.size(); e++) {
            if (encoders.get(e) instanceof ColumnEncoder.TargetMean tm) {
                oofTargetEncode(tm, (StringColumn) frame.column(tm.column()), y, numClasses, config, seed + e, values, cols,
                        raw.offsets[e]);
            }
        }
        double[] means = null;
        double[] scales = null;
        if (config.standardize()) {
            means = new double[cols];
            scales = new double[cols];
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                int count = 0;
                for (int i = 0; i < n; i++) {
                    double v = values[i * cols + j];
                    if (!Double.isNaN(v)) {
                        sum += v;
                        count++;
                    }
                }
                double mean = count == 0 ? 0 : sum / count;
                double ss = 0;
                for (int i = 0; i < n; i++) {
                    double v = values[i * cols + j];
                    if (!Double.isNaN(v)) {
                        ss += (v - mean) * (v - mean);
                    }
                }
                double sd = count == 0 ? 0 : Math.sqrt(ss / count);
                means[j] = mean;
                // A constant feature stays as it is (centred at 0) instead of dividing by zero.
                scales[j] = sd > 1e-12 ? 1.0 / sd : 1.0;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < cols; j++) {
                    values[i * cols + j] = (values[i * cols + j] - means[j]) * scales[j];
                }
            }
        }
        Featurizer f = new Featurizer(inputs, encoders, means, scales, warnings);
        return new Fitted(f, new FeatureMatrix(values, n, cols, f.names, f.categorical));
    }

    private static ColumnEncoder fitColumn(FrameColumn col, int n, double[] y, int numClasses, FeaturizerConfig cfg,
            List<String> warnings) {
        String name = col.name();
        int missing = col.missingCount();
        if (missing == n) {
            warnings.add("column '" + name + "' is entirely missing and was dropped");
            return null;
        }
        boolean indicator = cfg.missingIndicators() && missing > 0;
        boolean impute = cfg.imputation() != FeaturizerConfig.Imputation.NONE;
        if (col instanceof NumericColumn num) {
            double[] present = Arrays.stream(num.values()).filter(Double::isFinite).toArray();
            if (present.length == 0) {
                warnings.add("column '" + name + "' has no finite value and was dropped");
                return null;
            }
            Arrays.sort(present);
            int nonFinite = n - present.length;
            indicator = cfg.missingIndicators() && nonFinite > 0;
            if (present[0] == present[present.length - 1] && nonFinite == 0) {
                warnings.add("column '" + name + "' is constant and was dropped");
                return null;
            }
            if (cfg.dropIdLike() && num.integral() && looksLikeSequence(present, n)) {
                warnings.add("column '" + name + "' looks like a row identifier (distinct consecutive integers) and was dropped");
                return null;
            }
            double fill = !impute ? Double.NaN : cfg.imputation() == FeaturizerConfig.Imputation.MEAN
                    ? Arrays.stream(present).average().orElse(0) : median(present);
            return new ColumnEncoder.Numeric(name, fill, indicator);
        }
        if (col instanceof BooleanColumn b) {
            int ones = 0;
            int present = 0;
            for (byte v : b.values()) {
                if (v != BooleanColumn.MISSING) {
                    present++;
                    ones += v;
                }
            }
            if ((ones == 0 || ones == present) && missing == 0) {
                warnings.add("column '" + name + "' is constant and was dropped");
                return null;
            }
            double fill = !impute ? Double.NaN : ones * 2 >= present ? 1 : 0;
            return new ColumnEncoder.Bool(name, fill, indicator);
        }
        if (col instanceof DatetimeColumn d) {
            long[] present = Arrays.stream(d.epochMicros()).filter(v -> v != DatetimeColumn.MISSING).sorted().toArray();
            if (present[0] == present[present.length - 1] && missing == 0) {
                warnings.add("column '" + name + "' is constant and was dropped");
                return null;
            }
            boolean timeOfDay = false;
            for (long m : present) {
                if (Math.floorMod(m, 86_400_000_000L) != 0) {
                    timeOfDay = true;
                    break;
                }
            }
            long fill = impute ? present[present.length / 2] : DatetimeColumn.MISSING;
            return new ColumnEncoder.Datetime(name, fill, timeOfDay, indicator);
        }
        StringColumn s = (StringColumn) col;
        if (s.kind() == ColumnKind.TEXT) {
            return new ColumnEncoder.TextHash(name, cfg.textBuckets(), cfg.textNgramMax());
        }
        Coded coded = Coded.of(s);
        int[] perCode = new int[coded.levels().size()];
        for (int code : coded.codes()) {
            if (code >= 0) {
                perCode[code]++;
            }
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int l = 0; l < perCode.length; l++) {
            counts.put(coded.levels().get(l), perCode[l]);
        }
        int present = n - missing;
        if (counts.size() == 1 && missing == 0) {
            warnings.add("column '" + name + "' is constant and was dropped");
            return null;
        }
        if (cfg.dropIdLike() && present >= 20 && counts.size() >= 0.95 * present) {
            warnings.add("column '" + name + "' looks like a row identifier (" + counts.size() + " distinct values in "
                    + present + " rows) and was dropped");
            return null;
        }
        // Levels ordered by frequency, then name, so codes are stable for a given training set.
        List<String> levels = new ArrayList<>(counts.keySet());
        levels.sort((a, b) -> {
            int c = Integer.compare(counts.get(b), counts.get(a));
            return c != 0 ? c : a.compareTo(b);
        });
        List<String> kept = levels.stream().filter(l -> counts.get(l) >= cfg.minLevelCount()).toList();
        if (kept.size() <= cfg.maxOneHotLevels()) {
            return cfg.nativeCategorical() ? new ColumnEncoder.Ordinal(name, s.kind(), kept)
                    : new ColumnEncoder.OneHot(name, s.kind(), kept);
        }
        if (cfg.highCardinality() == FeaturizerConfig.HighCardinality.TARGET && y != null) {
            return targetEncoder(s, allRows(n), y, numClasses, cfg.targetSmoothing());
        }
        Map<String, Double> freq = new LinkedHashMap<>();
        for (String l : levels) {
            freq.put(l, counts.get(l) / (double) n);
        }
        return new ColumnEncoder.Frequency(name, s.kind(), freq, missing / (double) n);
    }

    private static boolean looksLikeSequence(double[] sortedPresent, int n) {
        int m = sortedPresent.length;
        if (m < 20 || m < n) {
            return false;
        }
        for (int i = 1; i < m; i++) {
            if (sortedPresent[i] == sortedPresent[i - 1]) {
                return false;
            }
        }
        return sortedPresent[m - 1] - sortedPresent[0] == m - 1;
    }

    private static double median(double[] sorted) {
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    }

    private static int[] allRows(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** Level codes of a string column (missing = -1), with the levels in first-seen order. */
    private record Coded(int[] codes, List<String> levels) {
        static Coded of(StringColumn s) {
            Map<String, Integer> index = new HashMap<>();
            List<String> levels = new ArrayList<>();
            int[] codes = new int[s.size()];
            String[] v = s.values();
            for (int i = 0; i < codes.length; i++) {
                if (v[i] == null) {
                    codes[i] = -1;
                } else {
                    Integer c = index.get(v[i]);
                    if (c == null) {
                        c = levels.size();
                        index.put(v[i], c);
                        levels.add(v[i]);
                    }
                    codes[i] = c;
                }
            }
            return new Coded(codes, levels);
        }
    }

    /**
     * Smoothed target means per level code over {@code rows}: {@code means[level][k]}, with the prior in
     * the last slot {@code means[levels]}. One output for regression/binary, one per class for multiclass.
     */
    private static double[][] targetMeans(Coded c, int[] rows, double[] y, int numClasses, double m) {
        int width = numClasses > 2 ? numClasses : 1;
        int levels = c.levels().size();
        double[][] sums = new double[levels + 1][width];
        int[] counts = new int[levels];
        for (int r : rows) {
            int code = c.codes()[r];
            int k = numClasses > 2 ? (int) y[r] : 0;
            double t = numClasses > 2 ? 1 : y[r];
            sums[levels][k] += t;
            if (code >= 0) {
                sums[code][k] += t;
                counts[code]++;
            }
        }
        double[] prior = sums[levels];
        for (int k = 0; k < width; k++) {
            prior[k] /= Math.max(1, rows.length);
        }
        for (int l = 0; l < levels; l++) {
            for (int k = 0; k < width; k++) {
                sums[l][k] = counts[l] == 0 ? prior[k] : (sums[l][k] + m * prior[k]) / (counts[l] + m);
            }
        }
        return sums;
    }

    /** The target encoder fitted on {@code rows}. */
    private static ColumnEncoder.TargetMean targetEncoder(StringColumn s, int[] rows, double[] y, int numClasses, double m) {
        Coded c = Coded.of(s);
        double[][] means = targetMeans(c, rows, y, numClasses, m);
        int levels = c.levels().size();
        Map<String, double[]> byLevel = new java.util.TreeMap<>();
        for (int l = 0; l < levels; l++) {
            byLevel.put(c.levels().get(l), means[l]);
        }
        int width = means[levels].length;
        List<String> names = new ArrayList<>();
        if (width == 1) {
            names.add(s.name() + "__target");
        } else {
            for (int k = 0; k < width; k++) {
                names.add(s.name() + "__target" + k);
            }
        }
        return new ColumnEncoder.TargetMean(s.name(), s.kind(), byLevel, means[levels], names);
    }

    private static void oofTargetEncode(ColumnEncoder.TargetMean full, StringColumn s, double[] y, int numClasses,
            FeaturizerConfig cfg, long seed, double[] values, int cols, int offset) {
        int n = s.size();
        if (n < cfg.targetFolds()) {
            return;
        }
        Coded c = Coded.of(s);
        int prior = c.levels().size();
        for (Fold fold : Splits.kFold(n, cfg.targetFolds(), seed)) {
            double[][] means = targetMeans(c, fold.train(), y, numClasses, cfg.targetSmoothing());
            for (int r : fold.test()) {
                int code = c.codes()[r];
                double[] enc = means[code < 0 ? prior : code];
                System.arraycopy(enc, 0, values, r * cols + offset, enc.length);
            }
        }
    }

    /** Names of the features, in matrix column order. */
    public List<String> featureNames() {
        return names;
    }

    /** The columns accepted (all training feature columns, with those dropped marked unused). */
    public List<InputColumn> inputs() {
        return inputs;
    }

    /** What was dropped and why, and other notes from fitting. */
    public List<String> warnings() {
        return warnings;
    }

    /** The fitted encoders, in feature order. */
    public List<ColumnEncoder> encoders() {
        return encoders;
    }

    /**
     * Featurizes a frame: one matrix row per frame row, in order.
     *
     * @throws InvalidParameterException if a used column is absent (naming it), or a value does not fit its
     *                                   column's kind (naming column and row)
     */
    public FeatureMatrix transform(Frame frame) {
        double[] values = rawTransform(frame);
        int cols = names.size();
        if (means != null) {
            int n = frame.rowCount();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < cols; j++) {
                    values[i * cols + j] = (values[i * cols + j] - means[j]) * scales[j];
                }
            }
        }
        return new FeatureMatrix(values, frame.rowCount(), cols, names, categorical);
    }

    private Frame conform(Frame frame) {
        Map<String, ColumnKind> convert = new HashMap<>();
        for (Map.Entry<String, ColumnKind> e : kinds.entrySet()) {
            if (!frame.has(e.getKey())) {
                List<String> have = frame.names();
                throw new InvalidParameterException("the input has no column '" + e.getKey() + "', which the model needs"
                        + Frame.nearHint(e.getKey(), have), e.getKey());
            }
            if (frame.column(e.getKey()).kind() != e.getValue()) {
                convert.put(e.getKey(), e.getValue());
            }
        }
        return convert.isEmpty() ? frame : frame.withKinds(convert);
    }

    @SuppressWarnings("unchecked")
    private double[] rawTransform(Frame input) {
        Frame frame = conform(input);
        int n = frame.rowCount();
        int cols = names.size();
        double[] out = new double[n * cols];
        for (int e = 0; e < encoders.size(); e++) {
            ColumnEncoder enc = encoders.get(e);
            FrameColumn col = frame.column(enc.column());
            int off = offsets[e];
            if (enc instanceof ColumnEncoder.Numeric num) {
                double[] v = ((NumericColumn) col).values();
                for (int i = 0; i < n; i++) {
                    // Infinities are treated as missing: XGBoost rejects them and they wreck means and scales.
                    boolean miss = Double.isNaN(v[i]) || Double.isInfinite(v[i]);
                    out[i * cols + off] = miss ? num.fill() : v[i];
                    if (num.indicator()) {
                        out[i * cols + off + 1] = miss ? 1 : 0;
                    }
                }
            } else if (enc instanceof ColumnEncoder.Bool b) {
                byte[] v = ((BooleanColumn) col).values();
                for (int i = 0; i < n; i++) {
                    boolean miss = v[i] == BooleanColumn.MISSING;
                    out[i * cols + off] = miss ? b.fill() : v[i];
                    if (b.indicator()) {
                        out[i * cols + off + 1] = miss ? 1 : 0;
                    }
                }
            } else if (enc instanceof ColumnEncoder.OneHot oh) {
                String[] v = ((StringColumn) col).values();
                Map<String, Integer> idx = (Map<String, Integer>) lookups[e];
                int other = oh.levels().size();
                for (int i = 0; i < n; i++) {
                    if (v[i] == null) {
                        out[i * cols + off + other + 1] = 1;
                    } else {
                        Integer k = idx.get(v[i]);
                        out[i * cols + off + (k == null ? other : k)] = 1;
                    }
                }
            } else if (enc instanceof ColumnEncoder.Ordinal o) {
                String[] v = ((StringColumn) col).values();
                Map<String, Integer> idx = (Map<String, Integer>) lookups[e];
                int other = o.levels().size();
                for (int i = 0; i < n; i++) {
                    out[i * cols + off] = v[i] == null ? Double.NaN : idx.getOrDefault(v[i], other);
                }
            } else if (enc instanceof ColumnEncoder.Frequency fr) {
                String[] v = ((StringColumn) col).values();
                for (int i = 0; i < n; i++) {
                    out[i * cols + off] = v[i] == null ? fr.missingFrequency() : fr.frequencies().getOrDefault(v[i], 0.0);
                }
            } else if (enc instanceof ColumnEncoder.TargetMean tm) {
                String[] v = ((StringColumn) col).values();
                for (int i = 0; i < n; i++) {
                    double[] m = v[i] == null ? tm.prior() : tm.means().getOrDefault(v[i], tm.prior());
                    System.arraycopy(m, 0, out, i * cols + off, m.length);
                }
            } else if (enc instanceof ColumnEncoder.Datetime dt) {
                long[] v = ((DatetimeColumn) col).epochMicros();
                for (int i = 0; i < n; i++) {
                    datetimeParts(dt, v[i], out, i * cols + off);
                }
            } else {
                ColumnEncoder.TextHash th = (ColumnEncoder.TextHash) enc;
                String[] v = ((StringColumn) col).values();
                for (int i = 0; i < n; i++) {
                    hashText(th, v[i], out, i * cols + off);
                }
            }
        }
        return out;
    }

    private static void datetimeParts(ColumnEncoder.Datetime dt, long micros, double[] out, int at) {
        boolean miss = micros == DatetimeColumn.MISSING;
        long m = miss ? dt.fillMicros() : micros;
        int parts = dt.timeOfDay() ? 7 : 5;
        if (m == DatetimeColumn.MISSING) {
            for (int p = 0; p < parts; p++) {
                out[at + p] = Double.NaN;
            }
        } else {
            ZonedDateTime t = Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L)).atZone(ZoneOffset.UTC);
            out[at] = t.getYear();
            out[at + 1] = t.getMonthValue();
            out[at + 2] = t.getDayOfMonth();
            out[at + 3] = t.getDayOfWeek().getValue();
            out[at + 4] = t.getDayOfYear();
            if (dt.timeOfDay()) {
                out[at + 5] = t.getHour();
                out[at + 6] = t.getMinute();
            }
        }
        if (dt.indicator()) {
            out[at + parts] = miss ? 1 : 0;
        }
    }

    /** Hashes word n-grams of {@code text} into {@code out[at .. at+buckets)}; see {@link ColumnEncoder.TextHash}. */
    static void hashText(ColumnEncoder.TextHash th, String text, double[] out, int at) {
        if (text == null) {
            return;
        }
        List<String> tokens = tokens(text);
        int b = th.buckets();
        for (int i = 0; i < tokens.size(); i++) {
            int h = 0;
            for (int len = 1; len <= th.ngramMax() && i + len <= tokens.size(); len++) {
                // Chain the n-gram hash from the (n-1)-gram's so all lengths cost one pass.
                h = mix(h * 31 + tokens.get(i + len - 1).hashCode() + len);
                int bucket = Math.floorMod(h, b);
                double sign = (mix(h ^ 0x9E3779B9) & 1) == 0 ? 1 : -1;
                out[at + bucket] += sign;
            }
        }
        double norm = 0;
        for (int k = 0; k < b; k++) {
            double v = out[at + k];
            // Sub-linear term frequency keeps one repeated word from dominating.
            v = Math.signum(v) * Math.log1p(Math.abs(v));
            out[at + k] = v;
            norm += v * v;
        }
        if (norm > 0) {
            double inv = 1 / Math.sqrt(norm);
            for (int k = 0; k < b; k++) {
                out[at + k] *= inv;
            }
        }
    }

    private static List<String> tokens(String text) {
        List<String> t = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                cur.append(c);
            } else if (cur.length() > 0) {
                t.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (cur.length() > 0) {
            t.add(cur.toString());
        }
        return t;
    }

    /** MurmurHash3's 32-bit finaliser: spreads String.hashCode's bits (both are fixed by their specifications). */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** The featurizer as JSON (its saved form). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                    new State(FORMAT_VERSION, inputs, encoders, means, scales, warnings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a featurizer saved with {@link #toJson}.
     *
     * @throws InvalidParameterException if the JSON is malformed or of a newer format version
     */
    public static Featurizer fromJson(String json) {
        State s;
        try {
            s = JSON.readValue(json, State.class);
        } catch (IOException e) {
            throw new InvalidParameterException("the featurizer file is not valid: " + e.getMessage(), "featurizer");
        }
        if (s.formatVersion() > FORMAT_VERSION) {
            throw new InvalidParameterException("the featurizer has format version " + s.formatVersion()
                    + ", newer than this Cerulean understands (" + FORMAT_VERSION + "); upgrade Cerulean to load it", "featurizer");
        }
        return new Featurizer(s.inputs(), s.encoders(), s.means(), s.scales(), s.warnings() == null ? List.of() : s.warnings());
    }

    /** The input columns that are used, by name. */
    public Set<String> usedColumns() {
        Set<String> s = new HashSet<>();
        for (ColumnEncoder e : encoders) {
            s.add(e.column());
        }
        return s;
    }
}
