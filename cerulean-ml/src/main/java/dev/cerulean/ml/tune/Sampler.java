package dev.cerulean.ml.tune;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Proposes the next configuration of a sweep from what is known so far. Create one per sweep
 * (see {@code dev.cerulean.ml.tune.sampler.Samplers}) and call {@link #suggest} each time a trial
 * slot frees up. Calls must not overlap: samplers are not thread-safe.
 *
 * <p>Samplers derive what they need from the arguments, so a sweep resumed after a restart can
 * create a new sampler and pass the stored history and running trials. (The {@code cfo} sampler
 * also keeps its search state between calls; it rebuilds it from the history when created anew.)
 */
public interface Sampler {
    /**
     * The next configuration to try.
     *
     * @param history the finished trials, in the order they finished, with the goal
     * @param pending configurations of trials started but not finished (running or queued); a
     *                model-based sampler steers away from them so parallel trials do not crowd
     * @param rng     the random source; pass one seeded generator per sweep for reproducible
     *                sweeps, e.g. {@code new SplittableRandom(seed)}
     * @return the configuration, or empty when the sampler has nothing left to propose (a grid
     *         that has been fully enumerated)
     */
    Optional<Map<String, Object>> suggest(History history, List<Map<String, Object>> pending, RandomGenerator rng);

    /**
     * The number of distinct configurations this sampler will propose, when that is known and
     * finite (a grid's size, saturating at {@link Long#MAX_VALUE}); empty otherwise.
     */
    default OptionalLong size() {
        return OptionalLong.empty();
    }

    /** The name of the algorithm: {@code grid}, {@code random}, {@code sobol}, {@code bayesian}, {@code cfo}. */
    String name();
}
