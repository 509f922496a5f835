package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Erf;

/**
 * A numeric parameter expression. Each is defined by its quantile function: {@link #fromUnit}
 * maps u ∈ [0, 1] to a value so that u uniform on [0, 1] gives the expression's distribution
 * (inverse-transform sampling). Samplers work in this unit cube: random sampling draws u
 * uniformly, Sobol sampling takes u from a low-discrepancy sequence, and model-based samplers fit
 * their models on u, which puts log-scaled expressions on a log scale and normals on their
 * quantiles.
 *
 * <p>Semantics follow Azure ML (reference-yaml-job-sweep, how-to-tune-hyperparameters):
 * {@code loguniform(min_value, max_value)} is exp(uniform(min_value, max_value)), so its bounds are
 * in log space; the {@code q} variants return round(X / q)·q with round half to even (Python's
 * {@code round}); {@code randint(upper)} is an integer in [0, upper). Values of quantized
 * expressions with an integral {@code q} are {@code Long}s, of {@code randint} too; others are
 * {@code Double}s.
 */
public sealed interface Distribution extends Expression {
    /** The value at quantile {@code u} ∈ [0, 1] (clamped). */
    Object fromUnit(double u);

    /**
     * The quantile of {@code value} (a number, or a numeric string): for discrete expressions the
     * middle of the quantile range that yields that value. Values outside the support are clamped
     * to it; NaN when the value is not a number.
     */
    double toUnit(Object value);

    /** True when the expression takes a countable set of values (randint and the q variants). */
    boolean discrete();

    /** A random value. */
    default Object sample(RandomGenerator rng) {
        return fromUnit(rng.nextDouble());
    }

    /** {@code u} moved to the quantile {@link #toUnit} gives for the value it maps to. */
    default double snap(double u) {
        return discrete() ? toUnit(fromUnit(u)) : clamp(u);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static double clamp(double u) {
        return Double.isNaN(u) ? 0.5 : Math.min(1.0, Math.max(0.0, u));
    }

    /** u kept 1e-12 away from 0 and 1, so that unbounded quantile functions stay finite. */
    private static double inner(double u) {
        return Math.min(1.0 - 1e-12, Math.max(1e-12, clamp(u)));
    }

    /** The standard normal quantile function Φ⁻¹. */
    static double normalQuantile(double u) {
        return Math.sqrt(2.0) * Erf.erfInv(2.0 * inner(u) - 1.0);
    }

    /** The standard normal distribution function Φ. */
    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2.0));
    }

    private static Object quantized(double x, double q) {
        double k = Math.rint(x / q);
        if (q == Math.rint(q) && Math.abs(k * q) < 9.0e15) {
            return (long) (k * q);
        }
        // k·q in binary floating point is 0.30000000000000004 for q = 0.1: keep the digits q has.
        return new BigDecimal(k).multiply(BigDecimal.valueOf(q)).round(MathContext.DECIMAL64).doubleValue();
    }

    private static double num(Object value) {
        Double d = Values.asNumber(value);
        return d == null ? Double.NaN : d;
    }

    private static void require(boolean ok, String type, String field, String message) {
        if (!ok) {
            throw new InvalidParameterException(type + ": " + message, field);
        }
    }

    private static ObjectNode node(String type) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", type);
        return n;
    }

    private static void checkRange(String type, double min, double max) {
        require(Double.isFinite(min), type, "min_value", "min_value must be a finite number, got " + min);
        require(Double.isFinite(max), type, "max_value", "max_value must be a finite number, got " + max);
        require(min < max, type, "min_value", "min_value " + min + " must be less than max_value " + max);
    }

    private static void checkNormal(String type, double mu, double sigma) {
        require(Double.isFinite(mu), type, "mu", "mu must be a finite number, got " + mu);
        require(Double.isFinite(sigma) && sigma > 0, type, "sigma", "sigma must be a positive number, got " + sigma);
    }

    private static void checkQ(String type, double q) {
        require(Double.isFinite(q) && q > 0, type, "q", "q must be a positive number, got " + q);
    }

    /** The quantile midway through the cell [lo, hi] of a discrete value, given the CDF in u. */
    private static double middle(double uLo, double uHi) {
        return clamp(0.5 * (uLo + uHi));
    }

    // --- the expressions -------------------------------------------------------------------------

    /** {@code randint(upper)}: an integer uniform on 0, 1, …, upper − 1. */
    record RandInt(long upper) implements Distribution {
        public RandInt {
            require(upper >= 1, "randint", "upper", "upper must be an integer ≥ 1, got " + upper);
        }

        @Override
        public String type() {
            return "randint";
        }

        @Override
        public Object fromUnit(double u) {
            return Math.min(upper - 1, (long) Math.floor(clamp(u) * upper));
        }

        @Override
        public double toUnit(Object value) {
            double v = num(value);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            double k = Math.min(upper - 1, Math.max(0, Math.rint(v)));
            return (k + 0.5) / upper;
        }

        @Override
        public boolean discrete() {
            return true;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("upper", upper);
            return n;
        }
    }

    /** {@code uniform(min_value, max_value)}: a real uniform on [min_value, max_value]. */
    record Uniform(double minValue, double maxValue) implements Distribution {
        public Uniform {
            checkRange("uniform", minValue, maxValue);
        }

        @Override
        public String type() {
            return "uniform";
        }

        @Override
        public Object fromUnit(double u) {
            return Math.min(maxValue, minValue + clamp(u) * (maxValue - minValue));
        }

        @Override
        public double toUnit(Object value) {
            return clamp((num(value) - minValue) / (maxValue - minValue));
        }

        @Override
        public boolean discrete() {
            return false;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("min_value", minValue);
            n.put("max_value", maxValue);
            return n;
        }
    }

    /** {@code quniform(min_value, max_value, q)}: round(uniform(min_value, max_value) / q) · q. */
    record QUniform(double minValue, double maxValue, double q) implements Distribution {
        public QUniform {
            checkRange("quniform", minValue, maxValue);
            checkQ("quniform", q);
        }

        @Override
        public String type() {
            return "quniform";
        }

        @Override
        public Object fromUnit(double u) {
            return quantized(minValue + clamp(u) * (maxValue - minValue), q);
        }

        @Override
        public double toUnit(Object value) {
            double v = num(value);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            double k = Math.rint(v / q);
            double lo = Math.max(minValue, (k - 0.5) * q);
            double hi = Math.min(maxValue, (k + 0.5) * q);
            double w = maxValue - minValue;
            if (lo > hi) {
                return clamp((v - minValue) / w);
            }
            return middle((lo - minValue) / w, (hi - minValue) / w);
        }

        @Override
        public boolean discrete() {
            return true;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("min_value", minValue);
            n.put("max_value", maxValue);
            n.put("q", q);
            return n;
        }
    }

    /**
     * {@code loguniform(min_value, max_value)}: exp(uniform(min_value, max_value)). The bounds are
     * in log space: {@code min_value: -6.9, max_value: 0} gives values from 0.001 to 1.
     */
    record LogUniform(double minValue, double maxValue) implements Distribution {
        public LogUniform {
            checkRange("loguniform", minValue, maxValue);
        }

        @Override
        public String type() {
            return "loguniform";
        }

        @Override
        public Object fromUnit(double u) {
            return Math.exp(minValue + clamp(u) * (maxValue - minValue));
        }

        @Override
        public double toUnit(Object value) {
            double v = num(value);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            return v <= 0 ? 0.0 : clamp((Math.log(v) - minValue) / (maxValue - minValue));
        }

        @Override
        public boolean discrete() {
            return false;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("min_value", minValue);
            n.put("max_value", maxValue);
            return n;
        }
    }

    /** {@code qloguniform(min_value, max_value, q)}: round(exp(uniform(min_value, max_value)) / q) · q. */
    record QLogUniform(double minValue, double maxValue, double q) implements Distribution {
        public QLogUniform {
            checkRange("qloguniform", minValue, maxValue);
            checkQ("qloguniform", q);
        }

        @Override
        public String type() {
            return "qloguniform";
        }

        @Override
        public Object fromUnit(double u) {
            return quantized(Math.exp(minValue + clamp(u) * (maxValue - minValue)), q);
        }

        @Override
        public double toUnit(Object value) {
            double v = num(value);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            double k = Math.rint(v / q);
            double lo = Math.max(Math.exp(minValue), (k - 0.5) * q);
            double hi = Math.min(Math.exp(maxValue), (k + 0.5) * q);
            double w = maxValue - minValue;
            if (lo > hi) {
                return v <= 0 ? 0.0 : clamp((Math.log(v) - minValue) / w);
            }
            return middle((Math.log(lo) - minValue) / w, (Math.log(hi) - minValue) / w);
        }

        @Override
        public boolean discrete() {
            return true;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("min_value", minValue);
            n.put("max_value", maxValue);
            n.put("q", q);
            return n;
        }
    }

    /** {@code normal(mu, sigma)}: a real normally distributed with mean mu and standard deviation sigma. */
    record Normal(double mu, double sigma) implements Distribution {
        public Normal {
            checkNormal("normal", mu, sigma);
        }

        @Override
        public String type() {
            return "normal";
        }

        @Override
        public Object fromUnit(double u) {
            return mu + sigma * normalQuantile(u);
        }

        @Override
        public double toUnit(Object value) {
            double v = num(value);
            return Double.isNaN(v) ? Double.NaN : normalCdf((v - mu) / sigma);
        }

        @Override
        public boolean discrete() {
            return false;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("mu", mu);
            n.put("sigma", sigma);
            return n;
        }
    }

    /** {@code qnormal(mu, sigma, q)}: round(normal(mu, sigma) / q) · q. */
    record QNormal(double mu, double sigma, double q) implements Distribution {
        public QNormal {
            checkNormal("qnormal", mu, sigma);
            checkQ("qnormal", q);
        }

        @Override
        public String type() {
            return "qnormal";
        }

        @Override
        public Object fromUnit(double u) {
            return quantized(mu + sigma * normalQuantile(u), q);
        }

        @Override
        public double toUnit(Object value) {
            double v = num(value);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            double k = Math.rint(v / q);
            return middle(normalCdf(((k - 0.5) * q - mu) / sigma), normalCdf(((k + 0.5) * q - mu) / sigma));
        }

        @Override
        public boolean discrete() {
            return true;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("mu", mu);
            n.put("sigma", sigma);
            n.put("q", q);
            return n;
        }
    }

    /** {@code lognormal(mu, sigma)}: exp(normal(mu, sigma)). */
    record LogNormal(double mu, double sigma) implements Distribution {
        public LogNormal {
            checkNormal("lognormal", mu, sigma);
        }

        @Override
        public String type() {
            return "lognormal";
        }

        @Override
        public Object fromUnit(double u) {
            return Math.exp(mu + sigma * normalQuantile(u));
        }

        @Override
        public double toUnit(Object value) {
            double v = num(value);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            return v <= 0 ? 0.0 : normalCdf((Math.log(v) - mu) / sigma);
        }

        @Override
        public boolean discrete() {
            return false;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("mu", mu);
            n.put("sigma", sigma);
            return n;
        }
    }

    /** {@code qlognormal(mu, sigma, q)}: round(exp(normal(mu, sigma)) / q) · q. */
    record QLogNormal(double mu, double sigma, double q) implements Distribution {
        public QLogNormal {
            checkNormal("qlognormal", mu, sigma);
            checkQ("qlognormal", q);
        }

        @Override
        public String type() {
            return "qlognormal";
        }

        @Override
        public Object fromUnit(double u) {
            return quantized(Math.exp(mu + sigma * normalQuantile(u)), q);
        }

        @Override
        public double toUnit(Object value) {
            double v = num(value);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            double k = Math.max(0, Math.rint(v / q));
            double lo = (k - 0.5) * q;
            double hi = (k + 0.5) * q;
            double uLo = lo <= 0 ? 0.0 : normalCdf((Math.log(lo) - mu) / sigma);
            return middle(uLo, normalCdf((Math.log(hi) - mu) / sigma));
        }

        @Override
        public boolean discrete() {
            return true;
        }

        @Override
        public JsonNode toJson() {
            ObjectNode n = node(type());
            n.put("mu", mu);
            n.put("sigma", sigma);
            n.put("q", q);
            return n;
        }
    }
}
