package dev.cerulean.ml.tune.sampler;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.tune.SamplingAlgorithm;
import dev.cerulean.ml.tune.Sampler;
import dev.cerulean.ml.tune.SearchSpace;

/** Creates the {@link Sampler} for a {@link SamplingAlgorithm}. */
public final class Samplers {
    private Samplers() {
    }

    /**
     * A new sampler for one sweep.
     *
     * @param algorithm    the sampling algorithm
     * @param space        the search space
     * @param fallbackSeed the seed to use when the algorithm gives none (the engine records it)
     * @throws InvalidParameterException when the algorithm cannot sample this space (grid with a
     *                                   non-choice expression; cfo with a bad initial configuration)
     */
    public static Sampler create(SamplingAlgorithm algorithm, SearchSpace space, long fallbackSeed) {
        long seed = algorithm.seed().orElse(fallbackSeed);
        if (algorithm instanceof SamplingAlgorithm.Grid) {
            return new GridSampler(space);
        }
        if (algorithm instanceof SamplingAlgorithm.Random r) {
            return new RandomSampler(space, r.sobol(), seed);
        }
        if (algorithm instanceof SamplingAlgorithm.Bayesian b) {
            return new BayesianSampler(space, seed, b.initialTrials());
        }
        SamplingAlgorithm.Cfo c = (SamplingAlgorithm.Cfo) algorithm;
        return new CfoSampler(space, c.initialConfig());
    }
}
