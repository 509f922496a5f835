package dev.cerulean.core.endpoint;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Immutable copies of the small maps endpoints carry, sorted by key so that output is stable. */
final class Maps {
    private Maps() {
    }

    static <V> Map<String, V> sorted(Map<String, V> m) {
        return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(m));
    }
}
