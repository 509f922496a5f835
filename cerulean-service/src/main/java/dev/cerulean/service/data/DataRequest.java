package dev.cerulean.service.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request to register a data asset version.
 *
 * @param name        asset name
 * @param version     the version to create, or null for the next one
 * @param type        uri_file, uri_folder or mltable
 * @param description free text
 * @param tags        user tags
 * @param path        local path, {@code file:} URI or {@code azureml://datastores/<ds>/paths/<p>}
 * @param reference   point at the data instead of copying it
 */
public record DataRequest(String name, Integer version, DataType type, String description, Map<String, String> tags,
        String path, boolean reference) {

    /** The request a validated data spec describes. */
    public static DataRequest fromSpec(Spec spec, boolean reference) {
        if (spec.kind() != SpecKind.DATA) {
            throw new IllegalArgumentException("not a data spec: " + spec.kind());
        }
        JsonNode b = spec.body();
        Map<String, String> tags = new LinkedHashMap<>();
        b.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new DataRequest(b.get("name").asText(), b.has("version") ? b.get("version").asInt() : null,
                DataType.parse("type", b.path("type").asText("uri_folder")), b.path("description").asText(""), tags,
                b.get("path").asText(), reference);
    }
}
