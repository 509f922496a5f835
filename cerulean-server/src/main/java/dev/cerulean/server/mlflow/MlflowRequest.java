package dev.cerulean.server.mlflow;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MLflow request's fields, read the way MLflow's server reads them: from the JSON body and from
 * query parameters alike; int64 fields as JSON numbers or strings; {@code run_uuid} as well as
 * {@code run_id}; NaN and infinities in doubles.
 */
final class MlflowRequest {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    /** A body that is not JSON; answered with MALFORMED_REQUEST. */
    static final class Malformed extends InvalidParameterException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, "body");
        }
    }

    private final ObjectNode fields;

    private MlflowRequest(ObjectNode fields) {
        this.fields = fields;
    }

    static MlflowRequest of(Context ctx) {
        ObjectNode fields = JSON.createObjectNode();
        for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
            if (q.getValue().size() == 1) {
                fields.put(q.getKey(), q.getValue().get(0));
            } else {
                ArrayNode a = fields.putArray(q.getKey());
                q.getValue().forEach(a::add);
            }
        }
        String method = ctx.method().name();
        if (!method.equals("GET") || ctx.contentLength() > 0) {
            byte[] body = ctx.bodyAsBytes();
            if (body.length > 0) {
                try {
                    JsonNode n = JSON.readTree(body);
                    if (n != null && !n.isNull()) {
                        if (!n.isObject()) {
                            throw new Malformed("Malformed request: the body must be a JSON object");
                        }
                        fields.setAll((ObjectNode) n);
                    }
                } catch (JsonProcessingException e) {
                    throw new Malformed("Malformed request: the body is not valid JSON: " + e.getOriginalMessage());
                } catch (IOException e) {
                    throw new Malformed("Malformed request: " + e.getMessage());
                }
            }
        }
        return new MlflowRequest(fields);
    }

    static MlflowRequest of(JsonNode node) {
        return new MlflowRequest(node instanceof ObjectNode o ? o : JSON.createObjectNode());
    }

    JsonNode node(String field) {
        JsonNode n = fields.get(field);
        return n == null || n.isNull() ? null : n;
    }

    String string(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return null;
        }
        if (!n.isValueNode()) {
            throw invalid(field, n);
        }
        return n.asText();
    }

    String required(String field) {
        String v = string(field);
        if (v == null || v.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter '" + field + "'. See the API docs for more "
                    + "information about request parameters.", field);
        }
        return v;
    }

    /** {@code run_id}, or the deprecated {@code run_uuid}. */
    String runId() {
        String id = string("run_id");
        if (id == null || id.isEmpty()) {
            id = string("run_uuid");
        }
        if (id == null || id.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter 'run_id'. See the API docs for more information "
                    + "about request parameters.", "run_id");
        }
        return id;
    }

    /** An int64 sent as a number or as a string of digits. */
    Long int64(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber() && n.asDouble() == Math.rint(n.asDouble())) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.asText().strip());
            } catch (NumberFormatException e) {
                throw invalid(field, n);
            }
        }
        throw invalid(field, n);
    }

    Integer int32(String field) {
        Long v = int64(field);
        if (v == null) {
            return null;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw invalid(field, node(field));
        }
        return v.intValue();
    }

    /** A double: a JSON number, NaN/Infinity, or a string holding one. */
    Double dbl(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isTextual()) {
            String t = n.asText().strip();
            switch (t) {
                case "NaN", "nan":
                    return Double.NaN;
                case "Infinity", "inf", "+Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(t);
                    } catch (NumberFormatException e) {
                        throw invalid(field, n);
                    }
            }
        }
        throw invalid(field, n);
    }

    Boolean bool(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return null;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isTextual() && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(n.asText());
        }
        throw invalid(field, n);
    }

    /** A repeated string field: a JSON array, or one value (a repeated query parameter arrives as an array). */
    List<String> strings(String field) {
        JsonNode n = node(field);
        List<String> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (n.isArray()) {
            for (JsonNode x : n) {
                if (!x.isValueNode()) {
                    throw invalid(field, n);
                }
                out.add(x.asText());
            }
        } else if (n.isValueNode()) {
            out.add(n.asText());
        } else {
            throw invalid(field, n);
        }
        return out;
    }

    /** A repeated message field. */
    List<MlflowRequest> messages(String field) {
        JsonNode n = node(field);
        List<MlflowRequest> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!n.isArray()) {
            throw invalid(field, n);
        }
        for (JsonNode x : n) {
            if (!x.isObject()) {
                throw invalid(field, n);
            }
            out.add(new MlflowRequest((ObjectNode) x));
        }
        return out;
    }

    MlflowRequest message(String field) {
        JsonNode n = node(field);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw invalid(field, n);
        }
        return new MlflowRequest((ObjectNode) n);
    }

    /** A repeated {key, value} field as a map. */
    Map<String, String> keyValues(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MlflowRequest kv : messages(field)) {
            String key = kv.string("key");
            if (key == null) {
                throw new InvalidParameterException("Missing value for required parameter 'key' in '" + field + "'.", field);
            }
            out.put(key, kv.string("value") == null ? "" : kv.string("value"));
        }
        return out;
    }

    private static InvalidParameterException invalid(String field, JsonNode n) {
        String shown = n == null ? "null" : n.toString();
        if (shown.length() > 100) {
            shown = shown.substring(0, 97) + "...";
        }
        return new InvalidParameterException("Invalid value " + shown + " for parameter '" + field + "' supplied.", field);
    }
}
