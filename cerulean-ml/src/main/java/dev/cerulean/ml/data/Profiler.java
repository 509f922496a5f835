package dev.cerulean.ml.data;

import dev.cerulean.core.data.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Computes a {@link TableProfile} with DuckDB: the table is read once into a temporary table, then
 * one aggregate query covers counts, extremes, moments and quantiles of every column, one query
 * per numeric column bins its histogram, one per categorical column finds its top values, and one
 * query computes every pairwise correlation.
 */
public final class Profiler {
    public static final int HISTOGRAM_BINS = 20;
    public static final int TOP_VALUES = 10;
    private static final double[] QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};
    private static final String[] QUANTILE_NAMES = {"p5", "p25", "p50", "p75", "p95"};
    private static final Set<String> NUMERIC = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT",
            "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "REAL");

    private Profiler() {
    }

    /** The kind of a column of this SQL type: numeric, categorical, boolean, datetime or other. */
    public static String kindOf(String sqlType) {
        String t = sqlType.toUpperCase(Locale.ROOT);
        if (NUMERIC.contains(t) || t.startsWith("DECIMAL")) {
            return "numeric";
        }
        if (t.equals("BOOLEAN")) {
            return "boolean";
        }
        if (t.equals("VARCHAR") || t.startsWith("ENUM")) {
            return "categorical";
        }
        if (t.startsWith("DATE") || t.startsWith("TIMESTAMP") || t.startsWith("TIME")) {
            return "datetime";
        }
        return "other";
    }

    /**
     * Profiles a table.
     *
     * @throws dev.cerulean.core.CeruleanException (INVALID_PARAMETER) when the data cannot be read
     */
    public static TableProfile profile(TableSource source) {
        try (Connection c = DuckTables.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE t AS " + DuckTables.selectSql(source));
            List<Column> columns = new ArrayList<>();
            try (ResultSet r = st.executeQuery("DESCRIBE t")) {
                while (r.next()) {
                    columns.add(new Column(r.getString("column_name"), r.getString("column_type")));
                }
            }
            long rows;
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM t")) {
                r.next();
                rows = r.getLong(1);
            }
            List<TableProfile.ColumnProfile> profiles = columns.isEmpty() ? List.of() : columnProfiles(st, columns, rows);
            return new TableProfile(rows, profiles, correlations(st, profiles));
        } catch (SQLException e) {
            throw DuckTables.unreadable(source, e);
        }
    }

    private static List<TableProfile.ColumnProfile> columnProfiles(Statement st, List<Column> columns, long rows) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            Column col = columns.get(i);
            String q = DuckTables.ident(col.name());
            String kind = kindOf(col.type());
            if (i > 0) {
                sql.append(", ");
            }
            sql.append("count(").append(q).append("), count(DISTINCT ").append(q).append(")");
            if (kind.equals("numeric")) {
                String d = "CAST(" + q + " AS DOUBLE)";
                sql.append(", min(").append(d).append("), max(").append(d).append("), avg(").append(d)
                        .append("), stddev_samp(").append(d).append("), quantile_cont(").append(d).append(", ")
                        .append(Arrays.toString(QUANTILES)).append(")");
            } else if (kind.equals("datetime") || kind.equals("categorical")) {
                sql.append(", CAST(min(").append(q).append(") AS VARCHAR), CAST(max(").append(q).append(") AS VARCHAR), NULL, NULL, NULL");
            } else {
                sql.append(", NULL, NULL, NULL, NULL, NULL");
            }
        }
        sql.append(" FROM t");
        int n = columns.size();
        long[] counts = new long[n];
        long[] distincts = new long[n];
        Object[] mins = new Object[n];
        Object[] maxs = new Object[n];
        Double[] means = new Double[n];
        Double[] stds = new Double[n];
        List<Map<String, Double>> quantiles = new ArrayList<>();
        try (ResultSet r = st.executeQuery(sql.toString())) {
            r.next();
            for (int i = 0; i < n; i++) {
                int base = i * 7 + 1;
                counts[i] = r.getLong(base);
                distincts[i] = r.getLong(base + 1);
                mins[i] = r.getObject(base + 2);
                maxs[i] = r.getObject(base + 3);
                means[i] = finite((Double) r.getObject(base + 4));
                stds[i] = finite((Double) r.getObject(base + 5));
                quantiles.add(kindOf(columns.get(i).type()).equals("numeric") ? quantiles(r.getArray(base + 6)) : null);
            }
        }
        List<TableProfile.ColumnProfile> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Column col = columns.get(i);
            String kind = kindOf(col.type());
            List<TableProfile.Bin> histogram = null;
            List<TableProfile.ValueCount> top = null;
            if (kind.equals("numeric") && counts[i] > 0 && mins[i] != null) {
                histogram = histogram(st, col.name(), (Double) mins[i], (Double) maxs[i]);
            } else if (kind.equals("categorical") || kind.equals("boolean")) {
                top = top(st, col.name());
            }
            out.add(new TableProfile.ColumnProfile(col.name(), col.type(), kind, counts[i], rows - counts[i], distincts[i],
                    mins[i], maxs[i], means[i], stds[i], quantiles.get(i), histogram, top));
        }
        return out;
    }

    private static Double finite(Double d) {
        return d == null || d.isNaN() || d.isInfinite() ? null : d;
    }

    private static Map<String, Double> quantiles(java.sql.Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        Map<String, Double> m = new LinkedHashMap<>();
        for (int q = 0; q < QUANTILE_NAMES.length && q < values.length; q++) {
            m.put(QUANTILE_NAMES[q], values[q] == null ? null : ((Number) values[q]).doubleValue());
        }
        return m;
    }

    private static List<TableProfile.Bin> histogram(Statement st, String column, double min, double max) throws SQLException {
        String d = "CAST(" + DuckTables.ident(column) + " AS DOUBLE)";
        if (min == max) {
            try (ResultSet r = st.executeQuery("SELECT count(" + d + ") FROM t")) {
                r.next();
                return List.of(new TableProfile.Bin(min, max, r.getLong(1)));
            }
        }
        double width = (max - min) / HISTOGRAM_BINS;
        long[] counts = new long[HISTOGRAM_BINS];
        String bin = "least(CAST(floor((" + d + " - " + min + ") / " + width + ") AS INTEGER), " + (HISTOGRAM_BINS - 1) + ")";
        try (ResultSet r = st.executeQuery("SELECT " + bin + " AS b, count(*) FROM t WHERE " + d + " IS NOT NULL AND NOT isnan("
                + d + ") GROUP BY b")) {
            while (r.next()) {
                int b = Math.max(0, r.getInt(1));
                counts[b] += r.getLong(2);
            }
        }
        List<TableProfile.Bin> bins = new ArrayList<>(HISTOGRAM_BINS);
        for (int b = 0; b < HISTOGRAM_BINS; b++) {
            double lo = min + b * width;
            double hi = b == HISTOGRAM_BINS - 1 ? max : min + (b + 1) * width;
            bins.add(new TableProfile.Bin(lo, hi, counts[b]));
        }
        return bins;
    }

    private static List<TableProfile.ValueCount> top(Statement st, String column) throws SQLException {
        String q = DuckTables.ident(column);
        List<TableProfile.ValueCount> top = new ArrayList<>();
        try (ResultSet r = st.executeQuery("SELECT CAST(" + q + " AS VARCHAR) AS v, count(*) AS n FROM t WHERE " + q
                + " IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT " + TOP_VALUES)) {
            while (r.next()) {
                top.add(new TableProfile.ValueCount(r.getString(1), r.getLong(2)));
            }
        }
        return top;
    }

    private static TableProfile.Correlations correlations(Statement st, List<TableProfile.ColumnProfile> profiles) throws SQLException {
        List<String> numeric = profiles.stream().filter(p -> p.kind().equals("numeric") && p.count() > 1)
                .map(TableProfile.ColumnProfile::name).toList();
        int n = numeric.size();
        Double[][] m = new Double[n][n];
        if (n > 1) {
            StringBuilder sql = new StringBuilder("SELECT ");
            boolean first = true;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    sql.append(first ? "" : ", ").append("corr(CAST(").append(DuckTables.ident(numeric.get(i)))
                            .append(" AS DOUBLE), CAST(").append(DuckTables.ident(numeric.get(j))).append(" AS DOUBLE))");
                    first = false;
                }
            }
            try (ResultSet r = st.executeQuery(sql.append(" FROM t").toString())) {
                r.next();
                int k = 1;
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        Object v = r.getObject(k++);
                        Double c = v == null ? null : finite(((Number) v).doubleValue());
                        m[i][j] = c;
                        m[j][i] = c;
                    }
                }
            }
        }
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            m[i][i] = 1.0;
            rows.add(Arrays.asList(m[i]));
        }
        return new TableProfile.Correlations(numeric, rows);
    }
}
