package dev.cerulean.ml.tune.sampler;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Gaussian-process regression on points of the unit cube (Rasmussen and Williams, "Gaussian
 * Processes for Machine Learning", MIT Press 2006, algorithm 2.1). The kernel is a product of an
 * ARD Matérn-5/2 kernel over the ordered coordinates, the usual choice for hyperparameter
 * optimisation (Snoek, Larochelle and Adams, "Practical Bayesian Optimization of Machine Learning
 * Algorithms", NeurIPS 2012), and an exponentiated-overlap kernel exp(−Σ w_c·[a_c ≠ b_c]) over the
 * categorical ones. Kernel hyperparameters (length scales, category weights, signal and noise
 * variance) are set by maximising the marginal likelihood plus weak log-normal priors (MAP), with
 * L-BFGS on the analytic gradient.
 *
 * <p>Targets are expected standardised (mean 0, variance 1). Immutable; {@link #condition} adds
 * points under the same hyperparameters.
 */
final class GaussianProcess {
    private static final double SQRT5 = Math.sqrt(5.0);
    private static final double JITTER = 1e-8;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    // Bounds and priors of the log hyperparameters: length scales are in cube units.
    private static final double LEN_LO = Math.log(0.01);
    private static final double LEN_HI = Math.log(20.0);
    private static final double LEN_PRIOR_MEAN = Math.log(0.3);
    private static final double LEN_PRIOR_SD = 1.5;
    private static final double CAT_LO = Math.log(0.01);
    private static final double CAT_HI = Math.log(20.0);
    private static final double CAT_PRIOR_MEAN = Math.log(1.0);
    private static final double CAT_PRIOR_SD = 1.5;
    private static final double SIG_LO = Math.log(0.05);
    private static final double SIG_HI = Math.log(20.0);
    private static final double SIG_PRIOR_SD = 1.0;
    private static final double NOISE_LO = Math.log(1e-6);
    private static final double NOISE_HI = Math.log(1.0);
    private static final double NOISE_PRIOR_MEAN = Math.log(1e-3);
    private static final double NOISE_PRIOR_SD = 3.0;

    private final int[] numeric;
    private final int[] categorical;
    private final double[] theta;
    private final double[] invLength;
    private final double[] catWeight;
    private final double signal;
    private final double noise;
    private final double[][] x;
    private final double[] y;
    private final double[][] chol;
    private final double[] alpha;

    private GaussianProcess(int[] numeric, int[] categorical, double[] theta, double[][] x, double[] y, double[][] chol) {
        this.numeric = numeric;
        this.categorical = categorical;
        this.theta = theta;
        this.invLength = new double[numeric.length];
        for (int i = 0; i < numeric.length; i++) {
            invLength[i] = Math.exp(-theta[i]);
        }
        this.catWeight = new double[categorical.length];
        for (int i = 0; i < categorical.length; i++) {
            catWeight[i] = Math.exp(theta[numeric.length + i]);
        }
        this.signal = Math.exp(theta[theta.length - 2]);
        this.noise = Math.exp(theta[theta.length - 1]);
        this.x = x;
        this.y = y;
        this.chol = chol;
        this.alpha = chol == null ? null : solveBoth(chol, y);
    }

    /**
     * Fits hyperparameters by MAP and conditions on the data.
     *
     * @param x           canonical cube points
     * @param y           standardised targets
     * @param categorical which coordinates are categorical
     * @param warmStart   log hyperparameters to start from (a previous fit), or null
     */
    static GaussianProcess fit(double[][] x, double[] y, boolean[] categorical, double[] warmStart, RandomGenerator rng) {
        int[] num = indices(categorical, false);
        int[] cat = indices(categorical, true);
        int k = num.length + cat.length + 2;
        double[] lo = new double[k];
        double[] hi = new double[k];
        double[] start = new double[k];
        for (int i = 0; i < num.length; i++) {
            lo[i] = LEN_LO;
            hi[i] = LEN_HI;
            start[i] = LEN_PRIOR_MEAN;
        }
        for (int i = 0; i < cat.length; i++) {
            lo[num.length + i] = CAT_LO;
            hi[num.length + i] = CAT_HI;
            start[num.length + i] = CAT_PRIOR_MEAN;
        }
        lo[k - 2] = SIG_LO;
        hi[k - 2] = SIG_HI;
        start[k - 2] = 0.0;
        lo[k - 1] = NOISE_LO;
        hi[k - 1] = NOISE_HI;
        start[k - 1] = NOISE_PRIOR_MEAN;

        // A previous fit on nearly the same data is a good start; without one, try the prior's mode
        // and a random point, as the likelihood can have several modes.
        double[][] starts = warmStart != null && warmStart.length == k
                ? new double[][] {clip(warmStart, lo, hi)}
                : new double[][] {start, randomStart(lo, hi, rng)};
        Likelihood likelihood = new Likelihood(x, y, num, cat);
        double[] best = start;
        double bestValue = Double.POSITIVE_INFINITY;
        for (double[] s : starts) {
            // Bounds by reparametrisation: θ = lo + (hi − lo)·sigmoid(φ).
            double[] phi = new double[k];
            for (int i = 0; i < k; i++) {
                double t = (s[i] - lo[i]) / (hi[i] - lo[i]);
                t = Math.min(1 - 1e-6, Math.max(1e-6, t));
                phi[i] = Math.log(t / (1 - t));
            }
            Lbfgs.Function f = (ph, grad) -> {
                double[] theta = new double[k];
                double[] dtheta = new double[k];
                for (int i = 0; i < k; i++) {
                    double sig = 1 / (1 + Math.exp(-ph[i]));
                    theta[i] = lo[i] + (hi[i] - lo[i]) * sig;
                    dtheta[i] = (hi[i] - lo[i]) * sig * (1 - sig);
                }
                double v = likelihood.value(theta, grad);
                for (int i = 0; i < k; i++) {
                    grad[i] *= dtheta[i];
                }
                return v;
            };
            double[] found = Lbfgs.minimise(f, phi, 60);
            double[] theta = new double[k];
            for (int i = 0; i < k; i++) {
                theta[i] = lo[i] + (hi[i] - lo[i]) / (1 + Math.exp(-found[i]));
            }
            double v = likelihood.value(theta, new double[k]);
            if (v < bestValue) {
                bestValue = v;
                best = theta;
            }
        }
        return build(num, cat, best, x, y);
    }

    private static GaussianProcess build(int[] num, int[] cat, double[] theta, double[][] x, double[] y) {
        double[][] l = null;
        double[] t = theta.clone();
        for (int attempt = 0; attempt < 6 && l == null; attempt++) {
            l = cholesky(covariance(t, x, num, cat));
            if (l == null) {
                // Not positive definite in floating point: raise the noise until it is.
                t[t.length - 1] = Math.min(NOISE_HI, t[t.length - 1] + 2.0);
            }
        }
        if (l == null) {
            throw new IllegalStateException("the Gaussian-process covariance is not positive definite");
        }
        return new GaussianProcess(num, cat, t, x, y, l);
    }

    /** The model with more data points under the same hyperparameters (for kriging believer). */
    GaussianProcess condition(double[] point, double value) {
        double[][] x2 = Arrays.copyOf(x, x.length + 1);
        x2[x.length] = point;
        double[] y2 = Arrays.copyOf(y, y.length + 1);
        y2[y.length] = value;
        return build(numeric, categorical, theta, x2, y2);
    }

    /** The log hyperparameters, to warm-start the next fit. */
    double[] theta() {
        return theta.clone();
    }

    /** Posterior mean and variance of the latent function at {@code p}: {mean, variance}. */
    double[] predict(double[] p) {
        int n = x.length;
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = kernel(p, x[i]);
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += k[i] * alpha[i];
        }
        double[] v = forward(chol, k);
        double var = signal;
        for (double vi : v) {
            var -= vi * vi;
        }
        return new double[] {mean, Math.max(var, 1e-12)};
    }

    private double kernel(double[] a, double[] b) {
        return kernel(a, b, numeric, invLength, categorical, catWeight, signal);
    }

    private static double kernel(double[] a, double[] b, int[] num, double[] invLength, int[] cat, double[] catWeight, double signal) {
        double r2 = 0;
        for (int i = 0; i < num.length; i++) {
            double d = (a[num[i]] - b[num[i]]) * invLength[i];
            r2 += d * d;
        }
        double r = Math.sqrt(r2);
        double m = (1 + SQRT5 * r + 5.0 / 3.0 * r2) * Math.exp(-SQRT5 * r);
        double c = 0;
        for (int i = 0; i < cat.length; i++) {
            if (a[cat[i]] != b[cat[i]]) {
                c += catWeight[i];
            }
        }
        return signal * m * Math.exp(-c);
    }

    private static double[][] covariance(double[] theta, double[][] x, int[] num, int[] cat) {
        double[] invLength = new double[num.length];
        for (int i = 0; i < num.length; i++) {
            invLength[i] = Math.exp(-theta[i]);
        }
        double[] catWeight = new double[cat.length];
        for (int i = 0; i < cat.length; i++) {
            catWeight[i] = Math.exp(theta[num.length + i]);
        }
        double signal = Math.exp(theta[theta.length - 2]);
        double noise = Math.exp(theta[theta.length - 1]);
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double v = kernel(x[i], x[j], num, invLength, cat, catWeight, signal);
                k[i][j] = v;
                k[j][i] = v;
            }
            k[i][i] = signal + noise + JITTER;
        }
        return k;
    }

    /** Negative log marginal likelihood plus the negative log prior of the hyperparameters (for tests). */
    static double objective(double[] theta, double[][] x, double[] y, boolean[] categorical, double[] gradient) {
        return new Likelihood(x, y, indices(categorical, false), indices(categorical, true)).value(theta, gradient);
    }

    /**
     * The MAP objective and its gradient in the log hyperparameters (Rasmussen and Williams eq.
     * 5.9): ∂/∂θ = ½ tr((K⁻¹ − ααᵀ) ∂K/∂θ) plus the prior's terms. Pairwise squared differences
     * are computed once per fit.
     */
    private static final class Likelihood {
        private final double[] y;
        private final int[] num;
        private final int[] cat;
        private final int n;
        private final double[][] d2;
        private final boolean[][] differs;

        Likelihood(double[][] x, double[] y, int[] num, int[] cat) {
            this.y = y;
            this.num = num;
            this.cat = cat;
            this.n = x.length;
            int pairs = n * (n - 1) / 2;
            this.d2 = new double[num.length][pairs];
            this.differs = new boolean[cat.length][pairs];
            int q = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++, q++) {
                    for (int d = 0; d < num.length; d++) {
                        double diff = x[i][num[d]] - x[j][num[d]];
                        d2[d][q] = diff * diff;
                    }
                    for (int c = 0; c < cat.length; c++) {
                        differs[c][q] = x[i][cat[c]] != x[j][cat[c]];
                    }
                }
            }
        }

        double value(double[] theta, double[] grad) {
            int p = num.length;
            int k = theta.length;
            double[] invL2 = new double[p];
            for (int d = 0; d < p; d++) {
                invL2[d] = Math.exp(-2 * theta[d]);
            }
            double[] w = new double[cat.length];
            for (int c = 0; c < cat.length; c++) {
                w[c] = Math.exp(theta[p + c]);
            }
            double signal = Math.exp(theta[k - 2]);
            double noise = Math.exp(theta[k - 1]);
            double[][] kk = new double[n][n];
            double[] dLen = new double[n * (n - 1) / 2];
            int q = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++, q++) {
                    double r2 = 0;
                    for (int d = 0; d < p; d++) {
                        r2 += d2[d][q] * invL2[d];
                    }
                    double r = Math.sqrt(r2);
                    double e = Math.exp(-SQRT5 * r);
                    double c = 0;
                    for (int m = 0; m < cat.length; m++) {
                        if (differs[m][q]) {
                            c += w[m];
                        }
                    }
                    double overlap = Math.exp(-c);
                    double v = signal * (1 + SQRT5 * r + 5.0 / 3.0 * r2) * e * overlap;
                    kk[i][j] = v;
                    kk[j][i] = v;
                    dLen[q] = signal * 5.0 / 3.0 * (1 + SQRT5 * r) * e * overlap;
                }
                kk[i][i] = signal + noise + JITTER;
            }
            double[][] l = cholesky(kk);
            java.util.Arrays.fill(grad, 0.0);
            if (l == null) {
                return Double.POSITIVE_INFINITY;
            }
            double[] alpha = solveBoth(l, y);
            double fit = 0;
            double logDet = 0;
            for (int i = 0; i < n; i++) {
                fit += y[i] * alpha[i];
                logDet += Math.log(l[i][i]);
            }
            double value = 0.5 * fit + logDet + 0.5 * n * LOG_2PI;
            // W = K⁻¹ − ααᵀ, from the inverse of L.
            double[][] li = new double[n][n];
            for (int c = 0; c < n; c++) {
                for (int i = c; i < n; i++) {
                    double s = i == c ? 1.0 : 0.0;
                    for (int m = c; m < i; m++) {
                        s -= l[i][m] * li[m][c];
                    }
                    li[i][c] = s / l[i][i];
                }
            }
            double gSignal = 0;
            double gNoise = 0;
            q = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double kinv = 0;
                    for (int m = i; m < n; m++) {
                        kinv += li[m][i] * li[m][j];
                    }
                    double wij = kinv - alpha[i] * alpha[j];
                    if (i == j) {
                        gSignal += 0.5 * wij * signal;
                        gNoise += 0.5 * wij * noise;
                        continue;
                    }
                    // Off-diagonal pairs appear twice in the trace: ½ · 2 = 1.
                    gSignal += wij * kk[i][j];
                    for (int d = 0; d < p; d++) {
                        grad[d] += wij * dLen[q] * d2[d][q] * invL2[d];
                    }
                    for (int m = 0; m < cat.length; m++) {
                        if (differs[m][q]) {
                            grad[p + m] -= wij * kk[i][j] * w[m];
                        }
                    }
                    q++;
                }
            }
            grad[k - 2] = gSignal;
            grad[k - 1] = gNoise;
            // Log-normal priors on the hyperparameters.
            for (int d = 0; d < p; d++) {
                value += 0.5 * sq((theta[d] - LEN_PRIOR_MEAN) / LEN_PRIOR_SD);
                grad[d] += (theta[d] - LEN_PRIOR_MEAN) / (LEN_PRIOR_SD * LEN_PRIOR_SD);
            }
            for (int m = 0; m < cat.length; m++) {
                value += 0.5 * sq((theta[p + m] - CAT_PRIOR_MEAN) / CAT_PRIOR_SD);
                grad[p + m] += (theta[p + m] - CAT_PRIOR_MEAN) / (CAT_PRIOR_SD * CAT_PRIOR_SD);
            }
            value += 0.5 * sq(theta[k - 2] / SIG_PRIOR_SD);
            grad[k - 2] += theta[k - 2] / (SIG_PRIOR_SD * SIG_PRIOR_SD);
            value += 0.5 * sq((theta[k - 1] - NOISE_PRIOR_MEAN) / NOISE_PRIOR_SD);
            grad[k - 1] += (theta[k - 1] - NOISE_PRIOR_MEAN) / (NOISE_PRIOR_SD * NOISE_PRIOR_SD);
            return value;
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    // --- linear algebra --------------------------------------------------------------------------

    /** The lower Cholesky factor of a symmetric matrix, or null when it is not positive definite. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                double[] li = l[i];
                double[] lj = l[j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        return l;
    }

    /** Solves L·v = b. */
    static double[] forward(double[][] l, double[] b) {
        int n = b.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * v[k];
            }
            v[i] = s / l[i][i];
        }
        return v;
    }

    /** Solves (L·Lᵀ)·a = b. */
    static double[] solveBoth(double[][] l, double[] b) {
        double[] v = forward(l, b);
        int n = v.length;
        double[] a = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = v[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * a[k];
            }
            a[i] = s / l[i][i];
        }
        return a;
    }

    private static int[] indices(boolean[] categorical, boolean which) {
        int count = 0;
        for (boolean c : categorical) {
            if (c == which) {
                count++;
            }
        }
        int[] out = new int[count];
        int j = 0;
        for (int i = 0; i < categorical.length; i++) {
            if (categorical[i] == which) {
                out[j++] = i;
            }
        }
        return out;
    }

    private static double[] clip(double[] v, double[] lo, double[] hi) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.min(hi[i], Math.max(lo[i], v[i]));
        }
        return out;
    }

    private static double[] randomStart(double[] lo, double[] hi, RandomGenerator rng) {
        double[] out = new double[lo.length];
        for (int i = 0; i < lo.length; i++) {
            // Stay away from the bounds: BOBYQA needs room for its initial trust region.
            out[i] = lo[i] + (0.2 + 0.6 * rng.nextDouble()) * (hi[i] - lo[i]);
        }
        return out;
    }
}
