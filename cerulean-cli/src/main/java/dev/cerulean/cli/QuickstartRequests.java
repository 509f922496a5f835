package dev.cerulean.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same few rows of a CSV file as a scoring request in each protocol an online endpoint speaks,
 * typed by the model's signature, and the predictions read back from each protocol's answer.
 */
final class QuickstartRequests {
    private static final ObjectMapper JSON = ApiJson.create();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** How far into the file to look for rows of each target value. */
    private static final int SCAN_ROWS = 1000;

    private final List<String[]> columns;
    private final List<List<JsonNode>> rows;
    private final List<String> actual;

    private QuickstartRequests(List<String[]> columns, List<List<JsonNode>> rows, List<String> actual) {
        this.columns = columns;
        this.rows = rows;
        this.actual = actual;
    }

    /**
     * Reads {@code count} complete rows (no empty field) of a CSV file with a header, taking them in
     * turn from each value of the target column among the first rows, so that the predictions differ.
     *
     * @param target    the column the model predicts (its values are kept as {@link #actual()}), or null
     * @param signature the model's inputs as {@code {name, mlflow type}}, in signature order
     * @throws CeruleanException when a signature column is not in the file, or the file has no complete row
     */
    static QuickstartRequests from(Path csv, String target, int count, List<String[]> signature) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new CeruleanException(ErrorCode.INVALID_PARAMETER, csv + " is empty");
            }
            List<String> names = split(header);
            int[] index = new int[signature.size()];
            for (int c = 0; c < signature.size(); c++) {
                index[c] = names.indexOf(signature.get(c)[0]);
                if (index[c] < 0) {
                    throw new CeruleanException(ErrorCode.INVALID_PARAMETER, "the model takes a column '" + signature.get(c)[0] + "' that "
                            + csv.getFileName() + " does not have");
                }
            }
            int targetIndex = target == null ? -1 : names.indexOf(target);
            Map<String, List<List<String>>> byLabel = new LinkedHashMap<>();
            int read = 0;
            for (String line = r.readLine(); line != null && read < SCAN_ROWS; line = r.readLine(), read++) {
                List<String> cells = split(line);
                if (cells.size() == names.size() && cells.stream().noneMatch(String::isEmpty)) {
                    byLabel.computeIfAbsent(targetIndex < 0 ? "" : cells.get(targetIndex), k -> new ArrayList<>()).add(cells);
                }
            }
            List<List<JsonNode>> rows = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            while (rows.size() < count && byLabel.values().stream().anyMatch(l -> !l.isEmpty())) {
                for (List<List<String>> group : byLabel.values()) {
                    if (!group.isEmpty() && rows.size() < count) {
                        List<String> cells = group.remove(0);
                        List<JsonNode> row = new ArrayList<>();
                        for (int c = 0; c < signature.size(); c++) {
                            row.add(value(cells.get(index[c]), signature.get(c)[1]));
                        }
                        rows.add(row);
                        actual.add(targetIndex < 0 ? "" : cells.get(targetIndex));
                    }
                }
            }
            if (rows.isEmpty()) {
                throw new CeruleanException(ErrorCode.INVALID_PARAMETER, csv + " has no row without missing values to score");
            }
            return new QuickstartRequests(signature, rows, actual);
        }
    }

    /** The target's values of the rows, in order (empty strings when the file has no target column). */
    List<String> actual() {
        return actual;
    }

    int rows() {
        return rows.size();
    }

    /** Azure ML's {@code /score} body: {@code {"input_data": {"columns", "index", "data"}}}. */
    byte[] azureMl() {
        ObjectNode body = NODES.objectNode();
        ObjectNode in = body.putObject("input_data");
        split(in);
        ArrayNode index = NODES.arrayNode();
        for (int i = 0; i < rows.size(); i++) {
            index.add(i);
        }
        in.set("index", index);
        return bytes(body);
    }

    /** MLflow's {@code /invocations} body: {@code {"dataframe_split": {"columns", "data"}}}. */
    byte[] mlflow() {
        ObjectNode body = NODES.objectNode();
        split(body.putObject("dataframe_split"));
        return bytes(body);
    }

    /** An Open Inference Protocol v2 {@code infer} body: one {@code [n]} tensor per column. */
    byte[] openInference() {
        ObjectNode body = NODES.objectNode().put("id", "cerulean-quickstart");
        ArrayNode inputs = body.putArray("inputs");
        for (int c = 0; c < columns.size(); c++) {
            ObjectNode t = inputs.addObject().put("name", columns.get(c)[0]).put("datatype", datatype(columns.get(c)[1]));
            t.putArray("shape").add(rows.size());
            ArrayNode data = t.putArray("data");
            for (List<JsonNode> row : rows) {
                data.add(row.get(c));
            }
        }
        return bytes(body);
    }

    /**
     * The predicted values in any of the three answers: Azure ML's list of records, MLflow's
     * {@code {"predictions": [...]}} or the Open Inference Protocol's {@code predict} output.
     *
     * @throws CeruleanException when the answer does not hold exactly {@code expected} predictions
     */
    static List<String> predictions(String protocol, JsonNode answer, int expected) {
        JsonNode list = answer.isArray() ? answer : answer.has("predictions") ? answer.get("predictions") : null;
        if (list == null) {
            for (JsonNode o : answer.path("outputs")) {
                if (o.path("name").asText().equals("predict")) {
                    list = o.path("data");
                }
            }
        }
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (JsonNode p : list) {
                out.add(p.isObject() ? p.path("prediction").asText() : p.asText());
            }
        }
        if (out.size() != expected) {
            throw new CeruleanException(ErrorCode.INTERNAL, protocol + " answered " + out.size() + " predictions for " + expected + " rows: "
                    + answer);
        }
        return out;
    }

    private void split(ObjectNode target) {
        ArrayNode cols = target.putArray("columns");
        columns.forEach(c -> cols.add(c[0]));
        ArrayNode data = target.putArray("data");
        for (List<JsonNode> row : rows) {
            ArrayNode r = data.addArray();
            row.forEach(r::add);
        }
    }

    private static JsonNode value(String text, String type) {
        try {
            switch (type) {
                case "long":
                case "integer":
                    return NODES.numberNode(Long.parseLong(text.strip()));
                case "double":
                case "float":
                    return NODES.numberNode(Double.parseDouble(text.strip()));
                case "boolean":
                    return NODES.booleanNode(Boolean.parseBoolean(text.strip()));
                default:
                    return NODES.textNode(text);
            }
        } catch (NumberFormatException e) {
            throw new CeruleanException(ErrorCode.INVALID_PARAMETER, "'" + text + "' is not a " + type + " as the model's signature says");
        }
    }

    private static String datatype(String mlflowType) {
        switch (mlflowType) {
            case "long":
                return "INT64";
            case "integer":
                return "INT32";
            case "double":
                return "FP64";
            case "float":
                return "FP32";
            case "boolean":
                return "BOOL";
            default:
                return "BYTES";
        }
    }

    /** One CSV line into fields; a field may be double-quoted, with {@code ""} for a quote inside. */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    f.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        out.add(f.toString());
        return out;
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a scoring request", e);
        }
    }
}
