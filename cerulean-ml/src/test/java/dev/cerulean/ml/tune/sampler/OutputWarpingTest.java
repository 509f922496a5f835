package dev.cerulean.ml.tune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutputWarpingTest {

    private static double skewness(double[] v) {
        double[] z = OutputWarping.standardise(v);
        double s = 0;
        for (double x : z) {
            s += x * x * x;
        }
        return s / z.length;
    }

    @Test
    void followsTheYeoJohnsonDefinition() {
        assertThat(OutputWarping.yeoJohnson(3, 1)).isCloseTo(3, within(1e-12));
        assertThat(OutputWarping.yeoJohnson(3, 0)).isCloseTo(Math.log(4), within(1e-12));
        assertThat(OutputWarping.yeoJohnson(3, 0.5)).isCloseTo((2 - 1) / 0.5, within(1e-12));
        assertThat(OutputWarping.yeoJohnson(-3, 2)).isCloseTo(-Math.log(4), within(1e-12));
        assertThat(OutputWarping.yeoJohnson(-3, 1)).isCloseTo(-3, within(1e-12));
    }

    @Test
    void makesSkewedLossesFarLessSkewedAndKeepsTheirOrder() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] loss = new double[200];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = Math.exp(1.5 * rng.nextGaussian());
        }
        double before = skewness(loss);
        assertThat(before).isGreaterThan(3);
        double[] z = OutputWarping.warp(loss);
        // The exponent is bounded and fitted after standardising, so some skew may remain.
        assertThat(Math.abs(skewness(z))).isLessThan(before / 4);
        for (int i = 0; i < loss.length; i++) {
            for (int j = 0; j < loss.length; j++) {
                if (loss[i] < loss[j]) {
                    assertThat(z[i]).isLessThan(z[j]);
                }
            }
        }
    }

    @Test
    void leavesGaussianLossesAlmostAsTheyAre() {
        SplittableRandom rng = new SplittableRandom(4);
        double[] loss = new double[500];
        for (int i = 0; i < loss.length; i++) {
            loss[i] = 10 + rng.nextGaussian();
        }
        double lambda = OutputWarping.fitLambda(OutputWarping.standardise(loss));
        assertThat(lambda).isCloseTo(1.0, within(0.3));
    }

    @Test
    void mapsConstantLossesToZeros() {
        assertThat(OutputWarping.warp(new double[] {2, 2, 2})).containsExactly(0, 0, 0);
    }
}
