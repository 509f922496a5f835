package dev.cerulean.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the answers of Cerulean's own API ({@code /api/v1}) into records with the mapper the server
 * renders them with ({@code core.ApiJson}), so both sides agree on names, times and enums. A record
 * of core is read as the server wrote it; fields the server adds beside it (a sweep's summary, an
 * endpoint's URIs) are read into the client's records around it.
 */
final class ApiMapping {
    private final ObjectMapper json;

    ApiMapping(ObjectMapper json) {
        this.json = json;
    }

    /** The document as one record. */
    <T> Typed<T> one(JsonNode n, Class<T> type) {
        return new Typed<>(read(n, type), n);
    }

    /** A list answer, {@code {"items": [...], "count": n}}, as its items. */
    <T> Typed<List<T>> items(JsonNode page, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (JsonNode n : page.path("items")) {
            out.add(read(n, type));
        }
        return new Typed<>(List.copyOf(out), page);
    }

    <T> T read(JsonNode n, Class<T> type) {
        return read(n, json.constructType(type));
    }

    /** A list of strings, as {@code {"lines": [...]}} holds. */
    List<String> strings(JsonNode n) {
        return read(n, json.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private <T> T read(JsonNode n, JavaType type) {
        try {
            return json.readerFor(type).readValue(n);
        } catch (IOException | IllegalArgumentException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "the server's answer is not a " + type.getRawClass().getSimpleName()
                    + " this client can read: " + e.getMessage(), null, List.of(), e);
        }
    }
}
