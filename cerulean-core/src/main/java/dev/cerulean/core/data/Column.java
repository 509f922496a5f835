package dev.cerulean.core.data;

import java.util.Objects;

/**
 * A column of a tabular data asset.
 *
 * @param name the column name
 * @param type the SQL type DuckDB inferred ({@code BIGINT}, {@code DOUBLE}, {@code VARCHAR}, ...)
 */
public record Column(String name, String type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
