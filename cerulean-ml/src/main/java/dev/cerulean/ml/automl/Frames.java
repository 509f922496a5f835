package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.BooleanColumn;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Frame helpers for AutoML: loading with column purposes, appending rows, conforming to training kinds. */
final class Frames {
    private Frames() {
    }

    /**
     * The frame given, or the source read through DuckDB as every AutoML table is read: a tabular task's
     * column purposes forced, and the target's labels kept as the file spells them; null when neither.
     */
    static Frame load(AutoMlSpec spec, Frame frame, TableSource source) {
        if (frame != null) {
            return frame;
        }
        if (source == null) {
            return null;
        }
        Map<String, ColumnKind> kinds = spec.task() == AutoMlTask.FORECASTING ? Map.of() : purposes(spec.featurization().columnTypes());
        return FrameReader.read(source, new FrameReader.Options(kinds, null, 0).withLabels(Set.of(spec.target())));
    }

    /**
     * {@code other} with the columns of {@code like}, in its order and of its kinds (converted where the
     * reader guessed differently).
     *
     * @param field the spec field of {@code other}, for errors
     * @throws InvalidParameterException naming the field and the first missing column
     */
    static Frame conform(Frame other, Frame like, String field) {
        List<String> names = new ArrayList<>();
        Map<String, ColumnKind> kinds = new HashMap<>();
        for (FrameColumn c : like.columns()) {
            if (!other.has(c.name())) {
                throw new InvalidParameterException(field + " has no column '" + c.name() + "', which the training data has"
                        + Frame.nearHint(c.name(), other.names()), field);
            }
            names.add(c.name());
            if (other.column(c.name()).kind() != c.kind()) {
                kinds.put(c.name(), c.kind());
            }
        }
        Frame f = other.select(names);
        return kinds.isEmpty() ? f : f.withKinds(kinds);
    }

    /** The rows of {@code a} followed by those of {@code b}; same column names and kinds. */
    static Frame append(Frame a, Frame b) {
        List<FrameColumn> out = new ArrayList<>();
        for (FrameColumn x : a.columns()) {
            FrameColumn y = b.column(x.name());
            out.add(concat(x, y));
        }
        return Frame.of(out);
    }

    private static FrameColumn concat(FrameColumn x, FrameColumn y) {
        int n = x.size();
        int m = y.size();
        if (x instanceof NumericColumn a && y instanceof NumericColumn b) {
            double[] v = new double[n + m];
            System.arraycopy(a.values(), 0, v, 0, n);
            System.arraycopy(b.values(), 0, v, n, m);
            return new NumericColumn(a.name(), v, a.integral() && b.integral());
        }
        if (x instanceof BooleanColumn a && y instanceof BooleanColumn b) {
            byte[] v = new byte[n + m];
            System.arraycopy(a.values(), 0, v, 0, n);
            System.arraycopy(b.values(), 0, v, n, m);
            return new BooleanColumn(a.name(), v);
        }
        if (x instanceof DatetimeColumn a && y instanceof DatetimeColumn b) {
            long[] v = new long[n + m];
            System.arraycopy(a.epochMicros(), 0, v, 0, n);
            System.arraycopy(b.epochMicros(), 0, v, n, m);
            return new DatetimeColumn(a.name(), v);
        }
        StringColumn a = (StringColumn) x;
        StringColumn b = (StringColumn) y;
        String[] v = new String[n + m];
        System.arraycopy(a.values(), 0, v, 0, n);
        System.arraycopy(b.values(), 0, v, n, m);
        return new StringColumn(a.name(), a.kind(), v);
    }

    /** Rows of a frame where a column is not missing. */
    static int[] presentRows(FrameColumn c) {
        int[] keep = new int[c.size() - c.missingCount()];
        for (int i = 0, j = 0; i < c.size(); i++) {
            if (!c.isMissing(i)) {
                keep[j++] = i;
            }
        }
        return keep;
    }

    /** Column kinds for Azure column purposes ({@code Ignore} columns are not in the map). */
    static Map<String, ColumnKind> purposes(Map<String, String> columnTypes) {
        Map<String, ColumnKind> kinds = new HashMap<>();
        columnTypes.forEach((c, t) -> {
            switch (t) {
                case "Numeric":
                    kinds.put(c, ColumnKind.NUMERIC);
                    break;
                case "Categorical":
                case "CategoricalHash":
                    kinds.put(c, ColumnKind.CATEGORICAL);
                    break;
                case "DateTime":
                    kinds.put(c, ColumnKind.DATETIME);
                    break;
                case "Text":
                    kinds.put(c, ColumnKind.TEXT);
                    break;
                default:
                    break;
            }
        });
        return kinds;
    }
}
