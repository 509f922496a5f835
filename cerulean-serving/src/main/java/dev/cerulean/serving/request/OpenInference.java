package dev.cerulean.serving.request;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.serving.ServedModel;
import dev.cerulean.serving.ServingLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Open Inference Protocol (KServe v2) {@code infer} call. Inputs are either one 2-D tensor of
 * rows, {@code [n, columns]} in the signature's column order, or one 1-D tensor ({@code [n]} or
 * {@code [n, 1]}) per signature column, named after it. Data may be flat (row-major) or nested.
 * Datatypes must fit the columns: numbers take INT*, UINT* or FP*, booleans BOOL, strings and
 * timestamps BYTES (a 2-D tensor of mixed columns is BYTES, or numeric when every value is a number).
 * Outputs: {@code predict} ({@code [n]}: BYTES labels, INT64 numeric labels, FP64 regression values)
 * and, for classifiers, {@code predict_proba} ({@code [n, classes]}, FP64, classes in the order its
 * {@code classes} parameter gives as a JSON list).
 */
public final class OpenInference implements ScoringProtocol<OpenInference.Request> {
    public static final OpenInference INSTANCE = new OpenInference();
    public static final String PREDICT = "predict";
    public static final String PREDICT_PROBA = "predict_proba";
    private static final Set<String> TYPES = Set.of("BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64",
            "FP16", "FP32", "FP64", "BYTES");

    /** One input tensor, its data flattened row-major. */
    public record Tensor(String name, long[] shape, String datatype, List<JsonNode> data) {
    }

    /** A parsed infer request. */
    public record Request(String id, List<Tensor> inputs, List<String> outputs, Map<String, Object> parameters) {
    }

    private OpenInference() {
    }

    @Override
    public Request parse(String contentType, byte[] body) {
        Json.requireJson(contentType);
        JsonNode root = Json.parse(body);
        Map<String, JsonNode> o = JsonValues.object(root, "request body", "body");
        for (String k : o.keySet()) {
            if (!Set.of("id", "parameters", "inputs", "outputs").contains(k)) {
                throw new InvalidParameterException("unknown key '" + k + "' in the infer request; it holds id, parameters, inputs and "
                        + "outputs", k);
            }
        }
        String id = null;
        if (o.containsKey("id") && !o.get("id").isNull()) {
            if (!o.get("id").isTextual()) {
                throw new InvalidParameterException("'id' must be a string", "id");
            }
            id = o.get("id").asText();
        }
        if (!o.containsKey("inputs")) {
            throw new InvalidParameterException("'inputs' is required: a list of tensors {name, shape, datatype, data}", "inputs");
        }
        List<JsonNode> ins = JsonValues.array(o.get("inputs"), "inputs", "inputs");
        if (ins.isEmpty()) {
            throw new InvalidParameterException("'inputs' is empty", "inputs");
        }
        List<Tensor> tensors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ins.size(); i++) {
            Tensor t = tensor(ins.get(i), "inputs[" + i + "]");
            if (!names.add(t.name())) {
                throw new InvalidParameterException("input '" + t.name() + "' appears twice", t.name());
            }
            tensors.add(t);
        }
        List<String> outputs = new ArrayList<>();
        if (o.containsKey("outputs") && !o.get("outputs").isNull()) {
            for (JsonNode out : JsonValues.array(o.get("outputs"), "outputs", "outputs")) {
                JsonNode n = out.path("name");
                if (!n.isTextual()) {
                    throw new InvalidParameterException("each requested output needs a 'name'", "outputs");
                }
                if (!n.asText().equals(PREDICT) && !n.asText().equals(PREDICT_PROBA)) {
                    throw new InvalidParameterException("unknown output '" + n.asText() + "': the outputs are " + PREDICT + " and "
                            + PREDICT_PROBA, "outputs");
                }
                outputs.add(n.asText());
            }
        }
        Map<String, Object> params = o.containsKey("parameters") ? paramsOf(o.get("parameters")) : Map.of();
        return new Request(id, tensors, outputs, params);
    }

    private static Map<String, Object> paramsOf(JsonNode n) {
        if (n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw new InvalidParameterException("'parameters' must be an object", "parameters");
        }
        return JsonValues.params(n);
    }

    private static Tensor tensor(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new InvalidParameterException("'" + where + "' must be a tensor object {name, shape, datatype, data}", where);
        }
        JsonNode name = n.path("name");
        if (!name.isTextual() || name.asText().isEmpty()) {
            throw new InvalidParameterException("'" + where + ".name' is required", where + ".name");
        }
        String nm = name.asText();
        JsonNode dt = n.path("datatype");
        if (!dt.isTextual() || !TYPES.contains(dt.asText())) {
            throw new InvalidParameterException("input '" + nm + "': datatype " + (dt.isMissingNode() ? "is missing" : "'" + dt.asText()
                    + "' is not an OIP datatype") + "; use BOOL, INT8..INT64, UINT8..UINT64, FP16, FP32, FP64 or BYTES", nm);
        }
        List<JsonNode> shapeNodes = JsonValues.array(n.get("shape"), "input '" + nm + "' shape", nm);
        long[] shape = new long[shapeNodes.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode s = shapeNodes.get(i);
            if (!s.canConvertToLong() || !s.isIntegralNumber() || s.asLong() < 0) {
                throw new InvalidParameterException("input '" + nm + "': shape must list non-negative integers", nm);
            }
            shape[i] = s.asLong();
            try {
                size = Math.multiplyExact(size, shape[i]);
            } catch (ArithmeticException e) {
                throw new InvalidParameterException("input '" + nm + "': shape " + shapeText(shape) + " is too large", nm);
            }
        }
        if (!n.has("data")) {
            throw new InvalidParameterException("input '" + nm + "': 'data' is required", nm);
        }
        List<JsonNode> flat = new ArrayList<>();
        flatten(n.get("data"), flat, nm);
        if (flat.size() != size) {
            throw new InvalidParameterException("input '" + nm + "' has " + flat.size() + " values but its shape " + shapeText(shape)
                    + " needs " + size, nm);
        }
        for (int i = 0; i < flat.size(); i++) {
            checkValue(flat.get(i), dt.asText(), nm, i);
        }
        return new Tensor(nm, shape, dt.asText(), flat);
    }

    private static void flatten(JsonNode n, List<JsonNode> out, String name) {
        if (n.isArray()) {
            for (JsonNode x : n) {
                flatten(x, out, name);
            }
        } else if (n.isObject()) {
            throw new InvalidParameterException("input '" + name + "': data holds an object; it must be values or nested lists", name);
        } else {
            out.add(n);
        }
    }

    private static void checkValue(JsonNode v, String datatype, String name, int i) {
        if (v.isNull()) {
            return;
        }
        boolean ok = switch (datatype) {
            case "BOOL" -> v.isBoolean();
            case "BYTES" -> v.isTextual();
            case "FP16", "FP32", "FP64" -> v.isNumber();
            default -> v.isIntegralNumber() && (!datatype.startsWith("U") || v.asLong() >= 0);
        };
        if (!ok) {
            throw new InvalidParameterException("input '" + name + "' element " + i + ": " + JsonValues.kind(v) + " ('" + v.asText()
                    + "') is not a " + datatype + " value", name);
        }
    }

    private static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** The datatype a signature column travels as. */
    public static String datatype(ModelSignature.ColumnSpec c) {
        return switch (c.type()) {
            case "double" -> "FP64";
            case "float" -> "FP32";
            case "long" -> "INT64";
            case "integer" -> "INT32";
            case "boolean" -> "BOOL";
            default -> "BYTES";
        };
    }

    private static boolean fits(String datatype, ModelSignature.ColumnSpec c) {
        ColumnKind k = c.kind();
        if (k == ColumnKind.NUMERIC) {
            return datatype.startsWith("INT") || datatype.startsWith("UINT") || datatype.startsWith("FP");
        }
        if (k == ColumnKind.BOOLEAN) {
            return datatype.equals("BOOL");
        }
        return datatype.equals("BYTES");
    }

    static ScoringInput input(Request r, ModelSignature sig) {
        Map<String, ModelSignature.ColumnSpec> cols = new LinkedHashMap<>();
        sig.inputs().forEach(c -> cols.put(c.name(), c));
        Tensor first = r.inputs().get(0);
        boolean oneTensorOfRows = r.inputs().size() == 1 && first.shape().length == 2
                && !(cols.containsKey(first.name()) && first.shape()[1] == 1);
        if (oneTensorOfRows) {
            return rowsTensor(first, sig, r.parameters());
        }
        List<String> names = new ArrayList<>();
        long n = -1;
        for (Tensor t : r.inputs()) {
            ModelSignature.ColumnSpec c = cols.get(t.name());
            if (c == null) {
                throw new InvalidParameterException("unexpected input '" + t.name() + "': send one tensor per model column ("
                        + String.join(", ", cols.keySet()) + "), or one 2-D tensor of rows [n, " + cols.size() + "]", t.name());
            }
            if (!(t.shape().length == 1 || t.shape().length == 2 && t.shape()[1] == 1)) {
                throw new InvalidParameterException("input '" + t.name() + "' has shape " + shapeText(t.shape()) + "; a column is [n] or [n, 1]",
                        t.name());
            }
            if (!fits(t.datatype(), c)) {
                throw new InvalidParameterException("input '" + t.name() + "' has datatype " + t.datatype() + " but column '" + c.name()
                        + "' is " + c.type() + ": send " + datatype(c), t.name());
            }
            if (n >= 0 && t.shape()[0] != n) {
                throw new InvalidParameterException("input '" + t.name() + "' has " + t.shape()[0] + " rows but input '" + names.get(0)
                        + "' has " + n, t.name());
            }
            n = t.shape()[0];
            names.add(t.name());
        }
        List<Object[]> rows = new ArrayList<>((int) Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[names.size()];
            for (int j = 0; j < row.length; j++) {
                row[j] = JsonValues.cell(r.inputs().get(j).data().get(i), names.get(j), i);
            }
            rows.add(row);
        }
        return new ScoringInput(names, rows, r.parameters());
    }

    private static ScoringInput rowsTensor(Tensor t, ModelSignature sig, Map<String, Object> params) {
        List<String> names = sig.inputNames();
        long n = t.shape()[0];
        long d = t.shape()[1];
        if (d != names.size()) {
            throw new InvalidParameterException("input '" + t.name() + "' has shape " + shapeText(t.shape()) + " but the model takes "
                    + names.size() + " columns: send [n, " + names.size() + "] with the columns in this order: " + String.join(", ", names),
                    t.name());
        }
        if (t.datatype().equals("BOOL") && sig.inputs().stream().anyMatch(c -> c.kind() != ColumnKind.BOOLEAN)) {
            throw new InvalidParameterException("input '" + t.name() + "' is BOOL but not every column is boolean: send BYTES or a "
                    + "numeric datatype", t.name());
        }
        if (!t.datatype().equals("BYTES")) {
            for (ModelSignature.ColumnSpec c : sig.inputs()) {
                if (c.kind() == ColumnKind.DATETIME) {
                    throw new InvalidParameterException("input '" + t.name() + "' is " + t.datatype() + " but column '" + c.name()
                            + "' holds timestamps: send BYTES (ISO-8601 text)", t.name());
                }
            }
        }
        List<Object[]> rows = new ArrayList<>((int) n);
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[names.size()];
            for (int j = 0; j < row.length; j++) {
                row[j] = JsonValues.cell(t.data().get((int) (i * d + j)), names.get(j), i);
            }
            rows.add(row);
        }
        return new ScoringInput(names, rows, params);
    }

    @Override
    public ScoringOutput score(Request r, ServedModel served, ServingLimits limits) {
        ModelSignature sig = served.model().signature();
        ScoringInput input = input(r, sig);
        Frame frame = InputBinder.bind(input, sig, limits);
        Predictions p = served.model().predict(frame);
        boolean wantPredict = r.outputs().isEmpty() || r.outputs().contains(PREDICT);
        boolean wantProba = p.task().isClassification() && (r.outputs().isEmpty() || r.outputs().contains(PREDICT_PROBA));
        if (!p.task().isClassification() && r.outputs().contains(PREDICT_PROBA)) {
            throw new InvalidParameterException("output '" + PREDICT_PROBA + "' needs a classifier; this model is a regressor", "outputs");
        }
        boolean integerLabels = integerLabels(sig, p);
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("model_name", served.endpoint());
            g.writeStringField("model_version", served.deployment());
            if (r.id() != null) {
                g.writeStringField("id", r.id());
            }
            g.writeArrayFieldStart("outputs");
            if (wantPredict) {
                writePredict(g, p, integerLabels);
            }
            if (wantProba) {
                writeProba(g, p);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        return new ScoringOutput(body, ScoringOutput.JSON, input, p);
    }

    /** Labels are sent as INT64 when the signature says the prediction is an integer and every class label is one. */
    private static boolean integerLabels(ModelSignature sig, Predictions p) {
        if (!p.task().isClassification()) {
            return false;
        }
        String t = sig.outputs().isEmpty() ? "string" : sig.outputs().get(0).type();
        if (!t.equals("long") && !t.equals("integer")) {
            return false;
        }
        for (String c : p.classes()) {
            try {
                Long.parseLong(c);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static void writePredict(JsonGenerator g, Predictions p, boolean integerLabels) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", PREDICT);
        g.writeArrayFieldStart("shape");
        g.writeNumber(p.size());
        g.writeEndArray();
        boolean cls = p.task().isClassification();
        g.writeStringField("datatype", !cls ? "FP64" : integerLabels ? "INT64" : "BYTES");
        g.writeArrayFieldStart("data");
        for (int i = 0; i < p.size(); i++) {
            if (!cls) {
                g.writeNumber(p.value(i));
            } else if (integerLabels) {
                g.writeNumber(Long.parseLong(p.label(i)));
            } else {
                g.writeString(p.label(i));
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeProba(JsonGenerator g, Predictions p) throws IOException {
        int k = p.classes().size();
        g.writeStartObject();
        g.writeStringField("name", PREDICT_PROBA);
        g.writeArrayFieldStart("shape");
        g.writeNumber(p.size());
        g.writeNumber(k);
        g.writeEndArray();
        g.writeStringField("datatype", "FP64");
        g.writeObjectFieldStart("parameters");
        g.writeStringField("classes", classesJson(p.classes()));
        g.writeEndObject();
        g.writeArrayFieldStart("data");
        double[] raw = p.raw();
        for (int i = 0; i < p.size() * k; i++) {
            g.writeNumber(raw[i]);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Class lists written so far: a model answers with the same classes every time. */
    private static final ConcurrentHashMap<List<String>, String> CLASSES_JSON = new ConcurrentHashMap<>();

    /** Class labels as a JSON list in a string: OIP parameter values are strings, numbers or booleans. */
    static String classesJson(List<String> classes) {
        String json = CLASSES_JSON.get(classes);
        if (json == null) {
            if (CLASSES_JSON.size() >= 256) {
                CLASSES_JSON.clear();
            }
            json = CLASSES_JSON.computeIfAbsent(List.copyOf(classes), OpenInference::writeClasses);
        }
        return json;
    }

    private static String writeClasses(List<String> classes) {
        return new String(Json.write(g -> {
            g.writeStartArray();
            for (String c : classes) {
                g.writeString(c);
            }
            g.writeEndArray();
        }), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The model metadata answer ({@code GET /v2/models/<name>}).
     *
     * @param name     the endpoint name
     * @param versions the endpoint's deployments
     * @param model    the model the endpoint routes to by default
     */
    public static byte[] metadata(String name, List<String> versions, ServedModel model) {
        ModelSignature sig = model.model().signature();
        List<String> classes = model.model().classes();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeArrayFieldStart("versions");
            for (String v : versions) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeStringField("platform", "mlflow");
            g.writeArrayFieldStart("inputs");
            for (ModelSignature.ColumnSpec c : sig.inputs()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("datatype", datatype(c));
                g.writeArrayFieldStart("shape");
                g.writeNumber(-1);
                g.writeEndArray();
                if (!c.required()) {
                    g.writeObjectFieldStart("parameters");
                    g.writeBooleanField("required", false);
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outputs");
            g.writeStartObject();
            g.writeStringField("name", PREDICT);
            boolean cls = !classes.isEmpty();
            String predictType = !cls ? "FP64" : sig.outputs().isEmpty() ? "BYTES"
                    : List.of("long", "integer").contains(sig.outputs().get(0).type()) ? "INT64" : "BYTES";
            g.writeStringField("datatype", predictType);
            g.writeArrayFieldStart("shape");
            g.writeNumber(-1);
            g.writeEndArray();
            g.writeEndObject();
            if (cls) {
                g.writeStartObject();
                g.writeStringField("name", PREDICT_PROBA);
                g.writeStringField("datatype", "FP64");
                g.writeArrayFieldStart("shape");
                g.writeNumber(-1);
                g.writeNumber(classes.size());
                g.writeEndArray();
                g.writeObjectFieldStart("parameters");
                g.writeStringField("classes", classesJson(classes));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
