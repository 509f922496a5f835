package dev.cerulean.ml.frame;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Suggest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, columnar table: named {@link FrameColumn}s of equal length, in order. Cheap to build
 * from values in memory (one row per scoring request goes through {@link #fromRows}); load files with
 * {@link FrameReader}.
 */
public final class Frame {
    private final LinkedHashMap<String, FrameColumn> columns;
    private final int rowCount;

    private Frame(LinkedHashMap<String, FrameColumn> columns, int rowCount) {
        this.columns = columns;
        this.rowCount = rowCount;
    }

    /**
     * A frame of the given columns.
     *
     * @throws InvalidParameterException if two columns share a name or their lengths differ
     */
    public static Frame of(List<? extends FrameColumn> cols) {
        LinkedHashMap<String, FrameColumn> map = new LinkedHashMap<>();
        int rows = cols.isEmpty() ? 0 : cols.get(0).size();
        for (FrameColumn c : cols) {
            if (map.put(c.name(), c) != null) {
                throw new InvalidParameterException("column '" + c.name() + "' appears twice", c.name());
            }
            if (c.size() != rows) {
                throw new InvalidParameterException("column '" + c.name() + "' has " + c.size() + " rows, but column '"
                        + cols.get(0).name() + "' has " + rows, c.name());
            }
        }
        return new Frame(map, rows);
    }

    /** A frame of the given columns. */
    public static Frame of(FrameColumn... cols) {
        return of(List.of(cols));
    }

    /**
     * A frame from rows of plain Java values (as parsed from a JSON request). Each column's kind is
     * taken from {@code kinds} when given there, else inferred from its values: all numbers (or
     * numeric strings, but not codes with a leading zero such as {@code "00123"}) give NUMERIC, all
     * booleans (Java booleans, not strings such as {@code "yes"}) BOOLEAN, {@link Instant}/{@link LocalDate}/{@link
     * LocalDateTime} DATETIME, anything else a string column (categorical or text by {@link
     * KindGuess}). Null, and the empty string, are missing.
     *
     * @param names column names, in order
     * @param rows  one list (or array) of values per row, each as long as {@code names}
     * @param kinds kinds to force per column name; may be null or partial
     * @throws InvalidParameterException naming the row whose length is wrong, or the column and row of
     *                                   a value that does not fit a forced kind
     */
    public static Frame fromRows(List<String> names, List<?> rows, Map<String, ColumnKind> kinds) {
        int n = rows.size();
        Object[][] cells = new Object[names.size()][n];
        for (int r = 0; r < n; r++) {
            Object row = rows.get(r);
            List<?> values = row instanceof Object[] a ? java.util.Arrays.asList(a) : (List<?>) row;
            if (values.size() != names.size()) {
                throw new InvalidParameterException("row " + r + " has " + values.size() + " values but there are "
                        + names.size() + " columns", "data");
            }
            for (int c = 0; c < names.size(); c++) {
                cells[c][r] = values.get(c);
            }
        }
        List<FrameColumn> cols = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            ColumnKind kind = kinds == null ? null : kinds.get(names.get(c));
            cols.add(column(names.get(c), cells[c], kind == null ? inferKind(cells[c]) : kind));
        }
        return of(cols);
    }

    /**
     * A frame from records, one map per row (MLflow's {@code dataframe_records}). Columns are the union
     * of the keys in first-seen order; a key absent from a record is a missing value there.
     *
     * @param kinds kinds to force per column name; may be null or partial
     * @throws InvalidParameterException naming the column and row of a value that does not fit a forced kind
     */
    public static Frame fromRecords(List<? extends Map<String, ?>> records, Map<String, ColumnKind> kinds) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (Map<String, ?> r : records) {
            names.addAll(r.keySet());
        }
        List<String> cols = new ArrayList<>(names);
        List<Object[]> rows = new ArrayList<>(records.size());
        for (Map<String, ?> r : records) {
            Object[] row = new Object[cols.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = r.get(cols.get(c));
            }
            rows.add(row);
        }
        return fromRows(cols, rows, kinds);
    }

    /**
     * A frame from column arrays (name to values, in map order), e.g. MLflow's {@code inputs} in
     * columnar form. Kinds as in {@link #fromRows}.
     *
     * @throws InvalidParameterException if columns differ in length, or a value does not fit a forced kind
     */
    public static Frame fromColumns(Map<String, ? extends List<?>> columns, Map<String, ColumnKind> kinds) {
        List<FrameColumn> cols = new ArrayList<>();
        for (Map.Entry<String, ? extends List<?>> e : columns.entrySet()) {
            Object[] values = e.getValue().toArray();
            ColumnKind kind = kinds == null ? null : kinds.get(e.getKey());
            cols.add(column(e.getKey(), values, kind == null ? inferKind(values) : kind));
        }
        return of(cols);
    }

    /**
     * A column from plain Java values, converted to {@code kind}.
     *
     * @throws InvalidParameterException naming the column and row of a value that cannot be converted
     */
    public static FrameColumn column(String name, Object[] values, ColumnKind kind) {
        int n = values.length;
        switch (kind) {
            case NUMERIC -> {
                double[] d = new double[n];
                boolean integral = true;
                for (int r = 0; r < n; r++) {
                    d[r] = toDouble(name, r, values[r]);
                    if (!Double.isNaN(d[r]) && (d[r] != Math.rint(d[r]) || values[r] instanceof Double || values[r] instanceof Float)) {
                        integral = false;
                    }
                }
                return new NumericColumn(name, d, integral);
            }
            case BOOLEAN -> {
                byte[] b = new byte[n];
                for (int r = 0; r < n; r++) {
                    b[r] = toBoolean(name, r, values[r]);
                }
                return new BooleanColumn(name, b);
            }
            case DATETIME -> {
                long[] t = new long[n];
                for (int r = 0; r < n; r++) {
                    t[r] = toMicros(name, r, values[r]);
                }
                return new DatetimeColumn(name, t);
            }
            default -> {
                String[] s = new String[n];
                for (int r = 0; r < n; r++) {
                    s[r] = toText(values[r]);
                }
                return new StringColumn(name, kind, s);
            }
        }
    }

    private static ColumnKind inferKind(Object[] values) {
        boolean allNumber = true;
        boolean allBool = true;
        boolean allTime = true;
        boolean any = false;
        for (Object v : values) {
            if (isMissingValue(v)) {
                continue;
            }
            any = true;
            allNumber &= v instanceof Number || v instanceof String s && parsesAsNumber(s) && !isCode(s);
            allBool &= v instanceof Boolean;
            allTime &= v instanceof Instant || v instanceof LocalDate || v instanceof LocalDateTime
                    || v instanceof OffsetDateTime || v instanceof ZonedDateTime;
        }
        if (!any || allNumber) {
            return ColumnKind.NUMERIC;
        }
        if (allBool) {
            return ColumnKind.BOOLEAN;
        }
        if (allTime) {
            return ColumnKind.DATETIME;
        }
        String[] s = new String[values.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = toText(values[i]);
        }
        return KindGuess.forStrings(s);
    }

    private static boolean isMissingValue(Object v) {
        return v == null || v instanceof String s && s.isEmpty();
    }

    /**
     * Whether numeric-looking text is a code: a leading zero before another digit ({@code 00123}, {@code 007},
     * a zip code), which a number would not be written with. DuckDB's CSV sniffer keeps such values as text
     * too, so a request and a training file agree.
     */
    private static boolean isCode(String s) {
        String t = s.strip();
        return t.length() > 1 && t.charAt(0) == '0' && Character.isDigit(t.charAt(1));
    }

    private static boolean parsesAsNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String toText(Object v) {
        if (isMissingValue(v)) {
            return null;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            // 3.0 read from JSON for a categorical code should match the level "3" seen in training.
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
        }
        return v.toString();
    }

    private static double toDouble(String col, int row, Object v) {
        if (isMissingValue(v)) {
            return Double.NaN;
        }
        if (v instanceof Number num) {
            return num.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            String t = s.strip();
            if (t.isEmpty() || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("na") || t.equalsIgnoreCase("null")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw notA(col, row, v, "a number");
            }
        }
        throw notA(col, row, v, "a number");
    }

    private static byte toBoolean(String col, int row, Object v) {
        if (isMissingValue(v)) {
            return BooleanColumn.MISSING;
        }
        if (v instanceof Boolean b) {
            return (byte) (b ? 1 : 0);
        }
        if (v instanceof Number num && (num.doubleValue() == 0 || num.doubleValue() == 1)) {
            return (byte) num.intValue();
        }
        if (v instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1" -> {
                    return 1;
                }
                case "false", "f", "no", "n", "0" -> {
                    return 0;
                }
                default -> {
                }
            }
        }
        throw notA(col, row, v, "a boolean");
    }

    private static long toMicros(String col, int row, Object v) {
        if (isMissingValue(v)) {
            return DatetimeColumn.MISSING;
        }
        if (v instanceof Instant t) {
            return DatetimeColumn.toMicros(t);
        }
        if (v instanceof LocalDateTime t) {
            return DatetimeColumn.toMicros(t.toInstant(ZoneOffset.UTC));
        }
        if (v instanceof LocalDate d) {
            return DatetimeColumn.toMicros(d.atStartOfDay().toInstant(ZoneOffset.UTC));
        }
        if (v instanceof OffsetDateTime t) {
            return DatetimeColumn.toMicros(t.toInstant());
        }
        if (v instanceof ZonedDateTime t) {
            return DatetimeColumn.toMicros(t.toInstant());
        }
        if (v instanceof java.util.Date d) {
            return DatetimeColumn.toMicros(d.toInstant());
        }
        if (v instanceof String s) {
            Long m = parseDatetime(s.strip());
            if (m != null) {
                return m;
            }
        }
        throw notA(col, row, v, "a date or timestamp (ISO-8601, e.g. 2024-05-01 or 2024-05-01T13:45:00)");
    }

    /** Microseconds since the epoch of an ISO-8601 date or date-time (zone-less means UTC), or null. */
    static Long parseDatetime(String s) {
        try {
            return DatetimeColumn.toMicros(Instant.parse(s));
        } catch (DateTimeParseException e) {
            // not an instant with a zone; try the zone-less forms
        }
        try {
            return DatetimeColumn.toMicros(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            // next
        }
        try {
            return DatetimeColumn.toMicros(LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // next
        }
        try {
            return DatetimeColumn.toMicros(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static InvalidParameterException notA(String col, int row, Object v, String what) {
        String shown = String.valueOf(v);
        if (shown.length() > 40) {
            shown = shown.substring(0, 37) + "...";
        }
        return new InvalidParameterException("column '" + col + "' row " + row + ": value '" + shown + "' is not " + what, col);
    }

    /** The number of rows. */
    public int rowCount() {
        return rowCount;
    }

    /** The number of columns. */
    public int columnCount() {
        return columns.size();
    }

    /** Column names, in order. */
    public List<String> names() {
        return List.copyOf(columns.keySet());
    }

    /** The columns, in order. */
    public List<FrameColumn> columns() {
        return List.copyOf(columns.values());
    }

    /** Whether a column of that name exists. */
    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /**
     * The column of that name.
     *
     * @throws InvalidParameterException naming the column and a near match, when there is none
     */
    public FrameColumn column(String name) {
        FrameColumn c = columns.get(name);
        if (c == null) {
            throw new InvalidParameterException("no column '" + name + "'" + nearHint(name, columns.keySet())
                    + "; columns are " + String.join(", ", columns.keySet()), name);
        }
        return c;
    }

    /** ", did you mean 'x'?" for the nearest name, or the empty string. */
    public static String nearHint(String name, Collection<String> candidates) {
        String near = Suggest.nearest(name, candidates);
        if (near == null) {
            for (String c : candidates) {
                if (c.equalsIgnoreCase(name.strip())) {
                    near = c;
                }
            }
        }
        return near == null ? "" : "; did you mean '" + near + "'?";
    }

    /** A frame of the named columns, in that order. */
    public Frame select(List<String> names) {
        List<FrameColumn> out = new ArrayList<>();
        for (String n : names) {
            out.add(column(n));
        }
        return of(out);
    }

    /** This frame without the named columns (names not present are ignored). */
    public Frame drop(Collection<String> names) {
        List<FrameColumn> out = new ArrayList<>();
        for (FrameColumn c : columns.values()) {
            if (!names.contains(c.name())) {
                out.add(c);
            }
        }
        return new Frame(toMap(out), rowCount);
    }

    /** The given rows, in that order. */
    public Frame take(int[] rows) {
        List<FrameColumn> out = new ArrayList<>();
        for (FrameColumn c : columns.values()) {
            out.add(c.take(rows));
        }
        return new Frame(toMap(out), rows.length);
    }

    /** This frame with a column added or replaced (by name). */
    public Frame with(FrameColumn column) {
        if (column.size() != rowCount && !columns.isEmpty()) {
            throw new InvalidParameterException("column '" + column.name() + "' has " + column.size() + " rows, the frame "
                    + rowCount, column.name());
        }
        LinkedHashMap<String, FrameColumn> m = new LinkedHashMap<>(columns);
        m.put(column.name(), column);
        return new Frame(m, column.size());
    }

    /**
     * This frame with the named columns converted to other kinds (numbers to categorical labels, text to
     * categorical, strings to numbers...).
     *
     * @throws InvalidParameterException naming column and row of a value that cannot be converted
     */
    public Frame withKinds(Map<String, ColumnKind> kinds) {
        Frame f = this;
        for (Map.Entry<String, ColumnKind> e : kinds.entrySet()) {
            FrameColumn c = column(e.getKey());
            if (c.kind() == e.getValue()) {
                continue;
            }
            if (c instanceof StringColumn s && e.getValue() != ColumnKind.NUMERIC && e.getValue() != ColumnKind.BOOLEAN
                    && e.getValue() != ColumnKind.DATETIME) {
                f = f.with(s.as(e.getValue()));
                continue;
            }
            Object[] values = new Object[c.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = c.get(r);
            }
            f = f.with(column(c.name(), values, e.getValue()));
        }
        return f;
    }

    private static LinkedHashMap<String, FrameColumn> toMap(List<FrameColumn> cols) {
        LinkedHashMap<String, FrameColumn> m = new LinkedHashMap<>();
        for (FrameColumn c : cols) {
            m.put(c.name(), c);
        }
        return m;
    }

    /** The kind of each column, by name, in order. */
    public Map<String, ColumnKind> kinds() {
        Map<String, ColumnKind> m = new LinkedHashMap<>();
        columns.values().forEach(c -> m.put(c.name(), c.kind()));
        return m;
    }

    @Override
    public String toString() {
        return "Frame[" + rowCount + " rows; " + kinds() + "]";
    }
}
