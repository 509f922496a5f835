package dev.cerulean.ml.automl;

import dev.cerulean.core.CancelToken;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.explain.Explanation;
import dev.cerulean.ml.explain.PermutationImportance;
import dev.cerulean.ml.explain.TreeShap;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.MetricNames;
import dev.cerulean.ml.metrics.Metrics;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.Provenances;
import dev.cerulean.ml.tune.Goal;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The classification and regression search: portfolio, then tuning, then ensembles, test scoring and the
 * explanation, all within the time budget. See {@link AutoMl} for the strategy.
 */
final class TabularSearch {
    /** Models kept for ensembling (and their out-of-fold predictions): the best this many. */
    static final int RETAINED = 30;
    /** Members considered by ensemble selection. */
    static final int SELECTION_POOL = 20;
    /** Members of the stacked ensemble at most. */
    static final int STACK_POOL = 10;
    /** Rows ensemble selection works on at most (a fixed random sample beyond). */
    static final int SELECTION_ROWS = 20_000;
    /** Rows the permutation importance is measured on at most. */
    static final int IMPORTANCE_ROWS = 2_000;
    /** Rows TreeSHAP explains at most. */
    static final int SHAP_ROWS = 300;

    private final AutoMlSpec spec;
    private final TabularData data;
    private final Listener listener;
    private final CancelToken cancel;
    private final Clock clock;
    private final List<String> warnings;
    private final List<Guardrail> guardrails;
    private final List<String> learners;
    private final Scorer scorer;
    private final Goal goal;
    private final int threads;

    private final List<TrialResult> results = new ArrayList<>();
    private final Map<Integer, Kept> kept = new HashMap<>();
    private final Map<Integer, Candidate> candidates = new HashMap<>();
    private TrialResult best;
    private int sinceImprovement;
    private long lastImprovement = System.nanoTime();
    private int launched;
    private boolean exhausted;

    /** A retained trial: its model and out-of-fold predictions. */
    private record Kept(TrialResult result, Model model, double[] oof) {
    }

    TabularSearch(AutoMlSpec spec, TabularData data, Listener listener, CancelToken cancel, Clock clock, List<String> warnings,
            List<Guardrail> guardrails, List<String> learners, String metric, int threads) {
        this.spec = spec;
        this.data = data;
        this.listener = listener;
        this.cancel = cancel;
        this.clock = clock;
        this.warnings = warnings;
        this.guardrails = guardrails;
        this.learners = learners;
        this.scorer = new Scorer(metric, data.task, data.k, data.evalY);
        this.goal = MetricNames.higherIsBetter(metric) ? Goal.MAXIMIZE : Goal.MINIMIZE;
        this.threads = threads;
    }

    AutoMlResult run() {
        ExecutorService foldPool = Executors.newFixedThreadPool(threads, AutoMl.daemonThreads("automl-fold"));
        ExecutorService trialPool = Executors.newFixedThreadPool(spec.limits().maxConcurrentTrials(),
                AutoMl.daemonThreads("automl-trial"));
        try {
            FoldCache cache = new FoldCache(data, spec.seed());
            TrialRunner runner = new TrialRunner(data, cache, foldPool, threads, spec.seed(), spec.datasetHash(),
                    spec.featurization(), scorer);
            StopReason reason = search(runner, trialPool);
            return finish(reason);
        } finally {
            trialPool.shutdownNow();
            foldPool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------ search

    private StopReason search(TrialRunner runner, ExecutorService trialPool) {
        int n = data.folds.get(0).train().length;
        List<Candidate> queue = new ArrayList<>(Portfolio.of(data.task, n, data.features.columnCount(), new HashSet<>(learners)));
        if (queue.isEmpty()) {
            // Only families with no portfolio entry (kNN on large data) are allowed: run their defaults.
            for (String l : learners) {
                queue.add(Candidate.portfolio(l + "_default", l, Map.of()));
            }
        }
        Tuner tuner = new Tuner(data.task, n, Portfolio.patience(n), learners, goal, spec.seed());
        CompletionService<TrialRunner.Outcome> done = new ExecutorCompletionService<>(trialPool);
        Map<Future<TrialRunner.Outcome>, Candidate> running = new HashMap<>();
        listener.progress("search", clock, results.size(), "trying the portfolio of " + queue.size() + " configurations, then tuning");
        while (true) {
            StopReason stop = stopReason();
            while (stop == null && running.size() < spec.limits().maxConcurrentTrials()) {
                Candidate c = !queue.isEmpty() ? queue.remove(0) : tuner.next();
                if (c == null) {
                    exhausted = true;
                    stop = stopReason();
                    break;
                }
                int id = ++launched;
                candidates.put(id, c);
                long deadline = trialDeadline();
                listener.trialStarted(new AutoMlListener.TrialStarted(id, Algorithms.displayName(c.learner(), data.task),
                        c.learner(), c.hyperparameters(), Featurizations.describe(runner.featurizerConfig(c.learner())), c.origin(),
                        Instant.now()));
                running.put(done.submit(() -> runner.run(id, c, deadline, cancel::isCancelled)), c);
                stop = stopReason();
            }
            if (running.isEmpty()) {
                return stop == null ? StopReason.SEARCH_EXHAUSTED : stop;
            }
            Future<TrialRunner.Outcome> f;
            try {
                f = done.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel("interrupted");
                continue;
            }
            if (f == null) {
                continue;
            }
            Candidate c = running.remove(f);
            TrialRunner.Outcome o;
            try {
                o = f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a trial crashed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            handle(c, o, tuner);
        }
    }

    /** The deadline of a trial launched now: its timeout, a quarter of the budget, and the search's end. */
    private long trialDeadline() {
        long now = System.nanoTime();
        long cap = spec.limits().trialTimeout() != null ? spec.limits().trialTimeout().toNanos()
                : spec.limits().timeout().toNanos() / 4;
        return Math.min(now + cap, clock.searchDeadline);
    }

    private StopReason stopReason() {
        if (cancel.isCancelled()) {
            return StopReason.CANCELLED;
        }
        if (clock.searchDeadline - System.nanoTime() < clock.minTrialNanos) {
            return StopReason.TIMEOUT;
        }
        if (launched >= spec.limits().maxTrials()) {
            return StopReason.MAX_TRIALS;
        }
        Double exit = spec.limits().exitScore();
        if (exit != null && best != null && !goal.better(exit, best.score())) {
            return StopReason.EXIT_SCORE;
        }
        if (spec.limits().enableEarlyTermination() && results.size() >= AutoMlLimits.EARLY_TERMINATION_WINDOW
                && sinceImprovement >= AutoMlLimits.EARLY_TERMINATION_WINDOW
                && System.nanoTime() - lastImprovement >= (clock.deadline - clock.start) / 10) {
            return StopReason.EARLY_TERMINATION;
        }
        if (exhausted) {
            return StopReason.SEARCH_EXHAUSTED;
        }
        return null;
    }

    private void handle(Candidate c, TrialRunner.Outcome o, Tuner tuner) {
        TrialResult r = o.result();
        results.add(r);
        if (o.oof() != null) {
            updateReserve(o);
        }
        tuner.observe(c, r);
        listener.trialFinished(new AutoMlListener.TrialFinished(r, o.model()));
        if (r.scored() && (best == null || goal.better(r.score(), best.score()))) {
            // Early termination counts only improvements beyond noise.
            if (best == null || Tuner.improves(goal.toLoss(r.score()), goal.toLoss(best.score()))) {
                sinceImprovement = 0;
                lastImprovement = System.nanoTime();
            } else {
                sinceImprovement++;
            }
            best = r;
            listener.bestSoFar(new AutoMlListener.BestSoFar(r.id(), r.algorithm(), scorer.metric(), r.score()));
        } else {
            sinceImprovement++;
        }
        if (o.model() != null) {
            kept.put(r.id(), new Kept(r, o.model(), o.oof()));
            if (kept.size() > RETAINED) {
                Kept worst = kept.values().stream().max(Comparator.comparingDouble(k -> goal.toLoss(k.result().score()))).get();
                kept.remove(worst.result().id());
                close(worst.model());
            }
        }
        listener.progress("search", clock, results.size(), String.format(Locale.ROOT, "trial %d %s %s: %s = %.5f; best %s = %.5f",
                r.id(), r.algorithm(), r.status().name().toLowerCase(Locale.ROOT), scorer.metric(), r.score(),
                best == null ? "-" : best.algorithm(), best == null ? Double.NaN : best.score()));
    }

    private long evalNanos = Long.MAX_VALUE;
    private final List<Double> predictNanosPerRow = new ArrayList<>();

    /**
     * Re-estimates what the phases after the search will cost, from the measured cost of scoring out-of-fold
     * predictions (ensemble selection evaluates the metric some thousands of times) and of predicting a row
     * (the explanation predicts a few thousand rows per column and shuffle), with a 50% margin; the
     * explanation, which shrinks to the time it gets, is given at most 5% of the budget.
     */
    private void updateReserve(TrialRunner.Outcome o) {
        long t = System.nanoTime();
        int sel = Math.min(SELECTION_ROWS, data.evalRows.length);
        scorer.score(o.oof());
        evalNanos = Math.min(evalNanos, (System.nanoTime() - t) * sel / Math.max(1, data.evalRows.length));
        predictNanosPerRow.add(o.predictNanosPerRow());
        double perRow = predictNanosPerRow.stream().mapToDouble(Double::doubleValue).sorted().skip(predictNanosPerRow.size() / 2)
                .findFirst().orElse(0);
        int members = Math.min(SELECTION_POOL, Math.max(1, kept.size() + 1));
        int outer = data.crossValidation ? data.folds.size() : 5;
        boolean bagged = sel < 2000;
        double selections = (outer + 1) * (bagged ? Ensembles.BAGS / 2.0 : 1.0);
        double ensemble = spec.training().enableVoteEnsemble() ? selections * Ensembles.ITERATIONS * members * (double) evalNanos : 0;
        double stack = spec.training().stackEnsemble(spec.task()) ? (outer + 1) * 2e8 : 0;
        int rows = Math.min(IMPORTANCE_ROWS, data.evalRows.length);
        double explain = spec.training().enableModelExplainability()
                ? rows * (1.0 + 2.0 * data.features.columnCount()) * perRow * Math.min(10, members) + SHAP_ROWS * perRow * members : 0;
        double test = data.testFeatures == null ? 0 : data.testFeatures.rowCount() * perRow * members;
        // The explanation sizes itself to the time left (fewer rows, one shuffle), so it gets at most 5% of the budget.
        explain = Math.min(explain, 0.05 * (clock.deadline - clock.start));
        clock.reserve((long) (1.5 * (ensemble + stack + test) + explain));
    }

    // ------------------------------------------------------------------------------------------ finish

    private AutoMlResult finish(StopReason reason) {
        List<TrialResult> board = new ArrayList<>(results);
        if (kept.isEmpty()) {
            String why = results.isEmpty() ? "no trial could run within the time budget" : "every trial failed; the first error: "
                    + results.get(0).message();
            throw new dev.cerulean.core.CeruleanException(reason == StopReason.CANCELLED ? dev.cerulean.core.ErrorCode.INVALID_STATE
                    : dev.cerulean.core.ErrorCode.INVALID_PARAMETER, "AutoML found no model: " + why, "limits.timeout_minutes");
        }
        List<Kept> pool = new ArrayList<>(kept.values());
        pool.sort(Comparator.comparingDouble(k -> goal.toLoss(k.result().score())));
        Kept top = pool.get(0);
        TrialResult chosen = top.result();
        Model chosenModel = top.model();
        Set<Model> ensembleParts = new HashSet<>();
        if (reason != StopReason.CANCELLED && pool.size() >= 2 && (spec.training().enableVoteEnsemble()
                || spec.training().stackEnsemble(spec.task()))) {
            listener.progress("ensembling", clock, results.size(), "ensembling the best " + Math.min(SELECTION_POOL, pool.size())
                    + " models");
            Ensembled e = ensemble(pool, board);
            if (e != null && e.model != null) {
                chosen = e.result;
                chosenModel = e.model;
                if (e.model instanceof EnsembleModel em) {
                    ensembleParts.addAll(em.members());
                }
            }
        }
        Map<String, Double> testMetrics = Map.of();
        if (data.testFeatures != null && reason != StopReason.CANCELLED) {
            listener.progress("testing", clock, results.size(), "scoring the best model on " + data.testFeatures.rowCount()
                    + " test rows");
            double[] pred = chosenModel.predict(data.testFeatures).raw();
            testMetrics = Metrics.compute(data.task, data.testY, pred, data.k);
        }
        Explanation explanation = null;
        if (spec.training().enableModelExplainability() && reason != StopReason.CANCELLED) {
            listener.progress("explaining", clock, results.size(), "measuring feature importance of the best model");
            explanation = explain(chosenModel, chosen);
        }
        // Close every retained model that is not part of the answer.
        for (Kept k : kept.values()) {
            if (k.model() != chosenModel && !ensembleParts.contains(k.model())) {
                close(k.model());
            }
        }
        final TrialResult chosenRow = chosen;
        List<TrialResult> ordered = new ArrayList<>();
        ordered.add(chosenRow);
        board.stream().filter(t -> t != chosenRow && t.scored()).sorted(Comparator.comparingDouble(t -> goal.toLoss(t.score())))
                .forEach(ordered::add);
        board.stream().filter(t -> t != chosenRow && !t.scored()).forEach(ordered::add);
        listener.progress("done", clock, results.size(), "best: " + chosen.algorithm() + " " + scorer.metric() + " = "
                + String.format(Locale.ROOT, "%.5f", chosen.score()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trials", results.size());
        details.put("folds", data.folds.size());
        details.put("cross_validation", data.crossValidation);
        details.put("classes", data.classes);
        return new AutoMlResult(spec.task(), data.task, scorer.metric(), goal == Goal.MAXIMIZE, guardrails, ordered, chosenRow,
                chosenModel, testMetrics, explanation, data.validationDescription, reason, warnings, clock.elapsed(), details);
    }

    private record Ensembled(TrialResult result, Model model) {
    }

    /**
     * Builds the enabled ensembles from the retained models, scores each by cross-fitting (its weights or
     * meta-learner fitted on the other folds' out-of-fold predictions, evaluated on the fold left out), and
     * returns the winner among them and picking the single best model by the same cross-fitting, or null when
     * the single best model wins.
     */
    private Ensembled ensemble(List<Kept> pool, List<TrialResult> board) {
        int width = data.task.isClassification() ? data.k : 1;
        List<Kept> sel = pool.subList(0, Math.min(SELECTION_POOL, pool.size()));
        int m = data.evalRows.length;
        int[] rows = selectionRows(m);
        List<double[]> preds = new ArrayList<>();
        for (Kept k : sel) {
            preds.add(Ensembles.rows(k.oof(), rows, width));
        }
        Scorer s = scorer.subset(rows);
        List<int[]> outer = outerFolds(rows);
        SplittableRandom rng = new SplittableRandom(spec.seed() + 17);
        boolean bagged = rows.length < 2000;
        long start = System.nanoTime();

        // Cross-fitted predictions of each procedure.
        double[] single = new double[rows.length * width];
        double[] voting = spec.training().enableVoteEnsemble() ? new double[rows.length * width] : null;
        double[] stacked = spec.training().stackEnsemble(spec.task()) ? new double[rows.length * width] : null;
        List<Kept> stackPool = stackPool(sel);
        List<Integer> stackIdx = new ArrayList<>();
        for (Kept k : stackPool) {
            stackIdx.add(sel.indexOf(k));
        }
        for (int[] test : outer) {
            int[] train = complement(test, rows.length);
            List<double[]> trainPreds = Ensembles.rows(preds, train, width);
            List<double[]> testPreds = Ensembles.rows(preds, test, width);
            Scorer st = s.subset(train);
            int bestJ = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int j = 0; j < trainPreds.size(); j++) {
                double l = st.loss(trainPreds.get(j));
                if (l < bestLoss) {
                    bestLoss = l;
                    bestJ = j;
                }
            }
            scatter(testPreds.get(bestJ), test, single, width);
            if (voting != null) {
                double[] w = bagged ? Ensembles.baggedCaruana(trainPreds, st, Ensembles.ITERATIONS, rng)
                        : Ensembles.caruana(trainPreds, st, Ensembles.ITERATIONS, rng);
                scatter(Ensembles.combine(testPreds, w), test, voting, width);
            }
            if (stacked != null) {
                double[] yTrain = pick(s, train);
                try (CeruleanModel meta = Ensembles.fitStacker(pickAll(trainPreds, stackIdx), yTrain, data.task, data.k, data.classes,
                        data.numericLabels, data.target, spec.seed(), spec.datasetHash())) {
                    Frame x = EnsembleModel.stackFeatures(data.task, data.k, pickAll(testPreds, stackIdx));
                    scatter(meta.predictor().predict(meta.featurizer().transform(x)), test, stacked, width);
                }
            }
            if (System.nanoTime() > clock.deadline) {
                warnings.add("ensembling ran out of time and was skipped");
                return null;
            }
        }
        double singleScore = s.score(single);
        double bestLoss = goal.toLoss(singleScore);
        Ensembled winner = null;
        Map<String, Object> procedure = new LinkedHashMap<>();
        procedure.put("cross_fitted_best_single", singleScore);
        if (voting != null) {
            double[] w = bagged ? Ensembles.baggedCaruana(preds, s, Ensembles.ITERATIONS, rng)
                    : Ensembles.caruana(preds, s, Ensembles.ITERATIONS, rng);
            List<Model> members = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            Map<String, Object> hp = new LinkedHashMap<>();
            for (int j = 0; j < w.length; j++) {
                if (w[j] > 0) {
                    Kept k = sel.get(j);
                    members.add(k.model());
                    names.add(k.result().algorithm() + " (trial " + k.result().id() + ")");
                    weights.add(w[j]);
                    hp.put("trial_" + k.result().id(), w[j]);
                }
            }
            double[] wa = weights.stream().mapToDouble(Double::doubleValue).toArray();
            double score = s.score(voting);
            hp.put("selection", (bagged ? "bagged " : "") + "greedy ensemble selection, " + Ensembles.ITERATIONS + " rounds");
            EnsembleModel model = EnsembleModel.voting(members, names, wa, data.target, data.numericLabels, ensembleProvenance(
                    "VotingEnsemble", Map.of("selection", hp.get("selection")), Map.of(), Map.of(), members, names, wa));
            TrialResult r = ensembleRow("VotingEnsemble", hp, voting, rows, score, start, "weights chosen by Caruana ensemble"
                    + " selection; scored by cross-fitting (weights fitted without the fold scored); selecting the best single"
                    + " model the same way scores " + fmt(singleScore), model);
            board.add(r);
            if (goal.toLoss(score) < bestLoss) {
                bestLoss = goal.toLoss(score);
                winner = new Ensembled(r, model);
            }
        }
        if (stacked != null) {
            double[] yAll = pick(s, range(rows.length));
            CeruleanModel meta = Ensembles.fitStacker(pickAll(preds, stackIdx), yAll, data.task, data.k, data.classes,
                    data.numericLabels, data.target, spec.seed(), spec.datasetHash());
            List<Model> members = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Map<String, Object> hp = new LinkedHashMap<>();
            for (Kept k : stackPool) {
                members.add(k.model());
                names.add(k.result().algorithm() + " (trial " + k.result().id() + ")");
            }
            hp.put("members", names);
            hp.put("meta_learner", (data.task == Task.REGRESSION ? "ElasticNet" : "LogisticRegression") + " alpha="
                    + Ensembles.META_ALPHA + " l1_ratio=" + Ensembles.META_L1_RATIO);
            double score = s.score(stacked);
            Map<String, Object> metaParams = new LinkedHashMap<>();
            metaParams.put("meta_learner", meta.provenance().algorithm());
            metaParams.putAll(meta.provenance().params());
            EnsembleModel model = EnsembleModel.stacking(members, names, meta, data.target, data.numericLabels, ensembleProvenance(
                    "StackEnsemble", metaParams, meta.provenance().featurization(), meta.provenance().trainingInfo(), members, names, null));
            TrialResult r = ensembleRow("StackEnsemble", hp, stacked, rows, score, start, "meta-learner on the members' out-of-fold"
                    + " predictions; scored by cross-fitting; selecting the best single model the same way scores " + fmt(singleScore),
                    model);
            board.add(r);
            if (goal.toLoss(score) < bestLoss) {
                bestLoss = goal.toLoss(score);
                winner = new Ensembled(r, model);
            } else {
                meta.close();
            }
        }
        return winner;
    }

    /**
     * An ensemble's provenance: its combiner ({@code params}, {@code featurization} and {@code trainingInfo}: the
     * meta-learner's for stacking), every training row, and each member with its weight (null weights: stacked).
     */
    private Provenance ensembleProvenance(String algorithm, Map<String, ?> params, Map<String, ?> featurization,
            Map<String, ?> trainingInfo, List<Model> members, List<String> names, double[] weights) {
        return Provenances.now().modelType(Provenance.ModelType.ENSEMBLE).algorithm(algorithm).params(params)
                .featurization(featurization).trainingInfo(trainingInfo).seed(spec.seed()).datasetHash(spec.datasetHash())
                .trainingRows(data.rows()).target(data.target).members(Provenances.members(members, names, weights)).build();
    }

    private TrialResult ensembleRow(String algorithm, Map<String, Object> hp, double[] pred, int[] rows, double score, long start,
            String message, EnsembleModel model) {
        int id = ++launched;
        double[] y = pick(scorer.subset(rows), range(rows.length));
        Map<String, Double> metrics = Metrics.compute(data.task, y, pred, data.k);
        metrics.put(scorer.metric(), score);
        listener.trialStarted(new AutoMlListener.TrialStarted(id, algorithm, "ensemble", hp, "as its members", "ensemble",
                Instant.now()));
        TrialResult r = new TrialResult(id, algorithm, "ensemble", hp, "as its members", "ensemble", metrics, score,
                Duration.ofNanos(System.nanoTime() - start), TrialStatus.COMPLETED, message, Map.of("rows", rows.length));
        listener.trialFinished(new AutoMlListener.TrialFinished(r, model));
        if (best == null || goal.better(score, best.score())) {
            best = r;
            listener.bestSoFar(new AutoMlListener.BestSoFar(id, algorithm, scorer.metric(), score));
        }
        return r;
    }

    /** Eval positions ensemble selection works on: all, or a fixed sample of {@link #SELECTION_ROWS}. */
    private int[] selectionRows(int m) {
        if (m <= SELECTION_ROWS) {
            return range(m);
        }
        int[] perm = Splits.permutation(m, spec.seed() + 3);
        int[] r = java.util.Arrays.copyOf(perm, SELECTION_ROWS);
        java.util.Arrays.sort(r);
        return r;
    }

    /** Outer folds over selection positions: the cross-validation folds, or five random parts of a hold-out. */
    private List<int[]> outerFolds(int[] rows) {
        List<int[]> out = new ArrayList<>();
        if (data.crossValidation) {
            int[] foldOf = new int[data.rows()];
            for (int f = 0; f < data.folds.size(); f++) {
                for (int r : data.folds.get(f).test()) {
                    foldOf[r] = f;
                }
            }
            for (int f = 0; f < data.folds.size(); f++) {
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < rows.length; i++) {
                    if (foldOf[data.evalRows[rows[i]]] == f) {
                        idx.add(i);
                    }
                }
                if (!idx.isEmpty()) {
                    out.add(idx.stream().mapToInt(Integer::intValue).toArray());
                }
            }
            return out;
        }
        int parts = Math.min(5, Math.max(2, rows.length / 20));
        for (Fold f : Splits.kFold(rows.length, parts, spec.seed() + 5)) {
            out.add(f.test());
        }
        return out;
    }

    /** Up to {@link #STACK_POOL} members: each family's best first, then the next best. */
    private static List<Kept> stackPool(List<Kept> sel) {
        LinkedHashSet<Kept> out = new LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        for (Kept k : sel) {
            if (seen.add(k.result().learner())) {
                out.add(k);
            }
        }
        for (Kept k : sel) {
            if (out.size() >= STACK_POOL) {
                break;
            }
            out.add(k);
        }
        List<Kept> list = new ArrayList<>(out);
        return list.subList(0, Math.min(STACK_POOL, list.size()));
    }

    // ------------------------------------------------------------------------------------------ explain

    private Explanation explain(Model model, TrialResult row) {
        long left = clock.deadline - System.nanoTime();
        if (left <= 0) {
            warnings.add("no time was left to explain the best model");
            return null;
        }
        long budgetEnd = System.nanoTime() + left * 9 / 10;
        List<String> notes = new ArrayList<>();
        String metric = scorer.metric();
        // Size the measurement to the time left: time one prediction of a sample first.
        int[] probe = sample(data.evalRows, Math.min(200, data.evalRows.length), spec.seed() + 1);
        long t = System.nanoTime();
        model.predict(data.features.take(probe));
        double perRow = (System.nanoTime() - t) / (double) probe.length;
        int columns = data.features.columnCount();
        int repeats = 2;
        double affordable = (budgetEnd - System.nanoTime()) * 0.8 / (perRow * (1 + columns * repeats));
        if (affordable < 100) {
            repeats = 1;
            affordable = (budgetEnd - System.nanoTime()) * 0.8 / (perRow * (1 + columns));
        }
        if (affordable < 30) {
            warnings.add("too little time was left to explain the best model");
            return null;
        }
        int rowsWanted = (int) Math.min(IMPORTANCE_ROWS, affordable);
        Map<String, Double> importance = new LinkedHashMap<>();
        int rowsUsed = 0;
        String dataText;
        if (data.crossValidation && (model instanceof BaggedModel || model instanceof EnsembleModel)) {
            dataText = "out-of-fold training rows (each fold scored by the models that did not train on it)";
            int perFold = Math.max(10, rowsWanted / data.folds.size());
            Map<String, Double> sums = new HashMap<>();
            for (int f = 0; f < data.folds.size(); f++) {
                if (System.nanoTime() > budgetEnd) {
                    notes.add("stopped after " + f + " of " + data.folds.size() + " folds: the time budget ran out");
                    break;
                }
                Model fm = model instanceof BaggedModel b ? b.fold(f) : ((EnsembleModel) model).fold(f);
                int[] test = sample(data.folds.get(f).test(), perFold, spec.seed() + f);
                PermutationImportance.Result r = PermutationImportance.compute(fm, data.features.take(test), FoldCache.pick(data.y,
                        test), metric, repeats, spec.seed() + f);
                for (Map.Entry<String, Double> e : r.importance().entrySet()) {
                    sums.merge(e.getKey(), e.getValue() * test.length, Double::sum);
                }
                rowsUsed += test.length;
            }
            if (rowsUsed == 0) {
                return null;
            }
            final int total = rowsUsed;
            sums.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> importance.put(e.getKey(), e.getValue() / total));
            if (model instanceof EnsembleModel e && e.kind() == EnsembleModel.Kind.STACKING) {
                notes.add("the stacked ensemble's meta-learner was fitted on out-of-fold predictions of all rows, including the"
                        + " fold scored");
            }
        } else {
            dataText = data.crossValidation ? "training rows" : "validation rows";
            int[] test = sample(data.evalRows, rowsWanted, spec.seed());
            PermutationImportance.Result r = PermutationImportance.compute(model, data.features.take(test), FoldCache.pick(data.y,
                    test), metric, repeats, spec.seed());
            importance.putAll(r.importance());
            rowsUsed = test.length;
        }
        notes.add(rowsUsed + " rows, " + repeats + " shuffle" + (repeats == 1 ? "" : "s") + " per column");
        Map<String, Double> shap = null;
        int shapRows = (int) Math.min(SHAP_ROWS, (budgetEnd - System.nanoTime()) / Math.max(1, perRow * 20));
        if (TreeShap.supports(model) && shapRows >= 20) {
            int[] rows = sample(data.evalRows, shapRows, spec.seed() + 99);
            shap = TreeShap.explain(model, data.features.take(rows)).meanAbsolute();
            notes.add("TreeSHAP on " + rows.length + " rows");
        }
        return new Explanation("permutation", dataText, metric, importance, shap, notes);
    }

    private static int[] sample(int[] rows, int max, long seed) {
        if (rows.length <= max) {
            return rows;
        }
        int[] perm = Splits.permutation(rows.length, seed);
        int[] out = new int[max];
        for (int i = 0; i < max; i++) {
            out[i] = rows[perm[i]];
        }
        java.util.Arrays.sort(out);
        return out;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void close(Model m) {
        if (m instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close a model: " + e.getMessage(), e);
            }
        }
    }

    private static void scatter(double[] part, int[] positions, double[] into, int width) {
        for (int i = 0; i < positions.length; i++) {
            System.arraycopy(part, i * width, into, positions[i] * width, width);
        }
    }

    private static int[] complement(int[] test, int n) {
        boolean[] in = new boolean[n];
        for (int t : test) {
            in[t] = true;
        }
        int[] out = new int[n - test.length];
        for (int i = 0, j = 0; i < n; i++) {
            if (!in[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private double[] pick(Scorer s, int[] positions) {
        return s.targets(positions);
    }

    private static List<double[]> pickAll(List<double[]> preds, List<Integer> idx) {
        List<double[]> out = new ArrayList<>();
        for (int i : idx) {
            out.add(preds.get(i));
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5f", v);
    }

    /**
     * Time bookkeeping of a run: the deadline, and the end of the search, which leaves a reserve for the phases
     * after it (at least the base reserve; more once the search has measured what ensembling and explaining
     * will cost).
     */
    static final class Clock {
        final long start;
        final long deadline;
        final long baseReserve;
        final long minTrialNanos;
        volatile long searchDeadline;

        Clock(long start, long deadline, long baseReserve, long minTrialNanos) {
            this.start = start;
            this.deadline = deadline;
            this.baseReserve = baseReserve;
            this.searchDeadline = deadline - baseReserve;
            this.minTrialNanos = minTrialNanos;
        }

        /** Sets the reserve after the search: the base reserve or {@code nanos}, whichever is larger, at most half the budget. */
        void reserve(long nanos) {
            long r = Math.min(Math.max(baseReserve, nanos), (deadline - start) / 2);
            searchDeadline = deadline - r;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        Duration remaining() {
            return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        }
    }

    /** The listener, serialised, with progress helpers. */
    static final class Listener {
        private final AutoMlListener delegate;

        Listener(AutoMlListener delegate) {
            this.delegate = delegate;
        }

        synchronized void guardrails(List<Guardrail> g) {
            delegate.guardrails(g);
        }

        synchronized void trialStarted(AutoMlListener.TrialStarted e) {
            delegate.trialStarted(e);
        }

        synchronized void trialFinished(AutoMlListener.TrialFinished e) {
            delegate.trialFinished(e);
        }

        synchronized void bestSoFar(AutoMlListener.BestSoFar e) {
            delegate.bestSoFar(e);
        }

        synchronized void progress(String phase, Clock clock, int trials, String message) {
            delegate.progress(new AutoMlListener.Progress(phase, clock.elapsed(), clock.remaining(), trials, message));
        }
    }
}
