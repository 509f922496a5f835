package dev.cerulean.ml.tune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {

    private static double[][] points(int n, int d, SplittableRandom rng, boolean[] categorical) {
        double[][] x = new double[n][d];
        for (double[] p : x) {
            for (int j = 0; j < d; j++) {
                p[j] = categorical[j] ? (rng.nextInt(3) + 0.5) / 3 : rng.nextDouble();
            }
        }
        return x;
    }

    @Test
    void theLikelihoodGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(1);
        boolean[] categorical = {false, true, false};
        double[][] x = points(15, 3, rng, categorical);
        double[] y = new double[15];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(4 * x[i][0]) + x[i][1] - x[i][2] * x[i][2];
        }
        double[] theta = {Math.log(0.4), Math.log(0.7), 0.3, Math.log(0.8), Math.log(1e-2)};
        double[] grad = new double[theta.length];
        GaussianProcess.objective(theta, x, y, categorical, grad);
        for (int i = 0; i < theta.length; i++) {
            double h = 1e-5;
            double[] up = theta.clone();
            double[] down = theta.clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (GaussianProcess.objective(up, x, y, categorical, new double[theta.length])
                    - GaussianProcess.objective(down, x, y, categorical, new double[theta.length])) / (2 * h);
            assertThat(grad[i]).as("∂/∂θ%d", i).isCloseTo(numeric, within(1e-4 * Math.max(1, Math.abs(numeric))));
        }
    }

    @Test
    void interpolatesASmoothFunctionAndKnowsWhereItIsUnsure() {
        SplittableRandom rng = new SplittableRandom(2);
        boolean[] categorical = {false};
        double[][] x = new double[12][1];
        double[] y = new double[12];
        for (int i = 0; i < 12; i++) {
            x[i][0] = i / 11.0 * 0.6;
            y[i] = Math.sin(6 * x[i][0]);
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, categorical, null, rng);
        double[] inside = gp.predict(new double[] {0.33});
        assertThat(inside[0]).isCloseTo(Math.sin(6 * 0.33), within(0.02));
        double[] outside = gp.predict(new double[] {0.95});
        assertThat(outside[1]).isGreaterThan(100 * inside[1]);
    }
}
