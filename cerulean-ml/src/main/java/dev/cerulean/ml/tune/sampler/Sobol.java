package dev.cerulean.ml.tune.sampler;

import dev.cerulean.core.InvalidParameterException;
import java.util.SplittableRandom;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * A Sobol sequence (Sobol' 1967; direction numbers of Joe and Kuo 2008, from commons-math3) with
 * a random digital shift (each coordinate's 52 bits XOR-ed with a mask drawn from the seed).
 * A digital shift keeps the (t, m, s)-net structure of the sequence, so the first 2^m points
 * still put exactly one point in every elementary interval of width 2^−m in each coordinate, while
 * different seeds give different point sets and no point sits on the cube's corner.
 */
final class Sobol {
    private static final double SCALE = Math.pow(2, 52);
    static final int MAX_DIMENSION = 1000;

    private final SobolSequenceGenerator generator;
    private final long[] masks;

    Sobol(int dimension, long seed) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new InvalidParameterException("Sobol sampling supports 1 to " + MAX_DIMENSION
                    + " search-space dimensions, got " + dimension, "sampling_algorithm.rule");
        }
        this.generator = new SobolSequenceGenerator(dimension);
        this.masks = new long[dimension];
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int d = 0; d < dimension; d++) {
            masks[d] = rng.nextLong() & ((1L << 52) - 1);
        }
    }

    /** Point {@code index} (0-based) of the shifted sequence. */
    double[] point(long index) {
        if (index < 0 || index >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Sobol index out of range: " + index);
        }
        double[] v = generator.skipTo((int) index);
        double[] out = new double[v.length];
        for (int d = 0; d < v.length; d++) {
            long bits = (long) (v[d] * SCALE);
            out[d] = (bits ^ masks[d]) / SCALE;
        }
        return out;
    }
}
