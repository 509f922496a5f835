package dev.cerulean.ml.learn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k-nearest-neighbour hyperparameters (scikit-learn names).
 *
 * @param nNeighbors neighbours consulted (k)
 * @param weights    {@code uniform} (each neighbour counts once) or {@code distance} (1/distance)
 * @param metric     {@code euclidean} or {@code manhattan}, on standardised features
 */
public record KnnParams(int nNeighbors, String weights, String metric) implements LearnerParams {
    /** The definitions, in order. */
    public static final List<ParamDef> DEFS = List.of(
            ParamDef.integer("n_neighbors", 5, 1, 10_000, "neighbours consulted"),
            ParamDef.choice("weights", "uniform", List.of("uniform", "distance"), "neighbour weighting"),
            ParamDef.choice("metric", "euclidean", List.of("euclidean", "manhattan"), "distance on standardised features"));

    /** Other accepted names. */
    public static final Map<String, String> ALIASES = Map.of("k", "n_neighbors");

    /** The defaults. */
    public static final KnnParams DEFAULTS = fromMap(Map.of());

    /**
     * From spec names to values; missing ones default.
     *
     * @throws dev.cerulean.core.InvalidParameterException for unknown names or bad values
     */
    public static KnnParams fromMap(Map<String, ?> given) {
        Map<String, Object> v = ParamDef.resolve("knn", DEFS, given, ALIASES);
        return new KnnParams((int) v.get("n_neighbors"), (String) v.get("weights"), (String) v.get("metric"));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_neighbors", nNeighbors);
        m.put("weights", weights);
        m.put("metric", metric);
        return m;
    }

    @Override
    public void validate() {
        ParamDef.check("knn", DEFS, toMap());
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS.toMap());
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, Object> m;

        private Builder(Map<String, Object> m) {
            this.m = new LinkedHashMap<>(m);
        }

        public Builder nNeighbors(int v) { m.put("n_neighbors", v); return this; }
        public Builder weights(String v) { m.put("weights", v); return this; }
        public Builder metric(String v) { m.put("metric", v); return this; }

        /** @throws dev.cerulean.core.InvalidParameterException naming the bad field */
        public KnnParams build() {
            return fromMap(m);
        }
    }
}
