package dev.cerulean.serving.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.model.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Reading request bodies and writing responses, as JSON. */
public final class Json {
    /** NaN and Infinity are accepted in numbers, as Python's json module writes them and MLflow reads them. */
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /**
     * Parses a body.
     *
     * @throws InvalidParameterException naming the line and column of a syntax error, or an empty body
     */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new InvalidParameterException("the request body is empty; send the rows to score as JSON", "body");
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new InvalidParameterException("the request body is empty; send the rows to score as JSON", "body");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw ApiJson.notJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks that a Content-Type is JSON (or absent); other media types are 415. */
    static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (!ct.startsWith("application/json") && !ct.contains("+json")) {
            throw new CeruleanException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type '" + contentType + "' is not supported here; "
                    + "send application/json", "Content-Type");
        }
        charset(contentType);
    }

    /** Only UTF-8 bodies are read (as MLflow's scoring server does). */
    static void charset(String contentType) {
        int i = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (i >= 0) {
            String cs = contentType.substring(i + 8).replace("\"", "").strip().toLowerCase(Locale.ROOT);
            int semi = cs.indexOf(';');
            cs = semi >= 0 ? cs.substring(0, semi).strip() : cs;
            if (!cs.equals("utf-8") && !cs.equals("utf8")) {
                throw new CeruleanException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "charset '" + cs + "' is not supported; send UTF-8",
                        "Content-Type");
            }
        }
    }

    /** Writes JSON into a byte array. */
    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(Writer w) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            w.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Predictions as records: {@code [{"prediction": .., "probability_<class>": ..}, ...]}. */
    static void records(JsonGenerator g, Predictions p) throws IOException {
        g.writeStartArray();
        boolean classification = p.task().isClassification();
        int k = p.classes().size();
        for (int i = 0; i < p.size(); i++) {
            g.writeStartObject();
            if (classification) {
                g.writeStringField(Predictions.PREDICTION, p.label(i));
                for (int c = 0; c < k; c++) {
                    g.writeNumberField(Predictions.PROBABILITY_PREFIX + p.classes().get(c), p.probability(i, c));
                }
            } else {
                g.writeNumberField(Predictions.PREDICTION, p.value(i));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The Open Inference Protocol's server metadata: {@code {"name", "version", "extensions": []}}. */
    public static byte[] oipServerMetadata(String name, String version) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeStringField("version", version);
            g.writeArrayFieldStart("extensions");
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
