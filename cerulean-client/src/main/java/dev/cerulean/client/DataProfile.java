package dev.cerulean.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Statistics of a tabular data asset version ({@code GET /api/v1/data/{name}/versions/{v}/profile}),
 * as the server's profiler computes them.
 *
 * @param rowCount     rows in the table
 * @param columns      one profile per column, in table order
 * @param correlations Pearson correlations between numeric columns
 */
public record DataProfile(long rowCount, List<ColumnProfile> columns, Correlations correlations) {
    public DataProfile {
        columns = columns == null ? List.of() : List.copyOf(columns);
        correlations = correlations == null ? new Correlations(List.of(), List.of()) : correlations;
    }

    /**
     * Statistics of one column. Fields that do not apply to the column's kind are null.
     *
     * @param name      column name
     * @param type      SQL type
     * @param kind      {@code numeric}, {@code categorical}, {@code boolean}, {@code datetime} or {@code other}
     * @param count     non-missing values
     * @param missing   missing values
     * @param distinct  distinct non-missing values
     * @param min       smallest value: a JSON number for numeric columns, else text
     * @param max       largest value, likewise
     * @param mean      mean (numeric)
     * @param std       sample standard deviation (numeric)
     * @param quantiles p5, p25, p50, p75, p95 (numeric)
     * @param histogram equal-width bins over [min, max] (numeric)
     * @param top       the most frequent values with their counts (categorical, boolean)
     */
    public record ColumnProfile(String name, String type, String kind, long count, long missing, long distinct, JsonNode min,
            JsonNode max, Double mean, Double std, Map<String, Double> quantiles, List<Bin> histogram, List<ValueCount> top) {
        public ColumnProfile {
            quantiles = quantiles == null ? Map.of() : quantiles;
            histogram = histogram == null ? List.of() : List.copyOf(histogram);
        }
    }

    /** A histogram bin: values in [low, high). */
    public record Bin(double low, double high, long count) {
    }

    /** A value and how often it occurs. */
    public record ValueCount(String value, long count) {
    }

    /**
     * A symmetric correlation matrix; an entry is null where a column is constant or lacks pairs.
     *
     * @param columns the numeric columns
     * @param matrix  {@code matrix[i][j]} = corr(columns[i], columns[j])
     */
    public record Correlations(List<String> columns, List<List<Double>> matrix) {
        public Correlations {
            columns = columns == null ? List.of() : columns;
            matrix = matrix == null ? List.of() : matrix;
        }
    }
}
