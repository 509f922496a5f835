package dev.cerulean.ml.tune.sampler;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limited-memory BFGS (Nocedal and Wright, "Numerical Optimization", 2nd ed., algorithm 7.4) with
 * a backtracking Armijo line search, for small smooth unconstrained problems. Bounds are handled
 * by the caller's reparametrisation.
 */
final class Lbfgs {
    /** A function and its gradient. */
    interface Function {
        /** Returns f(x) and writes ∇f(x) into {@code gradient}; +∞ when x is infeasible. */
        double value(double[] x, double[] gradient);
    }

    private static final int MEMORY = 6;
    private static final double ARMIJO = 1e-4;

    private Lbfgs() {
    }

    /** Minimises from {@code x0} for at most {@code iterations} steps; returns the best point found. */
    static double[] minimise(Function f, double[] x0, int iterations) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.value(x, g);
        if (!Double.isFinite(fx)) {
            return x;
        }
        Deque<double[][]> memory = new ArrayDeque<>();
        double[] gNew = new double[n];
        for (int it = 0; it < iterations; it++) {
            if (norm(g) < 1e-6) {
                break;
            }
            double[] p = direction(g, memory);
            double slope = dot(g, p);
            if (slope >= 0) {
                // Not a descent direction (curvature information gone stale): restart from steepest descent.
                memory.clear();
                p = scale(g, -1);
                slope = dot(g, p);
            }
            double step = memory.isEmpty() ? Math.min(1.0, 1.0 / Math.max(1e-12, norm(g))) : 1.0;
            double[] xNew = new double[n];
            double fNew = Double.POSITIVE_INFINITY;
            boolean accepted = false;
            for (int ls = 0; ls < 30; ls++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * p[i];
                }
                fNew = f.value(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                break;
            }
            double[] s = new double[n];
            double[] yv = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                yv[i] = gNew[i] - g[i];
            }
            if (dot(s, yv) > 1e-12) {
                memory.addLast(new double[][] {s, yv});
                if (memory.size() > MEMORY) {
                    memory.removeFirst();
                }
            }
            double change = fx - fNew;
            x = xNew;
            fx = fNew;
            System.arraycopy(gNew, 0, g, 0, n);
            if (change < 1e-9 * Math.max(1.0, Math.abs(fx))) {
                break;
            }
        }
        return x;
    }

    private static double[] direction(double[] g, Deque<double[][]> memory) {
        double[] q = g.clone();
        int m = memory.size();
        double[] a = new double[m];
        double[][][] pairs = memory.toArray(new double[0][][]);
        for (int i = m - 1; i >= 0; i--) {
            double rho = 1.0 / dot(pairs[i][1], pairs[i][0]);
            a[i] = rho * dot(pairs[i][0], q);
            for (int j = 0; j < q.length; j++) {
                q[j] -= a[i] * pairs[i][1][j];
            }
        }
        if (m > 0) {
            double gamma = dot(pairs[m - 1][0], pairs[m - 1][1]) / dot(pairs[m - 1][1], pairs[m - 1][1]);
            for (int j = 0; j < q.length; j++) {
                q[j] *= gamma;
            }
        }
        for (int i = 0; i < m; i++) {
            double rho = 1.0 / dot(pairs[i][1], pairs[i][0]);
            double b = rho * dot(pairs[i][1], q);
            for (int j = 0; j < q.length; j++) {
                q[j] += (a[i] - b) * pairs[i][0][j];
            }
        }
        return scale(q, -1);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static double[] scale(double[] a, double c) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * c;
        }
        return out;
    }
}
