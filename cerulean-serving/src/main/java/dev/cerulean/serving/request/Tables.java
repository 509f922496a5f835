package dev.cerulean.serving.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.model.ModelSignature;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table layouts JSON scoring requests use, shared by the protocols: pandas' split orient
 * ({@code columns}, {@code index}, {@code data}), records (one object per row), rows of values in
 * the signature's column order (tensors, TF-serving instances) and columns (name to list of values).
 */
final class Tables {
    private Tables() {
    }

    /** {@code {"columns": [...], "index": [...], "data": [[...], ...]}}; without columns the rows follow the signature. */
    static ScoringInput split(JsonNode node, ModelSignature sig, String field, Map<String, Object> params) {
        JsonValues.requireObject(node, field, field);
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!k.equals("columns") && !k.equals("index") && !k.equals("data")) {
                throw new InvalidParameterException("'" + field + "' has an unknown key '" + k + "'; the split orient has columns, "
                        + "index and data", field + "." + k);
            }
        }
        if (!node.has("data")) {
            throw new InvalidParameterException("'" + field + ".data' is required: the rows, as a list of lists", field + ".data");
        }
        List<JsonNode> data = JsonValues.array(node.get("data"), field + ".data", field + ".data");
        JsonNode columnsNode = node.get("columns");
        if (columnsNode == null || columnsNode.isNull()) {
            return rows(data, sig, field + ".data", params);
        }
        JsonValues.requireArray(columnsNode, field + ".columns", field + ".columns");
        List<String> columns = new ArrayList<>(columnsNode.size());
        // a few dozen names are checked for repeats faster by comparing them than by hashing them
        Set<String> seen = columnsNode.size() > 32 ? new HashSet<>(2 * columnsNode.size()) : null;
        for (JsonNode c : columnsNode) {
            if (!c.isTextual()) {
                throw new InvalidParameterException("'" + field + ".columns' must hold column names (strings), got " + JsonValues.kind(c),
                        field + ".columns");
            }
            if (seen == null ? columns.contains(c.asText()) : !seen.add(c.asText())) {
                throw new InvalidParameterException("column '" + c.asText() + "' appears twice in '" + field + ".columns'", c.asText());
            }
            columns.add(c.asText());
        }
        JsonNode index = node.get("index");
        if (index != null && !index.isNull()) {
            if (JsonValues.requireArray(index, field + ".index", field + ".index").size() != data.size()) {
                throw new InvalidParameterException("'" + field + ".index' has " + index.size() + " entries but there are " + data.size()
                        + " rows", field + ".index");
            }
        }
        return new ScoringInput(columns, cells(data, columns, field + ".data"), params);
    }

    /** Rows given as lists of values in the order of {@code columns}. */
    private static List<Object[]> cells(List<JsonNode> data, List<String> columns, String field) {
        List<Object[]> rows = new ArrayList<>(data.size());
        for (int r = 0; r < data.size(); r++) {
            JsonNode row = data.get(r);
            if (!row.isArray()) {
                throw new InvalidParameterException("'" + field + "' row " + r + " must be a list of values, got " + JsonValues.kind(row),
                        field);
            }
            if (row.size() != columns.size()) {
                throw new InvalidParameterException("'" + field + "' row " + r + " has " + row.size() + " values but there are "
                        + columns.size() + " columns", field);
            }
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = JsonValues.cell(row.get(c), columns.get(c), r);
            }
            rows.add(values);
        }
        return rows;
    }

    /** Rows of values in the model signature's column order (a tensor, TF-serving instances). */
    static ScoringInput rows(List<JsonNode> data, ModelSignature sig, String field, Map<String, Object> params) {
        List<String> columns = sig.inputNames();
        for (int r = 0; r < data.size(); r++) {
            JsonNode row = data.get(r);
            if (row.isArray() && row.size() != columns.size()) {
                throw new InvalidParameterException("'" + field + "' row " + r + " has " + row.size() + " values but the model takes "
                        + columns.size() + " columns, in this order: " + String.join(", ", columns), field);
            }
        }
        return new ScoringInput(columns, cells(data, columns, field), params);
    }

    /** One object per row; columns are the union of their keys in first-seen order, absent keys missing. */
    static ScoringInput records(List<JsonNode> data, String field, Map<String, Object> params) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (int r = 0; r < data.size(); r++) {
            JsonNode rec = data.get(r);
            if (!rec.isObject()) {
                throw new InvalidParameterException("'" + field + "' row " + r + " must be an object of column values, got "
                        + JsonValues.kind(rec), field);
            }
            rec.fieldNames().forEachRemaining(names::add);
        }
        List<String> columns = new ArrayList<>(names);
        List<Object[]> rows = new ArrayList<>(data.size());
        for (int r = 0; r < data.size(); r++) {
            JsonNode rec = data.get(r);
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = JsonValues.cell(rec.get(columns.get(c)), columns.get(c), r);
            }
            rows.add(values);
        }
        return new ScoringInput(columns, rows, params);
    }

    /** {@code {"col": [v0, v1, ...], ...}}: every column a list of the same length. */
    static ScoringInput columns(Map<String, JsonNode> data, String field, Map<String, Object> params) {
        List<String> columns = new ArrayList<>(data.keySet());
        int n = -1;
        String first = null;
        for (Map.Entry<String, JsonNode> e : data.entrySet()) {
            if (!e.getValue().isArray()) {
                throw new InvalidParameterException("'" + field + "." + e.getKey() + "' must be a list of values (one per row), got "
                        + JsonValues.kind(e.getValue()), e.getKey());
            }
            int size = e.getValue().size();
            if (n >= 0 && size != n) {
                throw new InvalidParameterException("column '" + e.getKey() + "' has " + size + " values but column '" + first + "' has "
                        + n, e.getKey());
            }
            n = size;
            first = first == null ? e.getKey() : first;
        }
        List<Object[]> rows = new ArrayList<>(Math.max(n, 0));
        for (int r = 0; r < n; r++) {
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = JsonValues.cell(data.get(columns.get(c)).get(r), columns.get(c), r);
            }
            rows.add(values);
        }
        return new ScoringInput(columns, rows, params);
    }
}
