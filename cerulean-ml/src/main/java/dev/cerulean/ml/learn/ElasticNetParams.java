package dev.cerulean.ml.learn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elastic-net hyperparameters, with scikit-learn's meaning: the objective is
 * {@code loss/n + alpha * (l1_ratio * |b|_1 + (1 - l1_ratio) / 2 * |b|_2^2)} where loss is half the
 * squared error (regression) or the negative log-likelihood (logistic/multinomial), on standardised
 * features. glmnet calls {@code alpha} lambda and {@code l1_ratio} alpha.
 *
 * @param alpha        regularisation strength (&gt;= 0)
 * @param l1Ratio      mix of L1 (1) and L2 (0)
 * @param maxIter      coordinate-descent sweeps per (re-)weighted least-squares problem
 * @param tol          convergence tolerance on the largest weighted coefficient change
 * @param fitIntercept whether to fit an (unpenalised) intercept
 */
public record ElasticNetParams(double alpha, double l1Ratio, int maxIter, double tol, boolean fitIntercept)
        implements LearnerParams {

    /** The definitions, in order. */
    public static final List<ParamDef> DEFS = List.of(
            ParamDef.real("alpha", 1e-3, 0, false, 1e6, "regularisation strength"),
            ParamDef.real("l1_ratio", 0.5, 0, false, 1, "share of L1 in the penalty"),
            ParamDef.integer("max_iter", 1000, 1, 1_000_000, "coordinate-descent sweeps per inner problem"),
            ParamDef.real("tol", 1e-7, 0, true, 1, "convergence tolerance"),
            ParamDef.bool("fit_intercept", true, "fit an unpenalised intercept"));

    /** Other accepted names. {@code C} (scikit-learn's inverse strength) is handled in {@link #fromMap}. */
    public static final Map<String, String> ALIASES = Map.of("lambda", "alpha", "reg_lambda", "alpha",
            "max_iterations", "max_iter");

    /** The defaults. */
    public static final ElasticNetParams DEFAULTS = fromMap(Map.of());

    /**
     * From spec names to values; missing ones default. {@code C} (as in scikit-learn's
     * LogisticRegression, which Azure ML's {@code LogisticRegression} exposes) is accepted as
     * {@code alpha = 1 / C} — scikit-learn sums the loss where this averages it, so the same C regularises
     * about n times more here; prefer {@code alpha}.
     *
     * @throws dev.cerulean.core.InvalidParameterException for unknown names or bad values
     */
    public static ElasticNetParams fromMap(Map<String, ?> given) {
        Map<String, Object> g = given == null ? new LinkedHashMap<>() : new LinkedHashMap<>(given);
        if (g.containsKey("C")) {
            Object c = g.remove("C");
            double cv = ParamDef.real("C", 1.0, 0, true, Double.POSITIVE_INFINITY, "").coerce("elastic_net", c) instanceof Double d ? d : 1.0;
            g.put("alpha", 1.0 / cv);
        }
        Map<String, Object> v = ParamDef.resolve("elastic_net", DEFS, g, ALIASES);
        return new ElasticNetParams((double) v.get("alpha"), (double) v.get("l1_ratio"), (int) v.get("max_iter"),
                (double) v.get("tol"), (boolean) v.get("fit_intercept"));
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("l1_ratio", l1Ratio);
        m.put("max_iter", maxIter);
        m.put("tol", tol);
        m.put("fit_intercept", fitIntercept);
        return m;
    }

    @Override
    public void validate() {
        ParamDef.check("elastic_net", DEFS, toMap());
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS.toMap());
    }

    /** Builder; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, Object> m;

        private Builder(Map<String, Object> m) {
            this.m = new LinkedHashMap<>(m);
        }

        public Builder alpha(double v) { m.put("alpha", v); return this; }
        public Builder l1Ratio(double v) { m.put("l1_ratio", v); return this; }
        public Builder maxIter(int v) { m.put("max_iter", v); return this; }
        public Builder tol(double v) { m.put("tol", v); return this; }
        public Builder fitIntercept(boolean v) { m.put("fit_intercept", v); return this; }

        /** @throws dev.cerulean.core.InvalidParameterException naming the bad field */
        public ElasticNetParams build() {
            return fromMap(m);
        }
    }
}
