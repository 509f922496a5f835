package dev.cerulean.ml.data;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.data.Column;
import dev.cerulean.core.data.TableFormat;
import dev.cerulean.ml.natives.NativeLibraries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Reads tables with DuckDB: validation that names the file and line of a malformed row, schema
 * inference, and the SQL relation for a {@link TableSource} that profiling and frames query.
 *
 * <p>Types are DuckDB's, with one correction for CSV. DuckDB's sniffer reads {@code yes/no},
 * {@code YES/NO}, {@code t/f} (any case) as BOOLEAN, which would turn a user's labels into
 * {@code true/false}; here a CSV column is BOOLEAN only when every value is {@code true} or {@code false}
 * in any case, and is read as text, spelled as in the file, otherwise. Codes with leading zeros
 * ({@code 00123}, {@code 007}) stay text because the sniffer sees every row of files up to 512 MiB and
 * keeps such values as VARCHAR. An explicit conversion ({@link TableStep.Convert}) still casts as asked.
 */
public final class DuckTables {
    /** Files up to this size are sniffed in full, so a late value cannot contradict the inferred type. */
    private static final long FULL_SNIFF_BYTES = 512L * 1024 * 1024;
    private static final int MAX_REPORTED_ROWS = 5;

    private DuckTables() {
    }

    /** A new in-memory DuckDB connection. Close it. */
    public static Connection connect() {
        return open(false);
    }

    /**
     * A new in-memory DuckDB connection whose queries stream their results: rows are produced as they
     * are fetched, so a table larger than memory can be read in chunks. Close it.
     */
    public static Connection connectStreaming() {
        return open(true);
    }

    private static Connection open(boolean streamResults) {
        NativeLibraries.duckDb();
        try {
            Properties p = new Properties();
            // Each database spills into a folder of its own: DuckDB names its temporary files by a
            // counter per database, so two databases sharing a folder overwrite each other's files.
            p.setProperty("temp_directory", SpillFolders.next().toString());
            if (streamResults) {
                p.setProperty("jdbc_stream_results", "true");
            }
            return DriverManager.getConnection("jdbc:duckdb:", p);
        } catch (SQLException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "cannot start DuckDB: " + e.getMessage(), null, List.of(), e);
        }
    }

    /** Spill folders under one folder per process, removed when the process ends. */
    private static final class SpillFolders {
        private static final Path ROOT = root();
        private static final AtomicLong NEXT = new AtomicLong();

        static Path next() {
            return ROOT.resolve(Long.toString(NEXT.incrementAndGet()));
        }

        private static Path root() {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            try {
                Files.createDirectories(tmp);
                Path root = Files.createTempDirectory(tmp, "cerulean-duckdb-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "duckdb-spill-cleanup"));
                return root;
            } catch (IOException e) {
                throw new CeruleanException(ErrorCode.INTERNAL, "cannot create DuckDB's spill folder in " + tmp + ": "
                        + e.getMessage(), null, List.of(), e);
            }
        }

        private static void deleteTree(Path root) {
            try (var walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // the system's temporary-file cleaning takes what is left
            }
        }
    }

    /** A quoted SQL identifier. */
    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A quoted SQL string literal. */
    public static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    private static String fileList(List<Path> files) {
        return files.stream().map(f -> literal(f.toString())).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The table function call that reads the source's files, before steps. */
    static String readCall(TableSource s, List<Path> files, String extra) {
        TableSource.ReadOptions o = s.options();
        StringBuilder sb = new StringBuilder();
        switch (s.format()) {
            case CSV -> {
                sb.append("read_csv(").append(fileList(files)).append(", header=").append(o.header());
                if (o.delimiter() != null) {
                    sb.append(", delim=").append(literal(o.delimiter()));
                }
                sb.append(", union_by_name=").append(files.size() > 1);
                long bytes = files.stream().mapToLong(DuckTables::size).sum();
                if (bytes <= FULL_SNIFF_BYTES) {
                    sb.append(", sample_size=-1");
                }
            }
            case PARQUET -> sb.append("read_parquet(").append(fileList(files)).append(", union_by_name=").append(files.size() > 1);
            case JSONL -> {
                sb.append("read_json(").append(fileList(files)).append(", format='newline_delimited'");
                if (o.dropInvalidLines()) {
                    sb.append(", ignore_errors=true");
                }
            }
            default -> throw new IllegalStateException(s.format().toString());
        }
        if (o.compression() != null && s.format() != TableFormat.PARQUET) {
            sb.append(", compression=").append(literal(o.compression()));
        }
        if (o.includePath()) {
            sb.append(", filename='Path'");
        }
        if (extra != null) {
            sb.append(", ").append(extra);
        }
        return sb.append(')').toString();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The read call with the sniffer's BOOLEAN guesses checked (see the class comment): a CSV column the
     * sniffer types BOOLEAN is read as VARCHAR when one of its values is not true or false, or when it is
     * one of {@code asWritten}. Other formats carry their own types and are read as they are.
     */
    private static String typedReadCall(TableSource s, Set<String> asWritten) throws SQLException {
        String call = readCall(s, s.files(), null);
        if (s.format() != TableFormat.CSV) {
            return call;
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            List<String> booleans = new ArrayList<>();
            try (ResultSet r = st.executeQuery("DESCRIBE SELECT * FROM " + call)) {
                while (r.next()) {
                    if (r.getString("column_type").equals("BOOLEAN")) {
                        booleans.add(r.getString("column_name"));
                    }
                }
            }
            if (booleans.isEmpty()) {
                return call;
            }
            Set<String> text = new LinkedHashSet<>();
            List<String> check = new ArrayList<>();
            for (String b : booleans) {
                if (asWritten.contains(b)) {
                    text.add(b);
                } else {
                    check.add(b);
                }
            }
            if (!check.isEmpty()) {
                String tests = check.stream().map(b -> "bool_and(" + ident(b) + " IS NULL OR lower(trim(" + ident(b)
                        + ")) IN ('true', 'false'))").collect(Collectors.joining(", "));
                try (ResultSet r = st.executeQuery("SELECT " + tests + " FROM " + readCall(s, s.files(), "all_varchar=true"))) {
                    r.next();
                    for (int i = 0; i < check.size(); i++) {
                        if (!r.getBoolean(i + 1)) {
                            text.add(check.get(i));
                        }
                    }
                }
            }
            if (text.isEmpty()) {
                return call;
            }
            return readCall(s, s.files(), "types={" + text.stream().map(t -> literal(t) + ": 'VARCHAR'")
                    .collect(Collectors.joining(", ")) + "}");
        }
    }

    /** The SQL query (a SELECT) for the source with its steps applied. */
    public static String selectSql(TableSource s) {
        return selectSql(s, Set.of());
    }

    /**
     * The SQL query (a SELECT) for the source with its steps applied.
     *
     * @param asWritten columns whose values are labels to keep as the file spells them: CSV text that would
     *                  be read as BOOLEAN ({@code True/False}) stays text; names the table lacks are ignored
     * @throws CeruleanException (INVALID_PARAMETER) when DuckDB cannot read the data
     */
    public static String selectSql(TableSource s, Set<String> asWritten) {
        String read;
        try {
            read = typedReadCall(s, asWritten);
        } catch (SQLException e) {
            throw unreadable(s, e);
        }
        String sql = "SELECT * FROM " + read;
        int i = 0;
        for (TableStep step : s.steps()) {
            String prev = "(" + sql + ") AS s" + (i++);
            sql = stepSql(step, prev);
        }
        return sql;
    }

    private static String stepSql(TableStep step, String prev) {
        if (step instanceof TableStep.Take t) {
            return "SELECT * FROM " + prev + " LIMIT " + t.rows();
        }
        if (step instanceof TableStep.Skip k) {
            return "SELECT * FROM " + prev + " OFFSET " + k.rows();
        }
        if (step instanceof TableStep.Sample m) {
            return "SELECT * FROM " + prev + " USING SAMPLE " + (m.probability() * 100.0) + " PERCENT (bernoulli, " + m.seed() + ")";
        }
        if (step instanceof TableStep.DropColumns d) {
            return "SELECT * EXCLUDE (" + idents(d.columns()) + ") FROM " + prev;
        }
        if (step instanceof TableStep.KeepColumns k) {
            return "SELECT " + idents(k.columns()) + " FROM " + prev;
        }
        if (step instanceof TableStep.Filter f) {
            return "SELECT * FROM " + prev + " WHERE " + filterSql(f.expression());
        }
        TableStep.Convert c = (TableStep.Convert) step;
        return "SELECT * REPLACE (" + c.columns().stream()
                .map(col -> "CAST(" + ident(col) + " AS " + sqlType(c.type()) + ") AS " + ident(col))
                .collect(Collectors.joining(", ")) + ") FROM " + prev;
    }

    private static String idents(List<String> cols) {
        return cols.stream().map(DuckTables::ident).collect(Collectors.joining(", "));
    }

    private static String sqlType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "int" -> "BIGINT";
            case "float" -> "DOUBLE";
            case "string" -> "VARCHAR";
            case "boolean" -> "BOOLEAN";
            case "datetime" -> "TIMESTAMP";
            default -> throw new InvalidParameterException("unknown column type '" + type
                    + "': expected int, float, string, boolean or datetime", "convert_column_types");
        };
    }

    /**
     * Translates an MLTable filter ({@code col("age") > 30 and col("sex") == "Male"}) to SQL:
     * {@code col("x")} becomes an identifier, other double-quoted text a string, {@code ==} {@code =}.
     */
    static String filterSql(String expr) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (expr.startsWith("col(", i)) {
                int close = expr.indexOf(')', i);
                if (close < 0) {
                    throw new InvalidParameterException("filter '" + expr + "' has an unclosed col(", "filter");
                }
                String inner = expr.substring(i + 4, close).strip();
                if (inner.length() >= 2 && (inner.charAt(0) == '"' || inner.charAt(0) == '\'')) {
                    inner = inner.substring(1, inner.length() - 1);
                }
                out.append(ident(inner));
                i = close + 1;
            } else if (c == '"' || c == '\'') {
                int end = expr.indexOf(c, i + 1);
                if (end < 0) {
                    throw new InvalidParameterException("filter '" + expr + "' has an unclosed string", "filter");
                }
                out.append(literal(expr.substring(i + 1, end)));
                i = end + 1;
            } else if (expr.startsWith("==", i)) {
                out.append('=');
                i += 2;
            } else if (c == ';') {
                throw new InvalidParameterException("filter '" + expr + "' may not contain ';'", "filter");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * Checks that every file reads as a well-formed table: not empty, no row with too many or too
     * few fields, no invalid text. The error names the file and the line.
     *
     * @throws InvalidParameterException describing the first few malformed rows
     */
    public static void validate(TableSource s) {
        List<String> problems = new ArrayList<>();
        for (int f = 0; f < s.files().size(); f++) {
            Path file = s.files().get(f);
            String name = s.names().get(f);
            if (size(file) == 0) {
                problems.add(name + ": the file is empty");
                continue;
            }
            if (s.format() != TableFormat.CSV) {
                continue;
            }
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.executeQuery("SELECT count(*) FROM " + readCall(s, List.of(file), "all_varchar=true, store_rejects=true")).close();
                try (ResultSet r = st.executeQuery("SELECT line, error_type, csv_line FROM reject_errors ORDER BY line LIMIT "
                        + MAX_REPORTED_ROWS)) {
                    while (r.next()) {
                        problems.add(name + " line " + r.getLong(1) + ": " + describeReject(r.getString(2))
                                + " (" + abbreviate(r.getString(3)) + ")");
                    }
                }
            } catch (SQLException e) {
                problems.add(name + ": " + firstLine(e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new CeruleanException(ErrorCode.INVALID_PARAMETER, problems.size() == 1 ? problems.get(0)
                    : problems.size() + " problems in the data: " + String.join("; ", problems), "path", problems, null);
        }
    }

    private static String describeReject(String type) {
        return switch (type) {
            case "TOO MANY COLUMNS" -> "the row has more fields than the header";
            case "MISSING COLUMNS" -> "the row has fewer fields than the header";
            case "UNQUOTED VALUE" -> "a quoted field is malformed";
            case "INVALID UNICODE" -> "the row is not valid UTF-8";
            case "LINE SIZE OVER MAXIMUM" -> "the row is longer than the maximum line size";
            default -> type.toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /**
     * The columns of the source, with its steps applied.
     *
     * @throws InvalidParameterException when DuckDB cannot read the data or a step is wrong
     */
    public static List<Column> schema(TableSource s) {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("DESCRIBE " + selectSql(s))) {
            List<Column> cols = new ArrayList<>();
            while (r.next()) {
                cols.add(new Column(r.getString("column_name"), r.getString("column_type")));
            }
            return cols;
        } catch (SQLException e) {
            throw unreadable(s, e);
        }
    }

    /** The number of rows of the source, with its steps applied. */
    public static long count(TableSource s) {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet r = st.executeQuery("SELECT count(*) FROM (" + selectSql(s) + ")")) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw unreadable(s, e);
        }
    }

    /** An error for data DuckDB could not read, naming the source. */
    static CeruleanException unreadable(TableSource s, SQLException e) {
        String what = s.names().size() == 1 ? s.names().get(0) : s.names().size() + " files";
        String msg = firstLine(e.getMessage())
                .replaceFirst("^(Binder|Invalid Input|Conversion|Parser|IO) Error: ", "");
        return new CeruleanException(ErrorCode.INVALID_PARAMETER, "cannot read " + what + " as "
                + s.format().wireName() + ": " + msg, "path", List.of(), e);
    }
}
