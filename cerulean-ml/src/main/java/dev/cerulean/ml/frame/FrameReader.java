package dev.cerulean.ml.frame;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.ml.data.DuckTables;
import dev.cerulean.ml.data.TableSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a {@link Frame} from a {@link TableSource} (CSV, Parquet, JSON lines, with MLTable steps)
 * through DuckDB: DuckDB parses and types the data, this class only copies the result into columns.
 */
public final class FrameReader {
    private FrameReader() {
    }

    /**
     * Reading options.
     *
     * @param kinds   column kinds to force, by column name (e.g. a numeric code read as categorical, a
     *                string column as text, or a model's {@code signature().inputKinds()}); null or
     *                partial: the rest are inferred; names the table lacks are ignored. A column forced to
     *                categorical or text keeps the file's spelling of {@code True/False}
     * @param columns the columns to read, in order; null for all
     * @param limit   read at most this many rows; 0 for all
     * @param labels  columns holding class labels (a target): read with their inferred kind, except that
     *                {@code True/False} text in a CSV file stays categorical strings spelled as in the file,
     *                so that predictions give the labels back as the user wrote them; null for none
     */
    public record Options(Map<String, ColumnKind> kinds, List<String> columns, long limit, Set<String> labels) {
        /** Infer every kind, read everything. */
        public static final Options DEFAULT = new Options(Map.of(), null, 0);

        public Options {
            kinds = kinds == null ? Map.of() : Map.copyOf(kinds);
            columns = columns == null ? null : List.copyOf(columns);
            labels = labels == null ? Set.of() : Set.copyOf(labels);
            if (limit < 0) {
                throw new IllegalArgumentException("limit < 0");
            }
        }

        /** Options without label columns. */
        public Options(Map<String, ColumnKind> kinds, List<String> columns, long limit) {
            this(kinds, columns, limit, null);
        }

        /** These options with {@code labels} as the label columns. */
        public Options withLabels(Set<String> labels) {
            return new Options(kinds, columns, limit, labels);
        }

        /**
         * The columns whose text is kept as written ({@link DuckTables#selectSql(TableSource, Set)}): the labels
         * and the columns forced to a string kind.
         */
        public Set<String> asWritten() {
            Set<String> out = new HashSet<>(labels);
            kinds.forEach((c, k) -> {
                if (k == ColumnKind.CATEGORICAL || k == ColumnKind.TEXT) {
                    out.add(c);
                }
            });
            return out;
        }
    }

    /** Reads the whole source with inferred kinds. */
    public static Frame read(TableSource source) {
        return read(source, Options.DEFAULT);
    }

    /**
     * Reads the source. SQL numeric types become NUMERIC, BOOLEAN BOOLEAN, DATE/TIMESTAMP DATETIME,
     * VARCHAR categorical or text ({@link KindGuess}); other types are read as their text. In CSV files
     * only {@code true/false} (any case) is boolean: {@code yes/no}, {@code Y/N}, {@code T/F} and codes with
     * leading zeros are categorical strings, as {@link DuckTables} types them.
     *
     * @throws dev.cerulean.core.InvalidParameterException when DuckDB cannot read the data, naming the
     *                                                     source, or a forced kind does not fit a value
     */
    public static Frame read(TableSource source, Options options) {
        String sql = DuckTables.selectSql(source, options.asWritten());
        if (options.columns() != null) {
            List<String> quoted = options.columns().stream().map(DuckTables::ident).toList();
            sql = "SELECT " + String.join(", ", quoted) + " FROM (" + sql + ")";
        }
        if (options.limit() > 0) {
            sql = "SELECT * FROM (" + sql + ") LIMIT " + options.limit();
        }
        try (Connection c = DuckTables.connect(); Statement st = c.createStatement()) {
            long rows;
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM (" + sql + ")")) {
                r.next();
                rows = r.getLong(1);
            }
            if (rows > Integer.MAX_VALUE - 8) {
                throw new CeruleanException(ErrorCode.INVALID_PARAMETER, "the table has " + rows
                        + " rows; a frame holds at most " + (Integer.MAX_VALUE - 8), "path");
            }
            return copy(st, sql, (int) rows, options.kinds());
        } catch (SQLException e) {
            String msg = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
            throw new CeruleanException(ErrorCode.INVALID_PARAMETER, "cannot read " + String.join(", ", source.names())
                    + ": " + msg, "path", List.of(), e);
        }
    }

    private enum Reader { NUMBER, BOOL, DATE, TIMESTAMP, STRING }

    private static Frame copy(Statement st, String sql, int rows, Map<String, ColumnKind> forced) throws SQLException {
        try (ResultSet r = st.executeQuery(sql)) {
            ResultSetMetaData md = r.getMetaData();
            int nc = md.getColumnCount();
            Reader[] readers = new Reader[nc];
            boolean[] integral = new boolean[nc];
            Object[] arrays = new Object[nc];
            for (int j = 0; j < nc; j++) {
                int t = md.getColumnType(j + 1);
                String typeName = md.getColumnTypeName(j + 1).toUpperCase(Locale.ROOT);
                readers[j] = readerFor(t, typeName);
                integral[j] = t == Types.BIGINT || t == Types.INTEGER || t == Types.SMALLINT || t == Types.TINYINT
                        || typeName.contains("INT");
                arrays[j] = switch (readers[j]) {
                    case NUMBER -> new double[rows];
                    case BOOL -> new byte[rows];
                    case DATE, TIMESTAMP -> new long[rows];
                    case STRING -> new String[rows];
                };
            }
            int i = 0;
            while (r.next()) {
                for (int j = 0; j < nc; j++) {
                    switch (readers[j]) {
                        case NUMBER -> {
                            double v = r.getDouble(j + 1);
                            ((double[]) arrays[j])[i] = r.wasNull() ? Double.NaN : v;
                        }
                        case BOOL -> {
                            boolean v = r.getBoolean(j + 1);
                            ((byte[]) arrays[j])[i] = r.wasNull() ? BooleanColumn.MISSING : (byte) (v ? 1 : 0);
                        }
                        case DATE -> {
                            LocalDate d = r.getObject(j + 1, LocalDate.class);
                            ((long[]) arrays[j])[i] = d == null ? DatetimeColumn.MISSING
                                    : DatetimeColumn.toMicros(d.atStartOfDay().toInstant(ZoneOffset.UTC));
                        }
                        case TIMESTAMP -> {
                            Object o = r.getObject(j + 1);
                            ((long[]) arrays[j])[i] = timestampMicros(o);
                        }
                        case STRING -> ((String[]) arrays[j])[i] = r.getString(j + 1);
                    }
                }
                i++;
            }
            List<FrameColumn> cols = new ArrayList<>();
            for (int j = 0; j < nc; j++) {
                String name = md.getColumnLabel(j + 1);
                FrameColumn col = switch (readers[j]) {
                    case NUMBER -> new NumericColumn(name, (double[]) arrays[j], integral[j]);
                    case BOOL -> new BooleanColumn(name, (byte[]) arrays[j]);
                    case DATE, TIMESTAMP -> new DatetimeColumn(name, (long[]) arrays[j]);
                    case STRING -> new StringColumn(name, KindGuess.forStrings((String[]) arrays[j]), (String[]) arrays[j]);
                };
                cols.add(col);
            }
            Frame f = Frame.of(cols);
            // Kinds for columns the table does not have are ignored, so a model's signature kinds can be
            // passed for any input file.
            Map<String, ColumnKind> present = new java.util.HashMap<>();
            forced.forEach((k, v) -> {
                if (f.has(k)) {
                    present.put(k, v);
                }
            });
            return present.isEmpty() ? f : f.withKinds(present);
        }
    }

    private static long timestampMicros(Object o) {
        if (o == null) {
            return DatetimeColumn.MISSING;
        }
        if (o instanceof OffsetDateTime t) {
            return DatetimeColumn.toMicros(t.toInstant());
        }
        if (o instanceof java.sql.Timestamp t) {
            // DuckDB hands zone-less TIMESTAMPs as local-time java.sql.Timestamp: read its wall clock as UTC.
            return DatetimeColumn.toMicros(t.toLocalDateTime().toInstant(ZoneOffset.UTC));
        }
        if (o instanceof java.time.LocalDateTime t) {
            return DatetimeColumn.toMicros(t.toInstant(ZoneOffset.UTC));
        }
        Long m = Frame.parseDatetime(o.toString());
        return m == null ? DatetimeColumn.MISSING : m;
    }

    private static Reader readerFor(int sqlType, String typeName) {
        if (typeName.startsWith("TIMESTAMP") || sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE) {
            return Reader.TIMESTAMP;
        }
        if (typeName.equals("DATE") || sqlType == Types.DATE) {
            return Reader.DATE;
        }
        if (typeName.equals("BOOLEAN") || sqlType == Types.BOOLEAN) {
            return Reader.BOOL;
        }
        switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DOUBLE, Types.FLOAT, Types.REAL,
                    Types.DECIMAL, Types.NUMERIC -> {
                return Reader.NUMBER;
            }
            default -> {
            }
        }
        if (typeName.matches("U?(BIG|SMALL|TINY|HUGE)?INT(EGER)?|DOUBLE|FLOAT|REAL|DECIMAL.*|UHUGEINT")) {
            return Reader.NUMBER;
        }
        return Reader.STRING;
    }
}
