package dev.cerulean.ml.tune.sampler;

import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.Sampler;
import dev.cerulean.ml.tune.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code random}: independent draws from the search space's distribution
 * (Bergstra and Bengio, "Random search for hyper-parameter optimization", JMLR 2012), or with
 * {@code rule: sobol} the points of a digitally shifted Sobol sequence mapped through each
 * expression's quantile function, which covers the space more evenly. Sobol point n goes to the
 * n-th trial (finished plus running), so a resumed sweep continues the sequence.
 */
public final class RandomSampler implements Sampler {
    private final SearchSpace space;
    private final UnitCube cube;
    private final Sobol sobol;

    /**
     * @param space the search space
     * @param sobol true for {@code rule: sobol}
     * @param seed  the seed of the Sobol shift (random draws use the generator passed to suggest)
     */
    public RandomSampler(SearchSpace space, boolean sobol, long seed) {
        this.space = space;
        this.cube = UnitCube.of(space);
        this.sobol = sobol ? new Sobol(cube.size(), seed) : null;
    }

    @Override
    public String name() {
        return sobol == null ? "random" : "sobol";
    }

    @Override
    public Optional<Map<String, Object>> suggest(History history, List<Map<String, Object>> pending, RandomGenerator rng) {
        if (sobol == null) {
            return Optional.of(space.sample(rng));
        }
        return Optional.of(cube.decode(sobol.point((long) history.size() + pending.size())));
    }
}
