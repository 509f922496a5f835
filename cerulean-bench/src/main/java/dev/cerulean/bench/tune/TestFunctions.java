package dev.cerulean.bench.tune;

import java.util.Map;

/**
 * Standard test functions for global optimisation (Dixon and Szegő, "The global optimisation
 * problem: an introduction", 1978; definitions as in Surjanovic and Bingham's Virtual Library of
 * Simulation Experiments).
 */
final class TestFunctions {
    /** The global minimum of Branin on its usual domain. */
    static final double BRANIN_MIN = 0.397887;
    /** The global minimum of Hartmann-6 on [0, 1]^6. */
    static final double HARTMANN6_MIN = -3.32237;

    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {
        {10, 3, 17, 3.5, 1.7, 8},
        {0.05, 10, 17, 0.1, 8, 14},
        {3, 3.5, 1.7, 10, 17, 8},
        {17, 8, 0.05, 10, 0.1, 14},
    };
    private static final double[][] P = {
        {1312, 1696, 5569, 124, 8283, 5886},
        {2329, 4135, 8307, 3736, 1004, 9991},
        {2348, 1451, 3522, 2883, 3047, 6650},
        {4047, 8828, 8732, 5743, 1091, 381},
    };

    private TestFunctions() {
    }

    static double num(Map<String, Object> c, String name) {
        return ((Number) c.get(name)).doubleValue();
    }

    /** Branin–Hoo on x1 ∈ [−5, 10], x2 ∈ [0, 15]; three global minima of 0.397887. */
    static double branin(Map<String, Object> c) {
        double x1 = num(c, "x1");
        double x2 = num(c, "x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double cc = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + cc * x1 - 6;
        return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    /** Hartmann-6 on [0, 1]^6; global minimum −3.32237. */
    static double hartmann6(Map<String, Object> c) {
        double s = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = num(c, "x" + (j + 1)) - P[i][j] * 1e-4;
                inner += A[i][j] * d * d;
            }
            s += ALPHA[i] * Math.exp(-inner);
        }
        return -s;
    }
}
