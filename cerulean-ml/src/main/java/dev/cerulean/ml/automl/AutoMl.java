package dev.cerulean.ml.automl;

import dev.cerulean.core.CancelToken;
import dev.cerulean.ml.learn.FitContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Automated machine learning: Azure ML's {@code automl} job for classification, regression and forecasting,
 * within a time budget.
 *
 * <h2>Classification and regression</h2>
 * <ol>
 * <li><b>Data</b>: load, drop rows without a target, check the data can support the task (an error naming the
 * field otherwise), report the data guardrails.</li>
 * <li><b>Validation</b>: the given validation data, a hold-out of {@code validation_data_size}, or
 * {@code n_cross_validations} folds; automatic: 5-fold cross-validation up to 30,000 rows, 3-fold up to
 * 100,000 rows and 3 million cells, a hold-out of min(20%, 50,000 rows) beyond (as FLAML and AutoGluon choose).
 * Folds are stratified for classification. With cross-validation every configuration is trained on each fold
 * and predicts with the average of its fold models (AutoGluon's k-fold bagging); its out-of-fold predictions
 * score it and feed the ensembles.</li>
 * <li><b>Portfolio</b> ({@link Portfolio}): strong default and zero-shot configurations of LightGBM, XGBoost,
 * extra trees, random forest, elastic net and kNN, interleaved and cheap first; boosted trees stop early on
 * each fold's held-out rows.</li>
 * <li><b>Tuning</b> ({@link Tuner}): while time remains, CFO/FLOW2 local search per learner family from its best
 * portfolio configuration, the family chosen by FLAML's estimated cost for improvement.</li>
 * <li><b>Ensembles</b>: a voting ensemble by Caruana's greedy selection and a stacked ensemble with an
 * elastic-net meta-learner, both on out-of-fold predictions; each is scored by cross-fitting (fitted
 * without the fold it is scored on) and kept only when it beats picking the best single model the same way.</li>
 * <li><b>Test and explanation</b>: the best model's metrics on the test data, permutation importance on
 * out-of-fold rows, and TreeSHAP importance for tree models.</li>
 * </ol>
 * The budget: the search stops launching trials when a reserve is left for ensembling, testing and
 * explaining: 8% of the timeout (between 0.5 and 20 seconds), or more when the costs measured during the
 * search (scoring predictions, predicting rows) say those phases need more; each trial is capped at
 * {@code trial_timeout_minutes} (a quarter of the budget by default), and boosting stops at the deadline
 * keeping the rounds so far.
 *
 * <h2>Forecasting</h2>
 * See {@link ForecastSearch}: naive, seasonal naive, average, exponential smoothing and LightGBM / elastic-net
 * models on lag, rolling-window and calendar features, compared by rolling-origin cross-validation, with a
 * voting ensemble.
 */
public final class AutoMl {
    private AutoMl() {
    }

    /**
     * Runs AutoML.
     *
     * @param spec     what to do
     * @param listener receives guardrails, trials and progress (see {@link AutoMlListener}); may be
     *                 {@link AutoMlListener#NONE}
     * @param cancel   cancels the run from another thread; may be {@link CancelToken#none()}
     * @return the leaderboard and the best model
     * @throws dev.cerulean.core.InvalidParameterException naming the field when the spec does not fit the data
     *                                                     (unknown target or metric, one class, too few rows, ...)
     * @throws dev.cerulean.core.CeruleanException         when no model could be trained within the budget
     */
    public static AutoMlResult run(AutoMlSpec spec, AutoMlListener listener, CancelToken cancel) {
        long start = System.nanoTime();
        long timeout = spec.limits().timeout().toNanos();
        long deadline = start + timeout;
        long reserve = Math.max(500_000_000L, Math.min(20_000_000_000L, timeout * 8 / 100));
        long minTrial = Math.min(1_000_000_000L, Math.max(100_000_000L, timeout / 50));
        TabularSearch.Clock clock = new TabularSearch.Clock(start, deadline, reserve, minTrial);
        TabularSearch.Listener events = new TabularSearch.Listener(listener == null ? AutoMlListener.NONE : listener);
        CancelToken token = cancel == null ? CancelToken.none() : cancel;
        List<String> warnings = new ArrayList<>();
        String metric = PrimaryMetrics.resolve(spec.task(), spec.primaryMetric());
        List<String> learners = Algorithms.resolve(spec.task(), spec.training().allowedAlgorithms(),
                spec.training().blockedAlgorithms(), warnings);
        int threads = spec.threads() > 0 ? spec.threads() : FitContext.defaultThreads();
        if (spec.task() == AutoMlTask.FORECASTING) {
            return new ForecastSearch(spec, events, token, clock, warnings, learners, metric, threads).run();
        }
        events.progress("loading", clock, 0, "loading and checking the data");
        TabularData data = TabularData.prepare(spec, warnings);
        List<Guardrail> guardrails = Guardrails.tabular(data);
        events.guardrails(guardrails);
        return new TabularSearch(spec, data, events, token, clock, warnings, guardrails, learners, metric, threads).run();
    }

    /** Daemon threads named {@code prefix-<n>}: a stuck native fit never keeps the JVM alive. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
