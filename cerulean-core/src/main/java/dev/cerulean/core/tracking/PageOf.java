package dev.cerulean.core.tracking;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items         the page
 * @param nextPageToken token for the next page, or null when this is the last
 */
public record PageOf<T>(List<T> items, String nextPageToken) {
    public PageOf {
        items = List.copyOf(items);
    }
}
