package dev.cerulean.ml.learn;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.FeaturizerConfig;
import dev.cerulean.ml.natives.NativeLibraries;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * LightGBM through lightgbm4j (Ke et al., "LightGBM: A Highly Efficient Gradient Boosting Decision
 * Tree", NeurIPS 2017): gradient boosting ({@code lightgbm}), and in {@code boosting=rf} mode random
 * forest ({@code random_forest}) and extremely randomized trees ({@code extra_trees}); see {@link
 * ForestParams}. Categoricals use LightGBM's native categorical splits. Training passes
 * {@code deterministic=true} and {@code force_row_wise=true} so a seed and thread count fix the model.
 */
public final class LightGbmLearner<P extends LearnerParams> implements Learner<P> {
    /** Which LightGBM mode. */
    enum Mode { GBDT, RF, EXTRA_TREES }

    /** Gradient boosting. */
    public static final LightGbmLearner<LightGbmParams> GBDT = new LightGbmLearner<>(Mode.GBDT);
    /** Random forest. */
    public static final LightGbmLearner<ForestParams> RANDOM_FOREST = new LightGbmLearner<>(Mode.RF);
    /** Extremely randomized trees. */
    public static final LightGbmLearner<ForestParams> EXTRA_TREES = new LightGbmLearner<>(Mode.EXTRA_TREES);

    private final Mode mode;

    private LightGbmLearner(Mode mode) {
        this.mode = mode;
    }

    @Override
    public String name() {
        return switch (mode) {
            case GBDT -> "lightgbm";
            case RF -> "random_forest";
            case EXTRA_TREES -> "extra_trees";
        };
    }

    @Override
    public List<ParamDef> params() {
        return mode == Mode.GBDT ? LightGbmParams.DEFS : ForestParams.DEFS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public P parse(Map<String, ?> values) {
        if (mode == Mode.GBDT) {
            return (P) LightGbmParams.fromMap(values);
        }
        try {
            return (P) ForestParams.fromMap(values);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException(e.getMessage().replace("random_forest", name()), e.target());
        }
    }

    @Override
    public FeaturizerConfig featurizerConfig(Task task) {
        return FeaturizerConfig.forNativeCategoricalTrees();
    }

    /**
     * The LightGBM parameter string for these hyperparameters, defaults left to the data chosen for
     * {@code x.rows()} rows (public so benchmarks can train the raw library identically).
     */
    public String parameterString(FeatureMatrix x, Task task, int classes, P params, FitContext ctx) {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (task) {
            case BINARY -> {
                p.put("objective", "binary");
                p.put("metric", "binary_logloss");
            }
            case MULTICLASS -> {
                p.put("objective", "multiclass");
                p.put("num_class", classes);
                p.put("metric", "multi_logloss");
            }
            default -> {
                p.put("objective", "regression");
                p.put("metric", "l2");
            }
        }
        if (params instanceof LightGbmParams given) {
            LightGbmParams g = given.resolve(x.rows(), task);
            p.put("boosting", "gbdt");
            p.put("learning_rate", g.learningRate());
            p.put("num_leaves", g.numLeaves());
            p.put("max_depth", g.maxDepth());
            p.put("min_data_in_leaf", g.minChildSamples());
            p.put("min_sum_hessian_in_leaf", g.minChildWeight());
            p.put("feature_fraction", g.colsampleBytree());
            p.put("bagging_fraction", g.subsample());
            p.put("bagging_freq", g.subsampleFreq());
            p.put("lambda_l1", g.regAlpha());
            p.put("lambda_l2", g.regLambda());
            p.put("min_gain_to_split", g.minSplitGain());
            p.put("max_bin", g.maxBin());
            p.put("extra_trees", g.extraTrees());
        } else {
            ForestParams f = (ForestParams) params;
            double ff = f.maxFeatures() != null ? f.maxFeatures()
                    : task.isClassification() ? Math.sqrt(x.cols()) / x.cols() : 1.0;
            p.put("boosting", "rf");
            p.put("num_leaves", f.numLeaves());
            p.put("max_depth", f.maxDepth());
            p.put("min_data_in_leaf", f.minSamplesLeaf());
            p.put("feature_fraction_bynode", Math.min(1.0, Math.max(ff, 1.0 / x.cols())));
            p.put("bagging_fraction", f.sampleFraction());
            p.put("bagging_freq", 1);
            p.put("max_bin", f.maxBin());
            p.put("extra_trees", mode == Mode.EXTRA_TREES);
        }
        if (x.categorical().length > 0) {
            p.put("categorical_feature", Arrays.stream(x.categorical()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        }
        p.put("seed", ctx.seed());
        p.put("num_threads", ctx.threads());
        p.put("deterministic", true);
        p.put("force_row_wise", true);
        p.put("verbose", -1);
        return p.entrySet().stream().map(e -> e.getKey() + "=" + fmt(e.getValue())).collect(Collectors.joining(" "));
    }

    private static String fmt(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : Double.toString(d);
        }
        return String.valueOf(v).toLowerCase(Locale.ROOT);
    }

    @Override
    @SuppressWarnings("unchecked")
    public P resolve(P params, int rows, Task task) {
        return params instanceof LightGbmParams g ? (P) g.resolve(rows, task) : params;
    }

    /**
     * Trains. Gradient boosting resolves its data-chosen defaults for {@code x.rows()} rows ({@link
     * LightGbmParams#resolve}). With early stopping on and a validation set in {@code ctx}, it watches that
     * set and keeps the trees up to the best round. With early stopping on and no validation set, it holds
     * out {@code validation_fraction} of the rows (seeded by the context's seed, stratified by class for
     * classification), boosts on the rest while watching the held-out share, then refits on every row for
     * the best round count scaled by the row ratio ({@link #refitRounds}; so no row is lost to the
     * hold-out). The training info records the best round on the watched rows ({@code best_iteration}),
     * the rounds of the model ({@code iterations}) and the rows watched ({@code validation_rows};
     * {@code validation} is {@code internal} or {@code given}).
     */
    @Override
    public Predictor fit(FeatureMatrix x, double[] y, Task task, int classes, P params, FitContext ctx) {
        params.validate();
        P used = resolve(params, x.rows(), task);
        int rounds = used instanceof LightGbmParams g ? g.nEstimators() : ((ForestParams) used).nEstimators();
        int patience = used instanceof LightGbmParams g ? g.earlyStoppingRounds() : 0;
        FeatureMatrix trainX = x;
        double[] trainY = y;
        FeatureMatrix validX = ctx.validX();
        double[] validY = ctx.validY();
        boolean internal = false;
        if (patience > 0 && validX == null && x.rows() >= 2) {
            int[] labels = null;
            if (task.isClassification()) {
                labels = new int[y.length];
                for (int i = 0; i < y.length; i++) {
                    labels[i] = (int) y[i];
                }
            }
            Fold split = Splits.trainValidation(x.rows(), ((LightGbmParams) used).validationFraction(), labels, ctx.seed());
            trainX = x.take(split.train());
            trainY = pick(y, split.train());
            validX = x.take(split.test());
            validY = pick(y, split.test());
            internal = true;
        }
        boolean early = patience > 0 && validX != null;
        try {
            Boosted b = boost(trainX, trainY, early ? validX : null, early ? validY : null, rounds, patience,
                    parameterString(trainX, task, classes, used, ctx), ctx);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("iterations", b.done());
            if (early) {
                info.put("best_iteration", b.bestRounds());
                info.put("best_validation_loss", b.bestLoss());
                info.put("validation_rows", validX.rows());
                info.put("validation", internal ? "internal" : "given");
            }
            if (b.interrupted()) {
                info.put("interrupted", true);
            }
            if (internal && !b.interrupted()) {
                // The held-out share chose the round count; the model learns from every row (measured better than
                // keeping the model of the other 90%: bench/run lightgbm-defaults).
                b.booster().close();
                int refitRounds = refitRounds(b.bestRounds(), x.rows(), trainX.rows(), rounds);
                Boosted all = boost(x, y, null, null, refitRounds, 0, parameterString(x, task, classes, used, ctx), ctx);
                info.put("iterations", all.done());
                if (all.interrupted()) {
                    info.put("interrupted", true);
                }
                return new LightGbmPredictor(name(), task, classes, LgbmNative.fromBooster(all.booster()), info);
            }
            if (early && b.bestRounds() < b.done()) {
                // Keep only the trees up to the best round, so the saved model is the early-stopped one.
                String text = b.booster().saveModelToString(0, b.bestRounds(), LGBMBooster.FeatureImportanceType.SPLIT);
                b.booster().close();
                return new LightGbmPredictor(name(), task, classes, LgbmNative.fromString(text), info);
            }
            return new LightGbmPredictor(name(), task, classes, LgbmNative.fromBooster(b.booster()), info);
        } catch (LGBMException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, name() + " training failed: " + e.getMessage(), null, List.of(), e);
        }
    }

    /**
     * The rounds of the refit on all {@code rows} after {@code best} rounds were best when boosting on
     * {@code boosted} of them: scaled by the row ratio, as more rows carry more rounds before overfitting
     * (measured on the shared tables: closer to the best fixed round count than the unscaled one), at most
     * {@code cap}.
     */
    static int refitRounds(int best, int rows, int boosted, int cap) {
        return (int) Math.max(1, Math.min(cap, Math.round(best * (double) rows / boosted)));
    }

    /**
     * A booster and what its boosting loop did.
     *
     * @param booster     the booster (the caller closes it)
     * @param done        rounds trained
     * @param bestRounds  rounds up to the best validation loss (= done without validation)
     * @param bestLoss    that loss (infinite without validation)
     * @param interrupted whether the context's stop condition ended the loop
     */
    private record Boosted(LGBMBooster booster, int done, int bestRounds, double bestLoss, boolean interrupted) {
    }

    /** Boosts up to {@code rounds} rounds, stopping after {@code patience} rounds without a better validation loss. */
    private static Boosted boost(FeatureMatrix x, double[] y, FeatureMatrix validX, double[] validY, int rounds, int patience,
            String ps, FitContext ctx) throws LGBMException {
        try (LGBMDataset train = dataset(x, y, ps, null)) {
            LGBMDataset valid = validX != null ? dataset(validX, validY, ps, train) : null;
            try {
                LGBMBooster booster = LGBMBooster.create(train, ps);
                if (valid != null) {
                    booster.addValidData(valid);
                }
                double best = Double.POSITIVE_INFINITY;
                int bestIter = -1;
                int done = 0;
                boolean interrupted = false;
                for (int i = 0; i < rounds; i++) {
                    if (i > 0 && ctx.shouldStop()) {
                        interrupted = true;
                        break;
                    }
                    boolean finished = booster.updateOneIter();
                    done = i + 1;
                    if (valid != null) {
                        double loss = booster.getEval(1)[0];
                        if (loss < best - 1e-12) {
                            best = loss;
                            bestIter = i;
                        } else if (i - bestIter >= patience) {
                            break;
                        }
                    }
                    if (finished) {
                        break;
                    }
                }
                return new Boosted(booster, done, valid != null ? bestIter + 1 : done, best, interrupted);
            } finally {
                if (valid != null) {
                    valid.close();
                }
            }
        }
    }

    private static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }

    static LGBMDataset dataset(FeatureMatrix x, double[] y, String params, LGBMDataset reference) throws LGBMException {
        NativeLibraries.lightGbm();
        LGBMDataset ds = LGBMDataset.createFromMat(x.values(), x.rows(), x.cols(), true, params, reference);
        float[] label = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            label[i] = (float) y[i];
        }
        ds.setField("label", label);
        ds.setFeatureNames(FeatureNames.sanitize(x.names()));
        return ds;
    }

    @Override
    public Predictor load(byte[] data, Task task, int classes) {
        return new LightGbmPredictor(name(), task, classes, LgbmNative.fromString(new String(data, StandardCharsets.UTF_8)),
                Map.of());
    }

    /**
     * The task and class count a LightGBM model text declares ({@code objective=binary ...},
     * {@code num_class=3}), for models trained elsewhere.
     *
     * @return {task, classes} where classes is 0 for regression
     * @throws InvalidParameterException if the text has no objective line or an unsupported objective
     */
    public static Object[] describe(String modelText) {
        String objective = null;
        int numClass = 1;
        for (String line : modelText.split("\n", 200)) {
            if (line.startsWith("objective=")) {
                objective = line.substring("objective=".length()).strip().split("\\s+")[0];
            } else if (line.startsWith("num_class=")) {
                numClass = Integer.parseInt(line.substring("num_class=".length()).strip());
            }
        }
        if (objective == null) {
            throw new InvalidParameterException("the LightGBM model has no objective line", "model");
        }
        if (objective.equals("binary") || objective.equals("cross_entropy")) {
            return new Object[] {Task.BINARY, 2};
        }
        if (objective.startsWith("multiclass") || objective.equals("softmax") || objective.equals("multiclassova")) {
            return new Object[] {Task.MULTICLASS, numClass};
        }
        if (objective.startsWith("regression") || objective.equals("huber") || objective.equals("fair")
                || objective.equals("poisson") || objective.equals("quantile") || objective.equals("mape")
                || objective.equals("gamma") || objective.equals("tweedie")) {
            return new Object[] {Task.REGRESSION, 0};
        }
        throw new InvalidParameterException("LightGBM objective '" + objective + "' is not supported for scoring here", "model");
    }

    /** A fitted LightGBM model, predicting through {@link LgbmNative}. */
    static final class LightGbmPredictor implements ContributionPredictor {
        private final String learner;
        private final Task task;
        private final int classes;
        private final LgbmNative model;
        private final Map<String, Object> info;

        LightGbmPredictor(String learner, Task task, int classes, LgbmNative model, Map<String, Object> info) {
            this.learner = learner;
            this.task = task;
            this.classes = classes;
            this.model = model;
            this.info = Map.copyOf(info);
        }

        @Override
        public String learner() {
            return learner;
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
            return model.features();
        }

        @Override
        public double[] predict(FeatureMatrix x) {
            Predictor.checkWidth(x, model.features());
            if (x.rows() == 0) {
                return new double[0];
            }
            double[] raw = model.predict(x.values(), x.rows(), x.cols());
            return task == Task.BINARY ? Predictor.binaryToPairs(raw) : raw;
        }

        @Override
        public double[] rawScores(FeatureMatrix x) {
            Predictor.checkWidth(x, model.features());
            if (x.rows() == 0) {
                return new double[0];
            }
            return averaged(model.predictRaw(x.values(), x.rows(), x.cols()));
        }

        /**
         * In random-forest mode LightGBM's raw scores and contributions are sums over the trees, while its
         * predictions average them: divide, so the raw score is the margin behind the prediction.
         */
        private double[] averaged(double[] v) {
            if (learner.equals("lightgbm")) {
                return v;
            }
            int trees = Math.max(1, model.iterations());
            for (int i = 0; i < v.length; i++) {
                v[i] /= trees;
            }
            return v;
        }

        @Override
        public double[] contributions(FeatureMatrix x) {
            Predictor.checkWidth(x, model.features());
            if (x.rows() == 0) {
                return new double[0];
            }
            return averaged(model.predictContrib(x.values(), x.rows(), x.cols()));
        }

        @Override
        public double[] featureImportance() {
            return model.gainImportance();
        }

        @Override
        public SavedModel save() {
            return new SavedModel("model.lgb", model.text().getBytes(StandardCharsets.UTF_8), "lightgbm", "lgb");
        }

        @Override
        public Map<String, Object> trainingInfo() {
            return info;
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
