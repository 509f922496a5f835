package dev.cerulean.ml.tune.sampler;

import java.util.Arrays;

/**
 * Transforms of the observed losses before the Gaussian process sees them. Losses of
 * hyperparameter configurations are usually skewed: a few bad configurations (a learning rate far
 * too small, a diverged run) score far worse than the rest, and plain standardisation then
 * squeezes the differences among good configurations, the ones that matter, into a sliver. A
 * Yeo–Johnson power transform (Yeo and Johnson, Biometrika 2000) with its exponent fitted by
 * maximum likelihood makes the losses closer to Gaussian, as HEBO does (Cowen-Rivers et al.,
 * "HEBO: Pushing the limits of sample-efficient hyperparameter optimisation", JAIR 2022). The
 * transform is monotone, so the best loss stays the best.
 */
final class OutputWarping {
    private static final double LAMBDA_LO = -3.0;
    private static final double LAMBDA_HI = 3.0;

    private OutputWarping() {
    }

    /** Mean 0 and variance 1 (a constant input gives zeros). */
    static double[] standardise(double[] v) {
        double mean = Arrays.stream(v).average().orElse(0);
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(var / v.length);
        if (!(sd > 1e-12)) {
            sd = 1.0;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] - mean) / sd;
        }
        return out;
    }

    /** Standardised, Yeo–Johnson transformed with the maximum-likelihood exponent, standardised again. */
    static double[] warp(double[] loss) {
        double[] y = standardise(loss);
        double lambda = fitLambda(y);
        double[] t = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            t[i] = yeoJohnson(y[i], lambda);
        }
        return standardise(t);
    }

    static double yeoJohnson(double y, double lambda) {
        if (y >= 0) {
            return Math.abs(lambda) < 1e-9 ? Math.log1p(y) : (Math.pow(y + 1, lambda) - 1) / lambda;
        }
        return Math.abs(lambda - 2) < 1e-9 ? -Math.log1p(-y) : -(Math.pow(1 - y, 2 - lambda) - 1) / (2 - lambda);
    }

    /** The exponent maximising the Gaussian log-likelihood of the transformed values (golden-section search). */
    static double fitLambda(double[] y) {
        double a = LAMBDA_LO;
        double b = LAMBDA_HI;
        double g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        double fc = logLikelihood(y, c);
        double fd = logLikelihood(y, d);
        for (int i = 0; i < 60; i++) {
            if (fc > fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = logLikelihood(y, c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = logLikelihood(y, d);
            }
        }
        return (a + b) / 2;
    }

    static double logLikelihood(double[] y, double lambda) {
        int n = y.length;
        double[] t = new double[n];
        double mean = 0;
        double jacobian = 0;
        for (int i = 0; i < n; i++) {
            t[i] = yeoJohnson(y[i], lambda);
            mean += t[i];
            jacobian += Math.signum(y[i]) * Math.log1p(Math.abs(y[i]));
        }
        mean /= n;
        double var = 0;
        for (double v : t) {
            var += (v - mean) * (v - mean);
        }
        var /= n;
        if (!(var > 1e-300)) {
            return Double.NEGATIVE_INFINITY;
        }
        return -0.5 * n * Math.log(var) + (lambda - 1) * jacobian;
    }
}
