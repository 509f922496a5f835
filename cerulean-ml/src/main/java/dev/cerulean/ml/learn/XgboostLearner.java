package dev.cerulean.ml.learn;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.FeaturizerConfig;
import dev.cerulean.ml.natives.NativeLibraries;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost through XGBoost4J (Chen and Guestrin, "XGBoost: A Scalable Tree Boosting System", KDD 2016),
 * {@code hist} tree method. Training runs round by round so early stopping watches the validation loss
 * here; an early-stopped model keeps its extra rounds but predicts with the best ones (its
 * {@code best_iteration} attribute, which XGBoost's scikit-learn wrapper also honours). The model is
 * reproducible for a given seed and {@code nthread}.
 */
public final class XgboostLearner implements Learner<XgboostParams> {
    /** The instance. */
    public static final XgboostLearner INSTANCE = new XgboostLearner();

    private XgboostLearner() {
    }

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public List<ParamDef> params() {
        return XgboostParams.DEFS;
    }

    @Override
    public XgboostParams parse(Map<String, ?> values) {
        return XgboostParams.fromMap(values);
    }

    @Override
    public FeaturizerConfig featurizerConfig(Task task) {
        return FeaturizerConfig.forTrees();
    }

    /** XGBoost's parameter map for these hyperparameters (public so benchmarks can train the raw library identically). */
    public Map<String, Object> nativeParams(Task task, int classes, XgboostParams p, FitContext ctx) {
        Map<String, Object> m = new HashMap<>();
        switch (task) {
            case BINARY -> {
                m.put("objective", "binary:logistic");
                m.put("eval_metric", "logloss");
            }
            case MULTICLASS -> {
                m.put("objective", "multi:softprob");
                m.put("num_class", classes);
                m.put("eval_metric", "mlogloss");
            }
            default -> {
                m.put("objective", "reg:squarederror");
                m.put("eval_metric", "rmse");
            }
        }
        m.put("tree_method", "hist");
        m.put("eta", p.learningRate());
        m.put("max_depth", p.maxDepth());
        m.put("max_leaves", p.maxLeaves());
        m.put("grow_policy", p.growPolicy());
        m.put("min_child_weight", p.minChildWeight());
        m.put("subsample", p.subsample());
        m.put("colsample_bytree", p.colsampleBytree());
        m.put("colsample_bylevel", p.colsampleBylevel());
        m.put("alpha", p.regAlpha());
        m.put("lambda", p.regLambda());
        m.put("gamma", p.gamma());
        m.put("max_bin", p.maxBin());
        m.put("max_delta_step", p.maxDeltaStep());
        m.put("scale_pos_weight", p.scalePosWeight());
        m.put("seed", ctx.seed());
        m.put("nthread", ctx.threads());
        m.put("verbosity", 0);
        return m;
    }

    @Override
    public Predictor fit(FeatureMatrix x, double[] y, Task task, int classes, XgboostParams p, FitContext ctx) {
        p.validate();
        String[] names = FeatureNames.sanitize(x.names());
        DMatrix train = null;
        DMatrix valid = null;
        try {
            train = matrix(x, y, names);
            boolean early = p.earlyStoppingRounds() > 0 && ctx.validX() != null;
            valid = early ? matrix(ctx.validX(), ctx.validY(), names) : null;
            Booster booster = XGBoost.train(train, nativeParams(task, classes, p, ctx), 0, Map.of(), null, null);
            double best = Double.POSITIVE_INFINITY;
            int bestIter = -1;
            int done = 0;
            boolean interrupted = false;
            for (int i = 0; i < p.nEstimators(); i++) {
                if (i > 0 && ctx.shouldStop()) {
                    interrupted = true;
                    break;
                }
                booster.update(train, i);
                done = i + 1;
                if (early) {
                    double loss = parseEval(booster.evalSet(new DMatrix[] {valid}, new String[] {"valid"}, i));
                    if (loss < best - 1e-12) {
                        best = loss;
                        bestIter = i;
                    } else if (i - bestIter >= p.earlyStoppingRounds()) {
                        break;
                    }
                }
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("iterations", done);
            if (interrupted) {
                info.put("interrupted", true);
            }
            int end = 0;
            if (early) {
                info.put("best_iteration", bestIter + 1);
                info.put("best_validation_loss", best);
                // XGBoost's convention: best_iteration is the 0-based index of the best round.
                booster.setAttr("best_iteration", Integer.toString(bestIter));
                end = bestIter + 1 < done ? bestIter + 1 : 0;
            }
            return new XgbPredictor(task, classes, x.cols(), names, booster, end, info);
        } catch (XGBoostError e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "xgboost training failed: " + e.getMessage(), null, List.of(), e);
        } finally {
            if (train != null) {
                train.dispose();
            }
            if (valid != null) {
                valid.dispose();
            }
        }
    }

    private static double parseEval(String line) {
        // "[12]\tvalid-logloss:0.3125"
        int colon = line.lastIndexOf(':');
        return Double.parseDouble(line.substring(colon + 1).strip());
    }

    static DMatrix matrix(FeatureMatrix x, double[] y, String[] names) throws XGBoostError {
        NativeLibraries.xgboost();
        DMatrix d = new DMatrix(x.toFloats(), x.rows(), x.cols(), Float.NaN);
        float[] label = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            label[i] = (float) y[i];
        }
        d.setLabel(label);
        d.setFeatureNames(names);
        return d;
    }

    @Override
    public Predictor load(byte[] data, Task task, int classes) {
        NativeLibraries.xgboost();
        try {
            Booster b = XGBoost.loadModel(data);
            String[] names = b.getFeatureNames();
            String best = b.getAttr("best_iteration");
            int end = best == null ? 0 : Integer.parseInt(best) + 1;
            if (end >= b.getNumBoostedRound()) {
                end = 0;
            }
            return new XgbPredictor(task, classes, (int) b.getNumFeature(), names, b, end, Map.of());
        } catch (XGBoostError | IOException | NumberFormatException e) {
            throw new InvalidParameterException("not an XGBoost model: " + e.getMessage(), "model");
        }
    }

    /**
     * The task and class count an XGBoost model declares (its {@code learner.objective} and
     * {@code num_class}), for models trained elsewhere.
     *
     * @return {task, classes} where classes is 0 for regression
     * @throws InvalidParameterException if the bytes are not a model or the objective is not supported
     */
    public static Object[] describe(byte[] model) {
        NativeLibraries.xgboost();
        try {
            Booster b = XGBoost.loadModel(model);
            try {
                com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(b.toByteArray("json"));
                com.fasterxml.jackson.databind.JsonNode learner = root.path("learner");
                String objective = learner.path("objective").path("name").asText("");
                int numClass = Integer.parseInt(learner.path("learner_model_param").path("num_class").asText("0"));
                if (objective.equals("binary:logistic")) {
                    return new Object[] {Task.BINARY, 2};
                }
                if (objective.equals("multi:softprob")) {
                    return new Object[] {Task.MULTICLASS, numClass};
                }
                if (objective.startsWith("reg:") || objective.equals("count:poisson")) {
                    return new Object[] {Task.REGRESSION, 0};
                }
                throw new InvalidParameterException("XGBoost objective '" + objective
                        + "' is not supported for scoring here (binary:logistic, multi:softprob and reg:* are)", "model");
            } finally {
                b.dispose();
            }
        } catch (XGBoostError | IOException | NumberFormatException e) {
            throw new InvalidParameterException("not an XGBoost model: " + e.getMessage(), "model");
        }
    }

    /**
     * A fitted XGBoost booster. Predicts with {@code inplace_predict} (no DMatrix per call, thread-safe).
     */
    static final class XgbPredictor implements ContributionPredictor {
        /** Batches up to this many rows are scored single-threaded. */
        static final int SMALL_BATCH = 64;
        private final Task task;
        private final int classes;
        private final int features;
        private final String[] names;
        private final Booster booster;
        private final int[] iterationRange;
        private final Map<String, Object> info;
        /** A single-threaded copy for small batches, made on first use. */
        private volatile Booster small;

        XgbPredictor(Task task, int classes, int features, String[] names, Booster booster, int iterationEnd,
                Map<String, Object> info) {
            this.task = task;
            this.classes = classes;
            this.features = features;
            this.names = names;
            this.booster = booster;
            this.iterationRange = new int[] {0, iterationEnd};
            this.info = Map.copyOf(info);
        }

        @Override
        public String learner() {
            return "xgboost";
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
            if (x.rows() == 0) {
                return new double[0];
            }
            return predictRaw(x.toFloats(), x.rows());
        }

        /** Predictions for row-major floats, in {@link Predictor#predict} layout. */
        double[] predictRaw(float[] data, int rows) {
            try {
                // A request of a few rows gains nothing from OpenMP threads and, on a busy machine, loses
                // milliseconds at their barriers (measured: 16 ms p50 for one row with 2 threads), so small
                // batches go to a single-threaded copy of the booster.
                Booster b = rows <= SMALL_BATCH ? smallBooster() : booster;
                float[][] raw = b.inplace_predict(data, rows, features, Float.NaN, iterationRange,
                        Booster.PredictionType.kValue, null);
                if (task == Task.MULTICLASS) {
                    double[] out = new double[rows * classes];
                    for (int i = 0; i < rows; i++) {
                        for (int k = 0; k < classes; k++) {
                            out[i * classes + k] = raw[i][k];
                        }
                    }
                    return out;
                }
                double[] v = new double[rows];
                for (int i = 0; i < rows; i++) {
                    v[i] = raw[i][0];
                }
                return task == Task.BINARY ? Predictor.binaryToPairs(v) : v;
            } catch (XGBoostError e) {
                throw new CeruleanException(ErrorCode.INTERNAL, "xgboost prediction failed: " + e.getMessage(), null, List.of(), e);
            }
        }

        @Override
        public double[] rawScores(FeatureMatrix x) {
            Predictor.checkWidth(x, features);
            if (x.rows() == 0) {
                return new double[0];
            }
            try {
                float[][] raw = booster.inplace_predict(x.toFloats(), x.rows(), features, Float.NaN, iterationRange,
                        Booster.PredictionType.kMargin, null);
                int w = scoreWidth();
                double[] out = new double[x.rows() * w];
                for (int i = 0; i < x.rows(); i++) {
                    for (int k = 0; k < w; k++) {
                        out[i * w + k] = raw[i][k];
                    }
                }
                return out;
            } catch (XGBoostError e) {
                throw new CeruleanException(ErrorCode.INTERNAL, "xgboost prediction failed: " + e.getMessage(), null, List.of(), e);
            }
        }

        @Override
        public double[] contributions(FeatureMatrix x) {
            Predictor.checkWidth(x, features);
            if (x.rows() == 0) {
                return new double[0];
            }
            DMatrix d = null;
            try {
                d = new DMatrix(x.toFloats(), x.rows(), features, Float.NaN);
                if (names != null) {
                    d.setFeatureNames(names);
                }
                // The tree limit counts boosting rounds, like the iteration range of the raw scores.
                float[][] c = booster.predictContrib(d, iterationRange[1]);
                int width = scoreWidth() * (features + 1);
                double[] out = new double[x.rows() * width];
                for (int i = 0; i < x.rows(); i++) {
                    for (int j = 0; j < width; j++) {
                        out[i * width + j] = c[i][j];
                    }
                }
                return out;
            } catch (XGBoostError e) {
                throw new CeruleanException(ErrorCode.INTERNAL, "xgboost contributions failed: " + e.getMessage(), null, List.of(), e);
            } finally {
                if (d != null) {
                    d.dispose();
                }
            }
        }

        private Booster smallBooster() throws XGBoostError {
            Booster b = small;
            if (b == null) {
                synchronized (this) {
                    b = small;
                    if (b == null) {
                        try {
                            b = XGBoost.loadModel(booster.toByteArray("ubj"));
                        } catch (IOException e) {
                            throw new XGBoostError("cannot copy the booster: " + e.getMessage());
                        }
                        b.setParam("nthread", 1);
                        small = b;
                    }
                }
            }
            return b;
        }

        @Override
        public double[] featureImportance() {
            double[] out = new double[features];
            if (names == null) {
                return out;
            }
            try {
                // Always pass the names: getScore(null, ...) crashes the JVM in XGBoost4J 3.x.
                Map<String, Double> gain = booster.getScore(names, "total_gain");
                for (int j = 0; j < names.length; j++) {
                    out[j] = gain.getOrDefault(names[j], 0.0);
                }
                return out;
            } catch (XGBoostError e) {
                throw new CeruleanException(ErrorCode.INTERNAL, "xgboost importance failed: " + e.getMessage(), null, List.of(), e);
            }
        }

        @Override
        public SavedModel save() {
            try {
                return new SavedModel("model.ubj", booster.toByteArray("ubj"), "xgboost", "ubj");
            } catch (XGBoostError e) {
                throw new CeruleanException(ErrorCode.INTERNAL, "xgboost save failed: " + e.getMessage(), null, List.of(), e);
            }
        }

        @Override
        public Map<String, Object> trainingInfo() {
            return info;
        }

        @Override
        public void close() {
            booster.dispose();
            Booster b = small;
            if (b != null) {
                b.dispose();
            }
        }
    }
}
