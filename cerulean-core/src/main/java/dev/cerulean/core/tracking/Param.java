package dev.cerulean.core.tracking;

import java.util.Objects;

/**
 * A run's parameter as MLflow logs it: a key and its value (immutable once logged).
 *
 * @param key   the name
 * @param value the value; null is the empty string
 */
public record Param(String key, String value) {
    public Param {
        Objects.requireNonNull(key, "key");
        value = value == null ? "" : value;
    }
}
