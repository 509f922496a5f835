package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parameter expression of a search space, as Azure ML defines them (the {@code type} of a
 * {@code search_space} entry): a {@link Choice} among values, or a {@link Distribution} over
 * numbers.
 */
public sealed interface Expression permits Choice, Distribution {
    /** The expression's {@code type} as written in specs: {@code choice}, {@code uniform}, … */
    String type();

    /** The expression in the YAML mapping form, e.g. {@code {type: uniform, min_value: 0, max_value: 1}}. */
    JsonNode toJson();
}
