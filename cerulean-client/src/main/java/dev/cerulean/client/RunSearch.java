package dev.cerulean.client;

import java.util.List;

/**
 * A search of runs ({@code runs/search}), in MLflow's terms.
 *
 * @param experimentIds the experiments to search
 * @param filter        MLflow's filter ({@code metrics.rmse < 1 and params.model = 'xgb'}), or null for every run
 * @param orderBy       order clauses ({@code metrics.rmse ASC}); empty for the server's order
 * @param maxResults    the page size
 * @param pageToken     the page to read, from the previous page's token; null for the first
 */
public record RunSearch(List<String> experimentIds, String filter, List<String> orderBy, int maxResults, String pageToken) {
    public RunSearch {
        experimentIds = List.copyOf(experimentIds);
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    }

    /** Every run of these experiments, up to 1000 a page, in the server's order. */
    public static RunSearch in(String... experimentIds) {
        return new RunSearch(List.of(experimentIds), null, List.of(), 1000, null);
    }

    public RunSearch withFilter(String f) {
        return new RunSearch(experimentIds, f, orderBy, maxResults, pageToken);
    }

    public RunSearch withOrderBy(List<String> clauses) {
        return new RunSearch(experimentIds, filter, clauses, maxResults, pageToken);
    }

    public RunSearch withMaxResults(int n) {
        return new RunSearch(experimentIds, filter, orderBy, n, pageToken);
    }

    public RunSearch withPageToken(String token) {
        return new RunSearch(experimentIds, filter, orderBy, maxResults, token);
    }
}
