package dev.cerulean.ml.explain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A global explanation of a model: how much each input column matters.
 *
 * @param method          how {@code importance} was measured ({@code permutation})
 * @param data            which rows it was measured on (e.g. out-of-fold training rows, validation data)
 * @param metric          the metric whose loss under permutation is the importance
 * @param importance      input column to importance, largest first: the mean drop of the metric (its rise, for
 *                        error metrics) when the column's values are shuffled
 * @param shapImportance  input column to mean |TreeSHAP value| on the model's raw score (summed over classes),
 *                        largest first; empty when the model is not made of trees
 * @param notes           how it was computed (rows, repeats, what was skipped)
 */
public record Explanation(String method, String data, String metric, Map<String, Double> importance,
        Map<String, Double> shapImportance, List<String> notes) {
    public Explanation {
        importance = Collections.unmodifiableMap(new LinkedHashMap<>(importance));
        shapImportance = shapImportance == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(shapImportance));
        notes = notes == null ? List.of() : List.copyOf(notes);
    }
}
