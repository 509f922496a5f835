package dev.cerulean.core.spec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a value in a spec must look like. {@link #check} reports every problem into the context and
 * returns the normalised value (defaults filled, paths made absolute), or null when the value is
 * unusable. Shapes are immutable and shared; build them with {@link Shapes}.
 */
public interface Shape {
    /**
     * @param value the value (never null; a missing field is not checked)
     * @param path  its field path, for problems
     * @param ctx   where problems go
     * @return the normalised value, or null when the value has errors
     */
    JsonNode check(JsonNode value, String path, SpecContext ctx);

    /** How the shape reads in an error: "an integer", "one of uri_file, uri_folder". */
    String describe();
}
