package dev.cerulean.serving.request;

import java.util.List;
import java.util.Map;

/**
 * A scoring request's data, whatever the protocol: column names and rows of plain Java values
 * ({@code String}, {@code Long}, {@code Double}, {@code Boolean} or null for missing).
 *
 * @param columns column names, in the order of each row's values
 * @param rows    one array per row, each as long as {@code columns}
 * @param params  inference parameters sent with the request ({@code params}), possibly empty
 */
public record ScoringInput(List<String> columns, List<Object[]> rows, Map<String, Object> params) {
    public ScoringInput {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public int rowCount() {
        return rows.size();
    }
}
