package dev.cerulean.ml.automl;

import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.feature.FeaturizerConfig;
import dev.cerulean.ml.learn.FitContext;
import dev.cerulean.ml.learn.Learner;
import dev.cerulean.ml.learn.LearnerParams;
import dev.cerulean.ml.learn.Learners;
import dev.cerulean.ml.learn.Predictor;
import dev.cerulean.ml.metrics.Metrics;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.Provenances;
import dev.cerulean.ml.validation.Fold;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Runs one trial: fits the configuration on every fold (folds in parallel on the shared pool), collects its
 * out-of-fold predictions, scores them, and wraps the fold models as one {@link BaggedModel} (or the single
 * model of a hold-out split). Each fold gets an equal share of the trial's time; boosting stops at its
 * share's end and keeps the rounds so far.
 */
final class TrialRunner {
    /** What a trial produced. */
    /**
     * @param predictNanosPerRow time the fold models took to predict their held-out rows, per row
     */
    record Outcome(TrialResult result, Model model, double[] oof, double predictNanosPerRow) {
    }

    private final TabularData data;
    private final FoldCache cache;
    private final ExecutorService pool;
    private final int threads;
    private final long seed;
    private final String datasetHash;
    private final FeaturizationSettings featurization;
    private final Scorer scorer;

    /**
     * @param datasetHash the training data's content hash, recorded in every model's provenance, or null
     */
    TrialRunner(TabularData data, FoldCache cache, ExecutorService pool, int threads, long seed, String datasetHash,
            FeaturizationSettings featurization, Scorer scorer) {
        this.data = data;
        this.cache = cache;
        this.pool = pool;
        this.threads = threads;
        this.seed = seed;
        this.datasetHash = datasetHash;
        this.featurization = featurization;
        this.scorer = scorer;
    }

    /** The featurization a learner gets. */
    FeaturizerConfig featurizerConfig(String learner) {
        return Featurizations.config(Learners.get(learner), data.task, featurization);
    }

    private record FoldFit(Predictor predictor, double[] pred, long predictNanos) {
    }

    /**
     * Runs a trial.
     *
     * @param deadline   System.nanoTime() by which the trial must end
     * @param cancelled  true once the run is cancelled
     */
    Outcome run(int id, Candidate c, long deadline, BooleanSupplier cancelled) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        String algorithm = Algorithms.displayName(c.learner(), data.task);
        Learner<?> learner = Learners.get(c.learner());
        FeaturizerConfig fz = featurizerConfig(c.learner());
        String featurizationText = Featurizations.describe(fz);
        List<Fold> folds = data.folds;
        int k = folds.size();
        int parallel = Math.max(1, Math.min(threads, k));
        int waves = (k + parallel - 1) / parallel;
        long budget = Math.max(1, deadline - start);
        List<Future<FoldFit>> futures = new ArrayList<>();
        LearnerParams params;
        try {
            params = learner.parse(c.hyperparameters());
            params.validate();
        } catch (RuntimeException e) {
            return failed(id, algorithm, c, featurizationText, start, TrialStatus.FAILED, e.getMessage());
        }
        long cells = (long) data.rows() * data.features.columnCount();
        int fitThreads = k == 1 && cells >= 200_000 ? threads : 1;
        for (int f = 0; f < k; f++) {
            final int fold = f;
            final long foldDeadline = start + budget * (f / parallel + 1) / waves;
            BooleanSupplier stop = () -> cancelled.getAsBoolean() || System.nanoTime() > foldDeadline;
            futures.add(pool.submit(() -> fitFold(learner, params, fz, fold, fitThreads, stop)));
        }
        List<FoldFit> fits = new ArrayList<>();
        String error = null;
        for (Future<FoldFit> fu : futures) {
            try {
                fits.add(fu.get());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                error = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                fits.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                fits.add(null);
            }
        }
        if (error != null || cancelled.getAsBoolean()) {
            for (FoldFit ff : fits) {
                if (ff != null) {
                    ff.predictor().close();
                }
            }
            return error != null ? failed(id, algorithm, c, featurizationText, start, TrialStatus.FAILED, error)
                    : failed(id, algorithm, c, featurizationText, start, TrialStatus.CANCELLED, "the run was cancelled");
        }
        int width = data.task.isClassification() ? data.k : 1;
        double[] oof = new double[data.evalRows.length * width];
        List<CeruleanModel> models = new ArrayList<>();
        int interrupted = 0;
        long predictNanos = 0;
        Map<String, Double> infoSums = new LinkedHashMap<>();
        for (int f = 0; f < k; f++) {
            FoldFit ff = fits.get(f);
            int[] test = folds.get(f).test();
            for (int i = 0; i < test.length; i++) {
                System.arraycopy(ff.pred(), i * width, oof, data.evalPos[test[i]] * width, width);
            }
            predictNanos += ff.predictNanos();
            Map<String, Object> info = ff.predictor().trainingInfo();
            if (Boolean.TRUE.equals(info.get("interrupted"))) {
                interrupted++;
            }
            info.forEach((key, v) -> {
                if (v instanceof Number num && !(v instanceof Double d && d.isInfinite())) {
                    infoSums.merge(key, num.doubleValue() / k, Double::sum);
                }
            });
            FoldCache.Entry e = cache.get(f, fz);
            models.add(new CeruleanModel(e.featurizer(), ff.predictor(), data.target, data.classes, data.numericLabels,
                    Provenances.learner(learner.name(), params.toMap(), fz.toMap(), seed, fitThreads, datasetHash, e.train().rows(),
                            data.target, info).build()));
        }
        Map<String, Double> metrics = Metrics.compute(data.task, data.evalY, oof, data.k);
        if (data.task.isClassification()) {
            // The primary metric as the scorer computes it (identical values; this keeps one code path for ranking).
            metrics.put(scorer.metric(), scorer.score(oof));
        }
        double score = metrics.getOrDefault(scorer.metric(), Double.NaN);
        Map<String, Object> trainingInfo = new LinkedHashMap<>();
        infoSums.forEach((key, v) -> trainingInfo.put("mean_" + key, v));
        trainingInfo.put("folds", k);
        Model model = k == 1 ? models.get(0) : new BaggedModel(models, algorithm, c.hyperparameters(), baggedProvenance(learner,
                params, fz, fitThreads, models, trainingInfo));
        TrialStatus status = interrupted > 0 ? TrialStatus.TRUNCATED : TrialStatus.COMPLETED;
        String message = interrupted > 0 ? interrupted + " of " + k + " fold fits reached their time share and kept the rounds"
                + " (trees) trained by then" : "";
        TrialResult r = new TrialResult(id, algorithm, c.learner(), c.hyperparameters(), featurizationText, c.origin(), metrics,
                score, Duration.ofNanos(System.nanoTime() - start), status, message, trainingInfo);
        // A bagged model predicts each row with every fold model.
        return new Outcome(r, model, oof, predictNanos * (double) k / Math.max(1, data.evalRows.length));
    }

    /** The bagged model's provenance: the configuration, all training rows, and each fold model with an equal weight. */
    private Provenance baggedProvenance(Learner<?> learner, LearnerParams params, FeaturizerConfig fz, int fitThreads,
            List<CeruleanModel> folds, Map<String, Object> trainingInfo) {
        double[] weights = new double[folds.size()];
        java.util.Arrays.fill(weights, 1.0 / folds.size());
        List<String> names = java.util.stream.IntStream.range(0, folds.size()).mapToObj(f -> "fold " + f).toList();
        return Provenances.learner(learner.name(), params.toMap(), fz.toMap(), seed, fitThreads, datasetHash, data.rows(), data.target,
                trainingInfo).modelType(Provenance.ModelType.BAGGED).members(Provenances.members(folds, names, weights)).build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private FoldFit fitFold(Learner learner, LearnerParams params, FeaturizerConfig fz, int fold, int fitThreads,
            BooleanSupplier stop) {
        FoldCache.Entry e = cache.get(fold, fz);
        FitContext ctx = new FitContext(seed, fitThreads, null, null, stop);
        Object patience = params.toMap().get("early_stopping_rounds");
        if (patience instanceof Integer p && p > 0) {
            ctx = ctx.withValidation(e.test(), e.yTest());
        }
        Predictor p = learner.fit(e.train(), e.yTrain(), data.task, data.k, params, ctx);
        try {
            long t = System.nanoTime();
            double[] pred = p.predict(e.test());
            return new FoldFit(p, pred, System.nanoTime() - t);
        } catch (RuntimeException ex) {
            p.close();
            throw ex;
        }
    }

    private static Outcome failed(int id, String algorithm, Candidate c, String featurization, long start, TrialStatus status,
            String message) {
        return new Outcome(new TrialResult(id, algorithm, c.learner(), c.hyperparameters(), featurization, c.origin(), Map.of(),
                Double.NaN, Duration.ofNanos(System.nanoTime() - start), status, message, Map.of()), null, null, 0);
    }
}
