package dev.cerulean.serving.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.serving.ServedModel;
import dev.cerulean.serving.ServingLimits;
import java.util.List;
import java.util.Map;

/**
 * Azure ML's {@code /score} for MLflow models: the body wraps the rows in {@code input_data} as
 * pandas' split orient ({@code {"columns", "index", "data"}}), a tensor of rows in signature order
 * ({@code [[...], ...]}), records ({@code [{"col": v}, ...]}) or named columns
 * ({@code {"col": [...]}}); Azure's older samples' {@code {"data": [[...]]}} is read as a tensor.
 * An optional {@code params} object is accepted. The answer is a list of records:
 * {@code [{"prediction": .., "probability_<class>": ..}, ...]}.
 */
public final class AzureScoring implements ScoringProtocol<AzureScoring.Request> {
    public static final AzureScoring INSTANCE = new AzureScoring();

    /** A parsed {@code /score} body. */
    public record Request(JsonNode data, String field, Map<String, Object> params) {
    }

    private AzureScoring() {
    }

    @Override
    public Request parse(String contentType, byte[] body) {
        Json.requireJson(contentType);
        JsonNode root = Json.parse(body);
        if (!root.isObject()) {
            throw new InvalidParameterException("the request body must be a JSON object with 'input_data', got " + JsonValues.kind(root),
                    "input_data");
        }
        String field = root.has("input_data") ? "input_data" : root.has("data") ? "data" : null;
        if (field == null) {
            throw new InvalidParameterException("the request body has no 'input_data': wrap the rows as {\"input_data\": {\"columns\": [...], "
                    + "\"index\": [...], \"data\": [[...]]}}", "input_data");
        }
        for (var it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!k.equals(field) && !k.equals("params")) {
                throw new InvalidParameterException("unknown key '" + k + "' in the request body; it holds 'input_data' and optionally "
                        + "'params'", k);
            }
        }
        return new Request(root.get(field), field, JsonValues.params(root.get("params")));
    }

    @Override
    public ScoringOutput score(Request r, ServedModel served, ServingLimits limits) {
        ScoringInput input = input(r, served.model().signature());
        Frame frame = InputBinder.bind(input, served.model().signature(), limits);
        Predictions p = served.model().predict(frame);
        return new ScoringOutput(Json.write(g -> Json.records(g, p)), ScoringOutput.JSON, input, p);
    }

    static ScoringInput input(Request r, ModelSignature sig) {
        JsonNode d = r.data();
        String f = r.field();
        if (d.isObject()) {
            if (d.has("data") && (d.has("columns") || d.has("index") || d.size() == 1)) {
                return Tables.split(d, sig, f, r.params());
            }
            return Tables.columns(JsonValues.object(d, f, f), f, r.params());
        }
        if (d.isArray()) {
            List<JsonNode> rows = JsonValues.array(d, f, f);
            if (rows.isEmpty()) {
                throw new InvalidParameterException("'" + f + "' holds no rows", f);
            }
            if (rows.get(0).isObject()) {
                return Tables.records(rows, f, r.params());
            }
            if (rows.get(0).isArray()) {
                return Tables.rows(rows, sig, f, r.params());
            }
            throw new InvalidParameterException("'" + f + "' is a list of single values; send rows as a list of lists in the model's column "
                    + "order (" + String.join(", ", sig.inputNames()) + "), or use the split orient with columns", f);
        }
        throw new InvalidParameterException("'" + f + "' must be an object (split orient or named columns) or a list of rows, got "
                + JsonValues.kind(d), f);
    }
}
