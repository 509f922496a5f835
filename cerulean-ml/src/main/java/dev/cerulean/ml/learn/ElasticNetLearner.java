package dev.cerulean.ml.learn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.FeaturizerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elastic-net regularised generalised linear models by cyclical coordinate descent, following Friedman,
 * Hastie and Tibshirani, "Regularization Paths for Generalized Linear Models via Coordinate Descent",
 * Journal of Statistical Software 33(1), 2010: linear regression by coordinate descent on the residuals
 * (their section 2), logistic regression by iteratively reweighted least squares with an inner
 * coordinate-descent solve of the penalised weighted problem (section 3), and multinomial regression by
 * the same partial Newton steps one class at a time (section 4). Coordinates are swept over the active
 * set until it settles, then over all features to confirm (their "active set" strategy). Deterministic:
 * the seed is not used. A stop condition in the context is asked between sweeps and between IRLS steps.
 */
public final class ElasticNetLearner implements Learner<ElasticNetParams> {
    /** The instance. */
    public static final ElasticNetLearner INSTANCE = new ElasticNetLearner();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** IRLS outer iterations at most. */
    static final int MAX_OUTER = 100;
    /** Floor on IRLS weights p(1-p), as glmnet does, so saturated rows do not blow up the working response. */
    private static final double MIN_WEIGHT = 1e-5;

    private ElasticNetLearner() {
    }

    @Override
    public String name() {
        return "elastic_net";
    }

    @Override
    public List<ParamDef> params() {
        return ElasticNetParams.DEFS;
    }

    @Override
    public ElasticNetParams parse(Map<String, ?> values) {
        return ElasticNetParams.fromMap(values);
    }

    @Override
    public FeaturizerConfig featurizerConfig(Task task) {
        return FeaturizerConfig.forLinear();
    }

    @Override
    public Predictor fit(FeatureMatrix x, double[] y, Task task, int classes, ElasticNetParams p, FitContext context) {
        p.validate();
        // Remember whether the stop condition cut the descent short, for the training info.
        boolean[] stopped = {false};
        FitContext ctx = context.stop() == null ? context : context.withStop(() -> {
            boolean s = context.shouldStop();
            stopped[0] |= s;
            return s;
        });
        int n = x.rows();
        int d = x.cols();
        // Column-major copy: coordinate descent walks one feature at a time.
        double[][] cols = new double[d][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = x.values()[i * d + j];
                cols[j][i] = Double.isNaN(v) ? 0 : v;
            }
        }
        int outputs = task == Task.MULTICLASS ? classes : 1;
        double[][] beta = new double[outputs][d];
        double[] b0 = new double[outputs];
        int iterations;
        if (task == Task.REGRESSION) {
            double[] w = filled(n, 1.0);
            if (p.fitIntercept()) {
                b0[0] = mean(y);
            }
            iterations = solveWls(cols, y, w, beta[0], b0, 0, p, ctx);
        } else if (task == Task.BINARY) {
            iterations = fitLogistic(cols, y, beta[0], b0, p, ctx);
        } else {
            iterations = fitMultinomial(cols, y, classes, beta, b0, p, ctx);
        }
        Map<String, Object> info = new java.util.LinkedHashMap<>();
        info.put("iterations", iterations);
        if (stopped[0]) {
            info.put("interrupted", true);
        }
        return new LinearPredictor(task, classes, d, beta, b0, info);
    }

    /**
     * Minimises {@code (1/2n) sum w_i (z_i - b0 - x_i b)^2 + alpha (l1 |b|_1 + (1-l1)/2 |b|^2)} in place by
     * coordinate descent. Returns the sweeps made.
     */
    static int solveWls(double[][] cols, double[] z, double[] w, double[] beta, double[] b0Holder, int b0Index,
            ElasticNetParams p, FitContext ctx) {
        int d = cols.length;
        int n = z.length;
        double l1 = p.alpha() * p.l1Ratio();
        double l2 = p.alpha() * (1 - p.l1Ratio());
        double[] xw2 = new double[d];
        double wsum = 0;
        for (int i = 0; i < n; i++) {
            wsum += w[i];
        }
        for (int j = 0; j < d; j++) {
            double s = 0;
            double[] c = cols[j];
            for (int i = 0; i < n; i++) {
                s += w[i] * c[i] * c[i];
            }
            xw2[j] = s / n;
        }
        double b0 = b0Holder[b0Index];
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double eta = b0;
            for (int j = 0; j < d; j++) {
                if (beta[j] != 0) {
                    eta += cols[j][i] * beta[j];
                }
            }
            r[i] = z[i] - eta;
        }
        boolean[] active = new boolean[d];
        int sweeps = 0;
        boolean full = true;
        while (sweeps < p.maxIter()) {
            // A stop request (AutoML's deadline) ends the descent with the coefficients reached so far.
            if (sweeps > 0 && ctx.shouldStop()) {
                break;
            }
            sweeps++;
            double maxChange = 0;
            if (p.fitIntercept() && wsum > 0) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += w[i] * r[i];
                }
                double delta = s / wsum;
                if (delta != 0) {
                    b0 += delta;
                    for (int i = 0; i < n; i++) {
                        r[i] -= delta;
                    }
                    maxChange = Math.max(maxChange, delta * delta * wsum / n);
                }
            }
            for (int j = 0; j < d; j++) {
                if (!full && !active[j] || xw2[j] == 0) {
                    continue;
                }
                double[] c = cols[j];
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += w[i] * c[i] * r[i];
                }
                g = g / n + xw2[j] * beta[j];
                double updated = softThreshold(g, l1) / (xw2[j] + l2);
                double delta = updated - beta[j];
                if (delta != 0) {
                    for (int i = 0; i < n; i++) {
                        r[i] -= c[i] * delta;
                    }
                    beta[j] = updated;
                    maxChange = Math.max(maxChange, xw2[j] * delta * delta);
                }
                active[j] = updated != 0;
            }
            if (maxChange < p.tol()) {
                if (full) {
                    break;
                }
                full = true;
            } else {
                full = false;
            }
        }
        b0Holder[b0Index] = b0;
        return sweeps;
    }

    static double softThreshold(double z, double gamma) {
        if (z > gamma) {
            return z - gamma;
        }
        if (z < -gamma) {
            return z + gamma;
        }
        return 0;
    }

    private int fitLogistic(double[][] cols, double[] y, double[] beta, double[] b0, ElasticNetParams p, FitContext ctx) {
        int n = y.length;
        if (p.fitIntercept()) {
            double m = Math.min(Math.max(mean(y), 1e-6), 1 - 1e-6);
            b0[0] = Math.log(m / (1 - m));
        }
        double[] eta = new double[n];
        double[] w = new double[n];
        double[] z = new double[n];
        double prev = Double.POSITIVE_INFINITY;
        int it = 0;
        for (; it < MAX_OUTER; it++) {
            linear(cols, beta, b0[0], eta);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                double pr = sigmoid(eta[i]);
                w[i] = Math.max(pr * (1 - pr), MIN_WEIGHT);
                z[i] = eta[i] + (y[i] - pr) / w[i];
                loss += logLoss(y[i], pr);
            }
            double obj = loss / n + penalty(beta, p);
            if (Math.abs(prev - obj) <= 1e-9 * Math.max(1, Math.abs(obj))) {
                break;
            }
            prev = obj;
            if (it > 0 && ctx.shouldStop()) {
                break;
            }
            solveWls(cols, z, w, beta, b0, 0, p, ctx);
        }
        return it;
    }

    private int fitMultinomial(double[][] cols, double[] y, int k, double[][] beta, double[] b0, ElasticNetParams p,
            FitContext ctx) {
        int n = y.length;
        double[][] eta = new double[k][n];
        if (p.fitIntercept()) {
            for (int c = 0; c < k; c++) {
                int count = 0;
                for (double v : y) {
                    count += (int) v == c ? 1 : 0;
                }
                b0[c] = Math.log(Math.max(count, 1) / (double) n);
            }
        }
        double[] w = new double[n];
        double[] z = new double[n];
        double prev = Double.POSITIVE_INFINITY;
        int it = 0;
        for (; it < MAX_OUTER; it++) {
            if (it > 0 && ctx.shouldStop()) {
                break;
            }
            for (int c = 0; c < k; c++) {
                for (int cc = 0; cc < k; cc++) {
                    linear(cols, beta[cc], b0[cc], eta[cc]);
                }
                for (int i = 0; i < n; i++) {
                    double pr = softmaxAt(eta, i, c);
                    double target = (int) y[i] == c ? 1 : 0;
                    w[i] = Math.max(pr * (1 - pr), MIN_WEIGHT);
                    z[i] = eta[c][i] + (target - pr) / w[i];
                }
                solveWls(cols, z, w, beta[c], b0, c, p, ctx);
            }
            for (int cc = 0; cc < k; cc++) {
                linear(cols, beta[cc], b0[cc], eta[cc]);
            }
            double loss = 0;
            for (int i = 0; i < n; i++) {
                loss -= Math.log(Math.max(softmaxAt(eta, i, (int) y[i]), 1e-15));
            }
            double obj = loss / n;
            for (double[] b : beta) {
                obj += penalty(b, p);
            }
            if (Math.abs(prev - obj) <= 1e-9 * Math.max(1, Math.abs(obj))) {
                break;
            }
            prev = obj;
        }
        return it;
    }

    private static double softmaxAt(double[][] eta, int i, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] e : eta) {
            max = Math.max(max, e[i]);
        }
        double sum = 0;
        for (double[] e : eta) {
            sum += Math.exp(e[i] - max);
        }
        return Math.exp(eta[c][i] - max) / sum;
    }

    private static double penalty(double[] beta, ElasticNetParams p) {
        double a = 0;
        double b = 0;
        for (double v : beta) {
            a += Math.abs(v);
            b += v * v;
        }
        return p.alpha() * (p.l1Ratio() * a + (1 - p.l1Ratio()) / 2 * b);
    }

    private static void linear(double[][] cols, double[] beta, double b0, double[] out) {
        java.util.Arrays.fill(out, b0);
        for (int j = 0; j < cols.length; j++) {
            double b = beta[j];
            if (b != 0) {
                double[] c = cols[j];
                for (int i = 0; i < out.length; i++) {
                    out[i] += c[i] * b;
                }
            }
        }
    }

    static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }

    private static double logLoss(double y, double p) {
        double q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
        return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** Saved form. */
    record State(String task, int classes, int features, double[][] coefficients, double[] intercepts) {
    }

    @Override
    public Predictor load(byte[] data, Task task, int classes) {
        try {
            State s = JSON.readValue(data, State.class);
            return new LinearPredictor(task, classes, s.features(), s.coefficients(), s.intercepts(), Map.of());
        } catch (IOException e) {
            throw new InvalidParameterException("not an elastic_net model: " + e.getMessage(), "model");
        }
    }

    /** A fitted linear model. */
    static final class LinearPredictor implements Predictor {
        private final Task task;
        private final int classes;
        private final int features;
        private final double[][] beta;
        private final double[] b0;
        private final Map<String, Object> info;

        LinearPredictor(Task task, int classes, int features, double[][] beta, double[] b0, Map<String, Object> info) {
            this.task = task;
            this.classes = classes;
            this.features = features;
            this.beta = beta;
            this.b0 = b0;
            this.info = info;
        }

        /** Coefficients per output (one row for regression/binary, one per class for multiclass). */
        double[][] coefficients() {
            return beta;
        }

        /** Intercepts per output. */
        double[] intercepts() {
            return b0;
        }

        @Override
        public String learner() {
            return "elastic_net";
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public int classes() {
            return classes;
        }

        @Override
        public int featureCount() {
            return features;
        }

        @Override
        public double[] predict(FeatureMatrix x) {
            Predictor.checkWidth(x, features);
            int n = x.rows();
            int k = beta.length;
            double[] eta = new double[n * k];
            double[] v = x.values();
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    double s = b0[c];
                    double[] b = beta[c];
                    for (int j = 0; j < features; j++) {
                        double xv = v[i * features + j];
                        if (b[j] != 0 && !Double.isNaN(xv)) {
                            s += b[j] * xv;
                        }
                    }
                    eta[i * k + c] = s;
                }
            }
            if (task == Task.REGRESSION) {
                return eta;
            }
            if (task == Task.BINARY) {
                double[] p1 = new double[n];
                for (int i = 0; i < n; i++) {
                    p1[i] = sigmoid(eta[i]);
                }
                return Predictor.binaryToPairs(p1);
            }
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, eta[i * k + c]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    eta[i * k + c] = Math.exp(eta[i * k + c] - max);
                    sum += eta[i * k + c];
                }
                for (int c = 0; c < k; c++) {
                    eta[i * k + c] /= sum;
                }
            }
            return eta;
        }

        @Override
        public double[] featureImportance() {
            double[] imp = new double[features];
            for (double[] b : beta) {
                for (int j = 0; j < features; j++) {
                    imp[j] += Math.abs(b[j]);
                }
            }
            return imp;
        }

        @Override
        public SavedModel save() {
            try {
                byte[] bytes = JSON.writeValueAsBytes(new State(task.name(), classes, features, beta, b0));
                return new SavedModel("model.json", bytes, null, "json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, Object> trainingInfo() {
            return new LinkedHashMap<>(info);
        }
    }
}
