package dev.cerulean.server;

import java.util.List;

/**
 * A list response: {@code {"items": [...], "count": n}}.
 *
 * @param items the items
 * @param count how many
 */
public record Page<T>(List<T> items, int count) {
    public static <T> Page<T> of(List<T> items) {
        return new Page<>(items, items.size());
    }
}
