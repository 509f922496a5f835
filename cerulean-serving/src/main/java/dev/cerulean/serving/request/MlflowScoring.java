package dev.cerulean.serving.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.serving.ServedModel;
import dev.cerulean.serving.ServingLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MLflow's {@code /invocations}: a JSON object with exactly one of {@code dataframe_split},
 * {@code dataframe_records}, {@code instances} or {@code inputs} (plus an optional {@code params}),
 * or a {@code text/csv} body with a header row. The answer is {@code {"predictions": [records]}}.
 * {@code params} must be an object; Cerulean's models take no inference parameters, so their values
 * are ignored.
 */
public final class MlflowScoring implements ScoringProtocol<MlflowScoring.Request> {
    public static final MlflowScoring INSTANCE = new MlflowScoring();
    private static final List<String> KEYS = List.of("dataframe_split", "dataframe_records", "instances", "inputs");

    /** A parsed request: JSON under one of the keys, or CSV rows. */
    public record Request(String key, JsonNode data, ScoringInput csv, Map<String, Object> params) {
    }

    private MlflowScoring() {
    }

    @Override
    public Request parse(String contentType, byte[] body) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).strip();
        if (ct.startsWith("text/csv")) {
            Json.charset(contentType);
            return new Request("csv", null, Csv.parse(body), Map.of());
        }
        if (!ct.isEmpty() && !ct.startsWith("application/json")) {
            throw new CeruleanException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + contentType + "' is not supported: send "
                    + "application/json or text/csv", "Content-Type");
        }
        Json.requireJson(contentType);
        JsonNode root = Json.parse(body);
        if (!root.isObject()) {
            throw new InvalidParameterException("the request body must be a JSON object with one of " + String.join(", ", KEYS) + ", got "
                    + JsonValues.kind(root), "body");
        }
        List<String> found = new ArrayList<>();
        for (var it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (KEYS.contains(k)) {
                found.add(k);
            } else if (!k.equals("params")) {
                throw new InvalidParameterException("unknown key '" + k + "': the body holds exactly one of " + String.join(", ", KEYS)
                        + ", and optionally params", k);
            }
        }
        if (found.size() != 1) {
            throw new InvalidParameterException("the body must hold exactly one of " + String.join(", ", KEYS) + "; it holds "
                    + (found.isEmpty() ? "none" : String.join(", ", found)), found.isEmpty() ? "body" : found.get(1));
        }
        return new Request(found.get(0), root.get(found.get(0)), null, JsonValues.params(root.get("params")));
    }

    @Override
    public ScoringOutput score(Request r, ServedModel served, ServingLimits limits) {
        ModelSignature sig = served.model().signature();
        ScoringInput input = input(r, sig);
        Frame frame = InputBinder.bind(input, sig, limits);
        Predictions p = served.model().predict(frame);
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeFieldName("predictions");
            Json.records(g, p);
            g.writeEndObject();
        });
        return new ScoringOutput(body, ScoringOutput.JSON, input, p);
    }

    private static ScoringInput input(Request r, ModelSignature sig) {
        if (r.csv() != null) {
            return r.csv();
        }
        JsonNode d = r.data();
        String k = r.key();
        switch (k) {
            case "dataframe_split" -> {
                return Tables.split(d, sig, k, r.params());
            }
            case "dataframe_records" -> {
                return Tables.records(JsonValues.array(d, k, k), k, r.params());
            }
            default -> {
                // instances and inputs: rows (records or lists in signature order) or, for an object, named columns
                if (d.isObject()) {
                    return Tables.columns(JsonValues.object(d, k, k), k, r.params());
                }
                List<JsonNode> rows = JsonValues.array(d, k, k);
                if (!rows.isEmpty() && rows.get(0).isObject()) {
                    return Tables.records(rows, k, r.params());
                }
                if (!rows.isEmpty() && !rows.get(0).isArray()) {
                    throw new InvalidParameterException("'" + k + "' is a list of single values; send rows as lists in the model's "
                            + "column order (" + String.join(", ", sig.inputNames()) + ") or as objects", k);
                }
                return Tables.rows(rows, sig, k, r.params());
            }
        }
    }
}
