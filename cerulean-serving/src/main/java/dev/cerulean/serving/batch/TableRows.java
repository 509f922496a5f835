package dev.cerulean.serving.batch;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.ml.data.DuckTables;
import dev.cerulean.ml.data.TableSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Streams a table's rows as plain Java values through DuckDB, without holding the table in memory:
 * DuckDB parses ahead while the rows already read are scored.
 */
final class TableRows implements AutoCloseable {
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rs;
    private final List<String> columns;
    private final String name;

    TableRows(String name, TableSource source) {
        this.name = name;
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Properties p = new Properties();
            p.setProperty("temp_directory", Path.of(System.getProperty("java.io.tmpdir"), "duckdb").toString());
            p.setProperty("jdbc_stream_results", "true");
            connection = DriverManager.getConnection("jdbc:duckdb:", p);
            statement = connection.createStatement();
            rs = statement.executeQuery(DuckTables.selectSql(source));
            ResultSetMetaData md = rs.getMetaData();
            List<String> cols = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                cols.add(md.getColumnLabel(i));
            }
            columns = List.copyOf(cols);
        } catch (ClassNotFoundException | SQLException e) {
            close();
            throw unreadable(name, e);
        }
    }

    static CeruleanException unreadable(String name, Exception e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.toString());
        return new CeruleanException(ErrorCode.INVALID_PARAMETER, "cannot read " + name + ": " + msg, "input", List.of(), e);
    }

    List<String> columns() {
        return columns;
    }

    /** The next row, or null at the end. */
    Object[] next() {
        try {
            if (!rs.next()) {
                return null;
            }
            Object[] row = new Object[columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = plain(rs.getObject(i + 1));
            }
            return row;
        } catch (SQLException e) {
            throw unreadable(name, e);
        }
    }

    /** Skips to the end, counting the rows passed. */
    long skipRest() {
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

    /** JDBC values as the values frames take: numbers, strings, booleans, dates and date-times (UTC wall clock). */
    private static Object plain(Object o) {
        if (o == null || o instanceof String || o instanceof Long || o instanceof Double || o instanceof Boolean) {
            return o;
        }
        if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof Float f) {
            return f.doubleValue();
        }
        if (o instanceof BigDecimal || o instanceof BigInteger) {
            return ((Number) o).doubleValue();
        }
        if (o instanceof Timestamp t) {
            return t.toLocalDateTime();
        }
        if (o instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (o instanceof java.time.OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (o instanceof java.time.LocalDate || o instanceof java.time.LocalDateTime) {
            return o;
        }
        return o.toString();
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {rs, statement, connection}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a reader that failed; the original error is what matters
                }
            }
        }
    }
}
