package dev.cerulean.ml.tune.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SobolTest {

    private static double[][] points(Sobol s, int n) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = s.point(i);
        }
        return out;
    }

    @Test
    void theFirstPowerOfTwoPointsHitEveryIntervalOfEachCoordinateOnce() {
        int n = 128;
        double[][] x = points(new Sobol(6, 42), n);
        for (int d = 0; d < 6; d++) {
            boolean[] seen = new boolean[n];
            for (double[] p : x) {
                assertThat(p[d]).isBetween(0.0, 1.0);
                int cell = (int) Math.floor(p[d] * n);
                assertThat(seen[cell]).as("coordinate %d cell %d hit twice", d, cell).isFalse();
                seen[cell] = true;
            }
        }
    }

    @Test
    void theFirstTwoCoordinatesFormANetInEveryElementaryBox() {
        int m = 8;
        int n = 1 << m;
        double[][] x = points(new Sobol(3, 7), n);
        for (int a = 0; a <= m; a++) {
            int b = m - a;
            int[][] count = new int[1 << a][1 << b];
            for (double[] p : x) {
                count[(int) (p[0] * (1 << a))][(int) (p[1] * (1 << b))]++;
            }
            for (int[] row : count) {
                assertThat(row).containsOnly(1);
            }
        }
    }

    @Test
    void differentSeedsShiftThePoints() {
        assertThat(new Sobol(2, 1).point(0)).isNotEqualTo(new Sobol(2, 2).point(0));
        assertThat(new Sobol(2, 1).point(5)).isEqualTo(new Sobol(2, 1).point(5));
    }

    /** Hickernell's centred L2 discrepancy, squared. */
    private static double centredDiscrepancy(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double a = Math.pow(13.0 / 12.0, d);
        double b = 0;
        for (double[] p : x) {
            double prod = 1;
            for (double v : p) {
                double t = Math.abs(v - 0.5);
                prod *= 1 + 0.5 * t - 0.5 * t * t;
            }
            b += prod;
        }
        double c = 0;
        for (double[] p : x) {
            for (double[] q : x) {
                double prod = 1;
                for (int k = 0; k < d; k++) {
                    prod *= 1 + 0.5 * Math.abs(p[k] - 0.5) + 0.5 * Math.abs(q[k] - 0.5) - 0.5 * Math.abs(p[k] - q[k]);
                }
                c += prod;
            }
        }
        return a - 2.0 / n * b + c / ((double) n * n);
    }

    @Test
    void hasLowerDiscrepancyThanRandomPoints() {
        int n = 256;
        int d = 4;
        double sobol = centredDiscrepancy(points(new Sobol(d, 3), n));
        SplittableRandom rng = new SplittableRandom(3);
        double worstRatio = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep < 5; rep++) {
            double[][] r = new double[n][d];
            for (double[] p : r) {
                for (int k = 0; k < d; k++) {
                    p[k] = rng.nextDouble();
                }
            }
            worstRatio = Math.min(worstRatio, centredDiscrepancy(r) / sobol);
        }
        // Random points' squared discrepancy shrinks like 1/n; Sobol's like (log n)^d / n².
        assertThat(worstRatio).isGreaterThan(5.0);
    }
}
