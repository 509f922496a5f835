package dev.cerulean.ml.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One finished trial as samplers see it: the configuration it ran and the value of the primary
 * metric it ended with.
 *
 * @param config the configuration (as suggested, or as read back from stored run parameters:
 *               numbers may come back as strings)
 * @param value  the objective value; NaN when the trial produced none (failed, or cancelled before
 *               it logged the metric). Samplers never repeat such a configuration where they
 *               enumerate (grid), and model-based samplers leave it out of their models.
 */
public record Observation(Map<String, Object> config, double value) {
    public Observation {
        Objects.requireNonNull(config, "config");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** A trial that ended without a value. */
    public static Observation failed(Map<String, Object> config) {
        return new Observation(config, Double.NaN);
    }

    /** True when the trial has a finite objective value. */
    public boolean hasValue() {
        return Double.isFinite(value);
    }
}
