package dev.cerulean.serving.batch;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.ml.data.DuckTables;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.BooleanColumn;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.DatetimeColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Streams a table through DuckDB in chunks of typed columns, without holding the table in memory:
 * DuckDB parses ahead while the chunks already read are scored. Numbers are read as doubles, strings
 * as categorical strings, booleans, dates and timestamps as such; the model's kinds are applied later,
 * per chunk, so that a value that does not fit fails its own rows only.
 */
final class TableRows implements Chunks {
    private enum Reader { NUMBER, BOOL, DATE, TIMESTAMP, STRING }

    private final Connection connection;
    private final Statement statement;
    private final ResultSet rs;
    private final List<String> columns;
    private final Reader[] readers;
    private final boolean[] integral;
    private final String name;

    /**
     * @param asWritten columns whose CSV text is kept as written where DuckDB would read booleans (the
     *                  model's string columns), so that {@code True} reaches the model as the level it learnt
     */
    TableRows(String name, TableSource source, Set<String> asWritten) {
        this.name = name;
        Connection c = null;
        Statement st = null;
        ResultSet r = null;
        try {
            c = DuckTables.connectStreaming();
            st = c.createStatement();
            r = st.executeQuery(DuckTables.selectSql(source, asWritten));
            ResultSetMetaData md = r.getMetaData();
            int n = md.getColumnCount();
            List<String> cols = new ArrayList<>();
            readers = new Reader[n];
            integral = new boolean[n];
            for (int i = 0; i < n; i++) {
                cols.add(md.getColumnLabel(i + 1));
                String type = md.getColumnTypeName(i + 1).toUpperCase(Locale.ROOT);
                readers[i] = reader(md.getColumnType(i + 1), type);
                integral[i] = type.contains("INT");
            }
            columns = List.copyOf(cols);
        } catch (SQLException e) {
            closeQuietly(r, st, c);
            throw unreadable(name, e);
        } catch (CeruleanException e) {
            // DuckTables names the file it could not read; here the field at fault is the job's input
            closeQuietly(r, st, c);
            throw new CeruleanException(e.code(), e.getMessage(), "input", e.details(), e);
        } catch (RuntimeException e) {
            closeQuietly(r, st, c);
            throw e;
        }
        connection = c;
        statement = st;
        rs = r;
    }

    private static Reader reader(int sqlType, String typeName) {
        if (typeName.startsWith("TIMESTAMP") || sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE) {
            return Reader.TIMESTAMP;
        }
        if (typeName.equals("DATE") || sqlType == Types.DATE) {
            return Reader.DATE;
        }
        if (typeName.equals("BOOLEAN") || sqlType == Types.BOOLEAN) {
            return Reader.BOOL;
        }
        if (typeName.matches("U?(BIG|SMALL|TINY|HUGE)?INT(EGER)?|DOUBLE|FLOAT|REAL|DECIMAL.*|UHUGEINT")) {
            return Reader.NUMBER;
        }
        return Reader.STRING;
    }

    static CeruleanException unreadable(String name, Exception e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.toString());
        return new CeruleanException(ErrorCode.INVALID_PARAMETER, "cannot read " + name + ": " + msg, "input", List.of(), e);
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Frame next(int max) {
        int n = columns.size();
        Object[] arrays = new Object[n];
        int cap = Math.min(max, 4096);
        for (int j = 0; j < n; j++) {
            arrays[j] = allocate(readers[j], cap);
        }
        int rows = 0;
        try {
            while (rows < max && rs.next()) {
                if (rows == cap) {
                    cap = (int) Math.min(max, cap * 2L);
                    for (int j = 0; j < n; j++) {
                        arrays[j] = grow(arrays[j], cap);
                    }
                }
                for (int j = 0; j < n; j++) {
                    read(j, arrays[j], rows);
                }
                rows++;
            }
        } catch (SQLException e) {
            throw unreadable(name, e);
        }
        if (rows == 0) {
            return null;
        }
        List<FrameColumn> cols = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            String c = columns.get(j);
            cols.add(switch (readers[j]) {
                case NUMBER -> new NumericColumn(c, Arrays.copyOf((double[]) arrays[j], rows), integral[j]);
                case BOOL -> new BooleanColumn(c, Arrays.copyOf((byte[]) arrays[j], rows));
                case DATE, TIMESTAMP -> new DatetimeColumn(c, Arrays.copyOf((long[]) arrays[j], rows));
                case STRING -> new StringColumn(c, ColumnKind.CATEGORICAL, Arrays.copyOf((String[]) arrays[j], rows));
            });
        }
        return Frame.of(cols);
    }

    private static Object allocate(Reader r, int n) {
        return switch (r) {
            case NUMBER -> new double[n];
            case BOOL -> new byte[n];
            case DATE, TIMESTAMP -> new long[n];
            case STRING -> new String[n];
        };
    }

    private static Object grow(Object a, int n) {
        if (a instanceof double[] d) {
            return Arrays.copyOf(d, n);
        }
        if (a instanceof byte[] b) {
            return Arrays.copyOf(b, n);
        }
        if (a instanceof long[] l) {
            return Arrays.copyOf(l, n);
        }
        return Arrays.copyOf((String[]) a, n);
    }

    private void read(int j, Object array, int row) throws SQLException {
        int col = j + 1;
        switch (readers[j]) {
            case NUMBER -> {
                double v = rs.getDouble(col);
                ((double[]) array)[row] = rs.wasNull() ? Double.NaN : v;
            }
            case BOOL -> {
                boolean v = rs.getBoolean(col);
                ((byte[]) array)[row] = rs.wasNull() ? BooleanColumn.MISSING : (byte) (v ? 1 : 0);
            }
            case DATE -> {
                LocalDate d = rs.getObject(col, LocalDate.class);
                ((long[]) array)[row] = d == null ? DatetimeColumn.MISSING : DatetimeColumn.toMicros(d.atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            case TIMESTAMP -> ((long[]) array)[row] = micros(rs.getObject(col));
            case STRING -> ((String[]) array)[row] = rs.getString(col);
        }
    }

    /** A timestamp's wall clock read as UTC, as the frame reader does. */
    private static long micros(Object o) {
        if (o == null) {
            return DatetimeColumn.MISSING;
        }
        if (o instanceof OffsetDateTime t) {
            return DatetimeColumn.toMicros(t.toInstant());
        }
        if (o instanceof Timestamp t) {
            return DatetimeColumn.toMicros(t.toLocalDateTime().toInstant(ZoneOffset.UTC));
        }
        if (o instanceof java.time.LocalDateTime t) {
            return DatetimeColumn.toMicros(t.toInstant(ZoneOffset.UTC));
        }
        return DatetimeColumn.MISSING;
    }

    @Override
    public long skipRest() {
        long n = 0;
        try {
            while (rs.next()) {
                n++;
            }
            return n;
        } catch (SQLException e) {
            throw unreadable(name, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(rs, statement, connection);
    }

    private static void closeQuietly(AutoCloseable... cs) {
        for (AutoCloseable c : cs) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a reader that failed or finished; nothing to add
                }
            }
        }
    }
}
