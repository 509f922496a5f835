package dev.cerulean.ml.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.InputColumn;
import dev.cerulean.ml.frame.ColumnKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's input columns and outputs, in MLflow's column-based signature terms.
 *
 * @param inputs  input columns in order
 * @param outputs output columns ({@code prediction}, then {@code probability_<class>} for classifiers)
 */
public record ModelSignature(List<ColumnSpec> inputs, List<ColumnSpec> outputs) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * One column.
     *
     * @param name     column name (may be null for an unnamed MLflow output)
     * @param type     MLflow data type: {@code double}, {@code float}, {@code long}, {@code integer},
     *                 {@code boolean}, {@code string}, {@code datetime}, {@code binary}
     * @param required whether a request must carry it (false for columns the model ignores)
     */
    public record ColumnSpec(String name, String type, boolean required) {
        /** The frame kind that holds this MLflow type. */
        public ColumnKind kind() {
            return switch (type) {
                case "double", "float", "long", "integer" -> ColumnKind.NUMERIC;
                case "boolean" -> ColumnKind.BOOLEAN;
                case "datetime" -> ColumnKind.DATETIME;
                default -> ColumnKind.CATEGORICAL;
            };
        }
    }

    /** The MLflow type for a frame column kind. */
    public static String mlflowType(ColumnKind kind, boolean integral) {
        return switch (kind) {
            case NUMERIC -> integral ? "long" : "double";
            case BOOLEAN -> "boolean";
            case DATETIME -> "datetime";
            default -> "string";
        };
    }

    /** The signature of a featurized model. */
    public static ModelSignature of(List<InputColumn> inputs, boolean regression, boolean numericLabels, List<String> classes) {
        List<ColumnSpec> in = new ArrayList<>();
        for (InputColumn c : inputs) {
            in.add(new ColumnSpec(c.name(), mlflowType(c.kind(), c.integral()), c.used()));
        }
        return new ModelSignature(in, outputs(regression, numericLabels, classes));
    }

    /** The output columns for a task. */
    public static List<ColumnSpec> outputs(boolean regression, boolean numericLabels, List<String> classes) {
        List<ColumnSpec> out = new ArrayList<>();
        out.add(new ColumnSpec(Predictions.PREDICTION, regression ? "double" : numericLabels ? "long" : "string", true));
        if (!regression) {
            for (String c : classes) {
                out.add(new ColumnSpec(Predictions.PROBABILITY_PREFIX + c, "double", true));
            }
        }
        return out;
    }

    /** Input column names, in order. */
    public List<String> inputNames() {
        return inputs.stream().map(ColumnSpec::name).toList();
    }

    /** Frame kinds per input column name (for building a frame from a request). */
    public Map<String, ColumnKind> inputKinds() {
        Map<String, ColumnKind> m = new LinkedHashMap<>();
        inputs.forEach(c -> m.put(c.name(), c.kind()));
        return m;
    }

    /** MLflow's JSON string for the {@code inputs} key of {@code MLmodel}. */
    public String inputsJson() {
        return columnsJson(inputs);
    }

    /** MLflow's JSON string for the {@code outputs} key of {@code MLmodel}. */
    public String outputsJson() {
        return columnsJson(outputs);
    }

    private static String columnsJson(List<ColumnSpec> cols) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ColumnSpec c : cols) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", c.type());
            if (c.name() != null) {
                m.put("name", c.name());
            }
            m.put("required", c.required());
            list.add(m);
        }
        try {
            return JSON.writeValueAsString(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads MLflow's column-based signature strings.
     *
     * @param inputsJson  the {@code inputs} JSON string
     * @param outputsJson the {@code outputs} JSON string, or null
     * @throws InvalidParameterException if it is not a column-based signature (tensor signatures are refused here)
     */
    public static ModelSignature parse(String inputsJson, String outputsJson) {
        return new ModelSignature(parseColumns("signature.inputs", inputsJson), outputsJson == null ? List.of()
                : parseColumns("signature.outputs", outputsJson));
    }

    @SuppressWarnings("unchecked")
    private static List<ColumnSpec> parseColumns(String field, String json) {
        try {
            List<Map<String, Object>> list = JSON.readValue(json, List.class);
            List<ColumnSpec> out = new ArrayList<>();
            for (Map<String, Object> m : list) {
                Object type = m.get("type");
                if (type == null || "tensor".equals(type)) {
                    throw new InvalidParameterException(field + " is a tensor signature; only column-based signatures are supported",
                            field);
                }
                Object req = m.get("required");
                out.add(new ColumnSpec((String) m.get("name"), type.toString().toLowerCase(Locale.ROOT),
                        req == null || Boolean.TRUE.equals(req)));
            }
            return out;
        } catch (IOException | ClassCastException e) {
            throw new InvalidParameterException(field + " is not a valid MLflow signature: " + e.getMessage(), field);
        }
    }
}
