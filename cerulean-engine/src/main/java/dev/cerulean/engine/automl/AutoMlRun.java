package dev.cerulean.engine.automl;

import dev.cerulean.core.CancelToken;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.jobs.Leaderboard;
import dev.cerulean.engine.SearchProgress;
import dev.cerulean.engine.port.RunLogger;
import dev.cerulean.engine.train.TrainTask;
import dev.cerulean.ml.automl.AutoMl;
import dev.cerulean.ml.automl.AutoMlListener;
import dev.cerulean.ml.automl.AutoMlResult;
import dev.cerulean.ml.automl.AutoMlSpec;
import dev.cerulean.ml.automl.Guardrail;
import dev.cerulean.ml.automl.TrialResult;
import dev.cerulean.ml.chart.Charts;
import dev.cerulean.ml.explain.Explanation;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.pkg.ModelPackage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An AutoML job: runs {@link AutoMl} and reports into the job's run (guardrails, progress, best so far, the
 * leaderboard, the explanation) and one child run per trial (its algorithm, featurization, hyperparameters,
 * metrics and duration). The best trial's child run holds the model package, ready to register.
 */
public final class AutoMlRun {
    private AutoMlRun() {
    }

    /** Creates the child runs of trials. */
    public interface TrialRuns {
        /**
         * Records one finished trial as a child run of the job's run.
         *
         * @return the child run's id
         */
        String record(String runName, Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags, boolean ok,
                long startMillis, long endMillis);

        /** A logger into an existing child run (to store the best model in it). */
        RunLogger logger(String runId);
    }

    /** What the job produced. */
    public record Outcome(String bestRun, String bestAlgorithm, String primaryMetric, double bestScore, int trials, String stopReason) {
    }

    /**
     * Runs AutoML and logs what it does.
     *
     * @param spec     the settings and data (loaded frames, so the model's input example can be kept)
     * @param jobName  the job (and its run)
     * @param logger   the job's run
     * @param trials   creates trial child runs
     * @param cancel   the job's cancel token
     * @param scratch  a folder for the model package
     */
    public static Outcome run(AutoMlSpec spec, String jobName, RunLogger logger, TrialRuns trials, CancelToken cancel, Path scratch,
            SearchProgress progress) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("task", spec.task().wireName());
        params.put("primary_metric", spec.primaryMetric());
        params.put("target_column_name", spec.target());
        params.put("timeout_minutes", spec.limits().timeout().toSeconds() / 60.0);
        params.put("max_trials", spec.limits().maxTrials());
        params.put("seed", spec.seed());
        Map<String, String> p = new LinkedHashMap<>();
        params.forEach((k, v) -> p.put(k, String.valueOf(v)));
        logger.logParams(p);
        logger.setTags(Map.of("cerulean.primary_metric", spec.primaryMetric()));
        logger.log("[automl] " + spec.task().wireName() + " on " + spec.trainingData().rowCount() + " rows, target '" + spec.target()
                + "', primary metric " + spec.primaryMetric() + ", budget " + human(spec.limits().timeout()));

        Listener listener = new Listener(jobName, logger, trials, spec, progress);
        AutoMlResult result = AutoMl.run(spec, listener, cancel);
        try {
            if (cancel.isCancelled()) {
                throw new CeruleanException(ErrorCode.CONFLICT, "cancelled: " + cancel.reason());
            }
            result.warnings().forEach(w -> logger.log("[automl] warning: " + w));
            TrialResult best = result.best();
            String bestRun = listener.runs.get(best.id());
            logger.log(String.format(Locale.ROOT, "[automl] finished (%s) after %s: %d trials; best is trial %d, %s, %s %.5f", reason(result),
                    human(result.elapsed()), result.leaderboard().size(), best.id(), best.algorithm(), result.primaryMetric(), best.score()));

            Map<String, Double> metrics = new LinkedHashMap<>();
            best.metrics().forEach((k, v) -> putFinite(metrics, k, v));
            result.testMetrics().forEach((k, v) -> putFinite(metrics, "test_" + k, v));
            metrics.put("trials", (double) result.leaderboard().size());
            logger.logMetrics(metrics, 0);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("cerulean.best_run", bestRun == null ? "" : bestRun);
            tags.put("cerulean.best_algorithm", best.algorithm());
            tags.put("cerulean.primary_metric", result.primaryMetric());
            tags.put("cerulean.goal", result.higherIsBetter() ? "maximize" : "minimize");
            tags.put("cerulean.stop_reason", result.stopReason().name().toLowerCase(Locale.ROOT));
            tags.put("cerulean.validation", result.validation());
            tags.put("cerulean.task", result.modelTask().name().toLowerCase(Locale.ROOT));
            logger.setTags(tags);
            logger.logArtifact(leaderboard(result).getBytes(StandardCharsets.UTF_8), "leaderboard.csv");
            if (!result.details().isEmpty()) {
                logger.logArtifact(Json.write(result.details()), "details.json");
            }
            Explanation ex = result.explanation();
            if (ex != null) {
                logger.logArtifact(Json.write(ex), "explanation/global_importance.json");
                logger.logArtifact(Charts.bar("Permutation importance (" + ex.metric() + ")", "importance", ex.importance(), 25),
                        "explanation/permutation_importance.png");
                if (!ex.shapImportance().isEmpty()) {
                    logger.logArtifact(Charts.bar("Mean |TreeSHAP value|", "mean |SHAP|", ex.shapImportance(), 25),
                            "explanation/shap_importance.png");
                }
            }
            if (bestRun == null) {
                throw new CeruleanException(ErrorCode.INTERNAL, "the best trial " + best.id() + " has no run");
            }
            progress.settle(bestRun, best.score());
            Path dir = scratch.resolve("model");
            Frame example = TrainTask.inputExample(spec.trainingData(), spec.target());
            ModelPackage.save(result.bestModel(), dir, new ModelPackage.SaveOptions(example, bestRun, "model",
                    Map.of("algorithm", best.algorithm(), "automl_job", jobName)));
            trials.logger(bestRun).logArtifact(dir, "model");
            logger.log("[automl] stored the best model in run " + bestRun + " under model/");
            return new Outcome(bestRun, best.algorithm(), result.primaryMetric(), best.score(), result.leaderboard().size(),
                    result.stopReason().name().toLowerCase(Locale.ROOT));
        } finally {
            result.close();
        }
    }

    /** Reports AutoML's events as they happen. */
    private static final class Listener implements AutoMlListener {
        private final String jobName;
        private final RunLogger logger;
        private final TrialRuns trials;
        private final AutoMlSpec spec;
        private final SearchProgress progress;
        final Map<Integer, String> runs = new ConcurrentHashMap<>();
        private final Map<Integer, Long> started = new ConcurrentHashMap<>();
        private volatile String lastPhase = "";
        private volatile long lastProgress;

        Listener(String jobName, RunLogger logger, TrialRuns trials, AutoMlSpec spec, SearchProgress progress) {
            this.jobName = jobName;
            this.logger = logger;
            this.trials = trials;
            this.spec = spec;
            this.progress = progress;
        }

        @Override
        public void guardrails(List<Guardrail> guardrails) {
            logger.log("[automl] data guardrails:");
            for (Guardrail g : guardrails) {
                logger.log(String.format(Locale.ROOT, "[automl]   %-32s %-8s %s", g.name(), g.status().name().toLowerCase(Locale.ROOT),
                        g.message()));
                g.details().stream().limit(10).forEach(d -> logger.log("[automl]       " + d));
            }
            logger.logArtifact(Json.write(guardrails), "guardrails.json");
        }

        @Override
        public void trialStarted(TrialStarted e) {
            started.put(e.trialId(), System.currentTimeMillis());
        }

        @Override
        public void trialFinished(TrialFinished e) {
            TrialResult t = e.result();
            long end = System.currentTimeMillis();
            long start = started.getOrDefault(t.id(), end - t.duration().toMillis());
            Map<String, String> params = new LinkedHashMap<>();
            params.put("algorithm", t.algorithm());
            params.put("learner", t.learner());
            params.put("featurization", t.featurization());
            params.put("origin", t.origin());
            t.hyperparameters().forEach((k, v) -> params.put(k, String.valueOf(v)));
            Map<String, Double> metrics = new LinkedHashMap<>();
            t.metrics().forEach((k, v) -> putFinite(metrics, k, v));
            metrics.put("duration_seconds", t.duration().toMillis() / 1000.0);
            t.trainingInfo().forEach((k, v) -> {
                if (v instanceof Number) {
                    putFinite(metrics, "training_" + k, ((Number) v).doubleValue());
                }
            });
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("cerulean.trial", Integer.toString(t.id()));
            tags.put("cerulean.algorithm", t.algorithm());
            tags.put("cerulean.trial_status", t.status().name().toLowerCase(Locale.ROOT));
            if (!t.message().isEmpty()) {
                tags.put("cerulean.error", t.message().length() > 5000 ? t.message().substring(0, 5000) : t.message());
            }
            boolean ok = t.scored();
            String run = trials.record(jobName + "_" + t.id(), params, metrics, tags, ok, start, end);
            runs.put(t.id(), run);
            progress.trial(entry(t, jobName + "_" + t.id(), run), true);
            logger.log(String.format(Locale.ROOT, "[automl] trial %3d %-22s %s %s (%s)%s", t.id(), t.algorithm(), spec.primaryMetric(),
                    ok ? String.format(Locale.ROOT, "%.5f", t.score()) : "-", human(t.duration()),
                    ok ? "" : " " + t.status().name().toLowerCase(Locale.ROOT) + ": " + t.message()));
        }

        @Override
        public void bestSoFar(BestSoFar e) {
            logger.logMetrics(Map.of("best_" + e.metric(), e.value()), e.trialId());
        }

        @Override
        public void progress(Progress e) {
            // Each trial has its own line; progress gets one when the phase changes or every 20 seconds.
            long now = System.nanoTime();
            if (e.phase().equals(lastPhase) && now - lastProgress < 20_000_000_000L) {
                return;
            }
            lastPhase = e.phase();
            lastProgress = now;
            logger.log(String.format(Locale.ROOT, "[automl] %s: %d trials done, %s used, %s left%s", e.phase(), e.trialsFinished(),
                    human(e.elapsed()), human(e.remaining()), e.message() == null || e.message().isEmpty() ? "" : " (" + e.message() + ")"));
        }
    }

    private static String reason(AutoMlResult r) {
        return r.stopReason().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A trial as a leaderboard entry. */
    private static Leaderboard.Entry entry(TrialResult t, String name, String run) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("algorithm", t.algorithm());
        details.put("featurization", t.featurization());
        details.put("duration_seconds", String.format(Locale.ROOT, "%.3f", t.duration().toMillis() / 1000.0));
        details.put("hyperparameters", t.hyperparameters().toString());
        return new Leaderboard.Entry(t.id(), name, run, t.scored() ? t.score() : null, t.status().name().toLowerCase(Locale.ROOT), details);
    }

    /** The leaderboard as CSV, best first. */
    static String leaderboard(AutoMlResult r) {
        Map<Integer, TrialResult> byId = new LinkedHashMap<>();
        List<Leaderboard.Entry> entries = new ArrayList<>();
        for (TrialResult t : r.leaderboard()) {
            byId.put(t.id(), t);
            entries.add(entry(t, Integer.toString(t.id()), null));
        }
        List<TrialResult> rows = new Leaderboard(r.primaryMetric(), r.higherIsBetter(), entries).ranked().stream()
                .map(e -> byId.get(e.number())).toList();
        StringBuilder sb = new StringBuilder("rank,trial,algorithm,").append(r.primaryMetric())
                .append(",duration_seconds,status,featurization,hyperparameters\n");
        int rank = 1;
        for (TrialResult t : rows) {
            sb.append(rank++).append(',').append(t.id()).append(',').append(csv(t.algorithm())).append(',')
                    .append(t.scored() ? Double.toString(t.score()) : "").append(',')
                    .append(String.format(Locale.ROOT, "%.3f", t.duration().toMillis() / 1000.0)).append(',')
                    .append(t.status().name().toLowerCase(Locale.ROOT)).append(',').append(csv(t.featurization())).append(',')
                    .append(csv(t.hyperparameters().toString())).append('\n');
        }
        return sb.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void putFinite(Map<String, Double> m, String k, Double v) {
        if (v != null && Double.isFinite(v)) {
            m.put(k, v);
        }
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s"
                : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    /** JSON for artifacts. */
    private static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = dev.cerulean.core.ApiJson.create()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

        static byte[] write(Object o) {
            try {
                return MAPPER.writeValueAsBytes(o);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
