package dev.cerulean.ml.forecast;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * Exponential smoothing, Holt's linear and damped trends and Holt-Winters' additive and multiplicative
 * seasonal methods, in the component form of Hyndman and Athanasopoulos ("Forecasting: Principles and
 * Practice", 3rd ed., 2021, chapter 8):
 *
 * <pre>
 * forecast  ŷ(t) = (l + φb) + s(t−m)          additive season      ŷ(t) = (l + φb) · s(t−m)   multiplicative
 * level     l' = α (y − s) + (1 − α)(l + φb)                       l' = α y / s + (1 − α)(l + φb)
 * trend     b' = β (l' − l) + (1 − β) φ b
 * season    s' = γ (y − l − φb) + (1 − γ) s                        s' = γ y / (l + φb) + (1 − γ) s
 * h ahead   l + (φ + … + φ^h) b, plus (times) the last season's value for that position
 * </pre>
 *
 * The smoothing parameters (α, β, γ in [0.0001, 0.9999], φ in [0.8, 0.98]) minimise the sum of squared
 * one-step errors (as R's {@code HoltWinters} does), by BOBYQA (Powell 2009) from commons-math, Brent's method
 * for the single parameter of simple smoothing; initial states come from the first season(s) (level the
 * first season's mean, trend the change between the first two seasons' means, seasonal indices the first
 * season's deviations). Each series gets the variant with the lowest AICc among those its length and sign
 * allow (multiplicative seasons need positive values; seasons need two full seasons of history).
 */
public final class ExponentialSmoothing implements SeriesMethod {
    /** The instance. */
    public static final ExponentialSmoothing INSTANCE = new ExponentialSmoothing();

    /** Variants: trend none / additive / damped, season none / additive / multiplicative. */
    enum Variant {
        SES(false, false, 0), HOLT(true, false, 0), DAMPED(true, true, 0), SEASONAL_ADD(false, false, 1),
        SEASONAL_MUL(false, false, 2), HW_ADD(true, false, 1), HW_MUL(true, false, 2), HW_ADD_DAMPED(true, true, 1),
        HW_MUL_DAMPED(true, true, 2);

        final boolean trend;
        final boolean damped;
        /** 0 none, 1 additive, 2 multiplicative. */
        final int season;

        Variant(boolean trend, boolean damped, int season) {
            this.trend = trend;
            this.damped = damped;
            this.season = season;
        }

        int freeParameters() {
            return 1 + (trend ? 1 : 0) + (damped ? 1 : 0) + (season > 0 ? 1 : 0);
        }
    }

    private static final double LO = 1e-4;
    private static final double HI = 0.9999;
    private static final double PHI_LO = 0.8;
    private static final double PHI_HI = 0.98;

    private ExponentialSmoothing() {
    }

    @Override
    public String name() {
        return "exponential_smoothing";
    }

    @Override
    public boolean seasonal() {
        return false;
    }

    /** Parameters: {variant ordinal, α, β, γ, φ}. */
    @Override
    public double[] fit(double[] y, int m) {
        double[] best = null;
        double bestAicc = Double.POSITIVE_INFINITY;
        boolean positive = Arrays.stream(y).allMatch(v -> v > 0);
        for (Variant v : Variant.values()) {
            if (v.season > 0 && (m <= 1 || y.length < 2 * m + 2)) {
                continue;
            }
            if (v.season == 2 && !positive) {
                continue;
            }
            int start = v.season > 0 ? m : 1;
            int n = y.length - start;
            int k = v.freeParameters() + 1 + (v.trend ? 1 : 0) + (v.season > 0 ? m : 0);
            if (n - k - 2 <= 0 || (v.trend && y.length < 4)) {
                continue;
            }
            double[] p = optimise(y, m, v);
            double sse = run(y, m, p, 0, null);
            if (!Double.isFinite(sse)) {
                continue;
            }
            double aic = n * Math.log(Math.max(sse, 1e-300) / n) + 2 * (k + 1);
            double aicc = aic + 2.0 * (k + 1) * (k + 2) / (n - k - 2);
            if (aicc < bestAicc) {
                bestAicc = aicc;
                best = p;
            }
        }
        if (best == null) {
            // Too short for any variant's penalty: simple smoothing without model selection.
            best = y.length >= 2 ? optimise(y, m, Variant.SES) : new double[] {Variant.SES.ordinal(), 0.5, 0, 0, 1};
        }
        return best;
    }

    @Override
    public double[] forecast(double[] y, int m, double[] params, int h) {
        double[] out = new double[h];
        run(y, m, params, h, out);
        return out;
    }

    @Override
    public String describe(double[] p) {
        Variant v = Variant.values()[(int) p[0]];
        StringBuilder s = new StringBuilder(v.name().toLowerCase(Locale.ROOT)).append(String.format(Locale.ROOT, " alpha=%.3f", p[1]));
        if (v.trend) {
            s.append(String.format(Locale.ROOT, " beta=%.3f", p[2]));
        }
        if (v.season > 0) {
            s.append(String.format(Locale.ROOT, " gamma=%.3f", p[3]));
        }
        if (v.damped) {
            s.append(String.format(Locale.ROOT, " phi=%.3f", p[4]));
        }
        return s.toString();
    }

    /** The chosen variant's name for a parameter vector. */
    static String variant(double[] p) {
        return Variant.values()[(int) p[0]].name().toLowerCase(Locale.ROOT);
    }

    private static double[] optimise(double[] y, int m, Variant v) {
        int d = v.freeParameters();
        double[] lo = new double[d];
        double[] hi = new double[d];
        double[] x0 = new double[d];
        int i = 0;
        lo[i] = LO;
        hi[i] = HI;
        x0[i++] = 0.3;
        if (v.trend) {
            lo[i] = LO;
            hi[i] = HI;
            x0[i++] = 0.1;
        }
        if (v.season > 0) {
            lo[i] = LO;
            hi[i] = HI;
            x0[i++] = 0.1;
        }
        if (v.damped) {
            lo[i] = PHI_LO;
            hi[i] = PHI_HI;
            x0[i] = 0.9;
        }
        if (d == 1) {
            BrentOptimizer brent = new BrentOptimizer(1e-8, 1e-10);
            UnivariatePointValuePair r = brent.optimize(new MaxEval(500), GoalType.MINIMIZE, new SearchInterval(LO, HI, 0.3),
                    new UnivariateObjectiveFunction(a -> run(y, m, params(v, new double[] {a}), 0, null)));
            return params(v, new double[] {r.getPoint()});
        }
        MultivariateFunction f = x -> {
            double sse = run(y, m, params(v, x), 0, null);
            return Double.isFinite(sse) ? sse : Double.MAX_VALUE / 4;
        };
        BOBYQAOptimizer opt = new BOBYQAOptimizer(2 * d + 1, 0.05, 1e-6);
        PointValuePair r = opt.optimize(new MaxEval(3000), new ObjectiveFunction(f), GoalType.MINIMIZE, new InitialGuess(x0),
                new SimpleBounds(lo, hi));
        return params(v, r.getPoint());
    }

    private static double[] params(Variant v, double[] x) {
        double[] p = {v.ordinal(), 0, 0, 0, 1};
        int i = 0;
        p[1] = x[i++];
        if (v.trend) {
            p[2] = x[i++];
        }
        if (v.season > 0) {
            p[3] = x[i++];
        }
        if (v.damped) {
            p[4] = x[i];
        }
        return p;
    }

    /**
     * Runs the recursions over {@code y}: returns the sum of squared one-step errors, and writes {@code h}
     * forecasts past the end into {@code out} when it is not null.
     */
    static double run(double[] y, int m, double[] p, int h, double[] out) {
        Variant v = Variant.values()[(int) p[0]];
        double alpha = p[1];
        double beta = p[2];
        double gamma = p[3];
        double phi = v.damped ? p[4] : 1;
        int n = y.length;
        double level;
        double trend = 0;
        double[] season = null;
        int start;
        if (v.season > 0 && m > 1 && n >= 2 * m) {
            double first = mean(y, 0, m);
            double second = mean(y, m, 2 * m);
            trend = v.trend ? (second - first) / m : 0;
            // The first season's mean sits in its middle: move it to the season's last period.
            level = first + trend * (m - 1) / 2.0;
            season = new double[m];
            for (int i = 0; i < m; i++) {
                double centred = first + trend * (i - (m - 1) / 2.0);
                season[i] = v.season == 1 ? y[i] - centred : y[i] / centred;
            }
            normalise(season, v.season);
            start = m;
        } else {
            level = y[0];
            if (v.trend && n >= 2) {
                int k = Math.min(n - 1, 3);
                trend = (y[k] - y[0]) / k;
            }
            start = 1;
        }
        double sse = 0;
        for (int t = start; t < n; t++) {
            double base = level + phi * trend;
            double s = season == null ? (v.season == 2 ? 1 : 0) : season[t % m];
            double fc = v.season == 2 ? base * s : base + s;
            double e = y[t] - fc;
            sse += e * e;
            double newLevel;
            if (v.season == 2) {
                newLevel = alpha * (y[t] / s) + (1 - alpha) * base;
            } else {
                newLevel = alpha * (y[t] - s) + (1 - alpha) * base;
            }
            if (v.trend) {
                trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
            }
            if (season != null) {
                season[t % m] = v.season == 2 ? gamma * (y[t] / base) + (1 - gamma) * s : gamma * (y[t] - base) + (1 - gamma) * s;
            }
            level = newLevel;
            if (!Double.isFinite(level)) {
                return Double.POSITIVE_INFINITY;
            }
        }
        if (out != null) {
            double phiSum = 0;
            double phiPow = 1;
            for (int k = 1; k <= h; k++) {
                phiPow *= phi;
                phiSum += phiPow;
                double base = level + phiSum * trend;
                if (season == null) {
                    out[k - 1] = base;
                } else {
                    double s = season[(n + k - 1) % m];
                    out[k - 1] = v.season == 2 ? base * s : base + s;
                }
            }
        }
        return sse;
    }

    private static double mean(double[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += y[i];
        }
        return s / (to - from);
    }

    private static void normalise(double[] s, int kind) {
        double mean = Arrays.stream(s).average().orElse(kind == 2 ? 1 : 0);
        for (int i = 0; i < s.length; i++) {
            s[i] = kind == 2 ? s[i] / mean : s[i] - mean;
        }
    }
}
