package dev.cerulean.engine;

import dev.cerulean.core.jobs.Leaderboard;
import dev.cerulean.core.jobs.SearchSummary;
import dev.cerulean.engine.port.RunLogger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a search (a sweep, an AutoML job) reports its trials, the same way for both: each ended trial
 * goes on the {@link Leaderboard}; a new best is recorded in the job's search summary and, for MLflow
 * users, in tags of the job's run ({@value #BEST_RUN_TAG}, {@value #BEST_VALUE_TAG}).
 */
public final class SearchProgress {
    /** Tags of the search's run. */
    public static final String BEST_RUN_TAG = "cerulean.best_run";
    public static final String BEST_VALUE_TAG = "cerulean.best_value";

    private final Execution<?> execution;
    private final RunLogger jobRun;
    private Leaderboard board;
    private SearchSummary summary;

    public SearchProgress(Execution<?> execution, RunLogger jobRun, String primaryMetric, boolean maximize) {
        this.execution = execution;
        this.jobRun = jobRun;
        this.board = Leaderboard.empty(primaryMetric, maximize);
        this.summary = SearchSummary.started(primaryMetric, maximize);
        execution.report(summary);
    }

    /**
     * Records an ended trial (or replaces the entry of its number).
     *
     * @param mayBeBest whether a value it has can count as the best (a sweep's trial stopped early keeps
     *                  its last value on the board but cannot win)
     * @return whether it is the new best
     */
    public synchronized boolean trial(Leaderboard.Entry entry, boolean mayBeBest) {
        Optional<Leaderboard.Entry> before = best();
        board = board.with(entry);
        boolean improved = mayBeBest && entry.scored() && entry.run() != null
                && (before.isEmpty() || board.better(entry.value(), before.get().value()));
        if (improved) {
            summary = summary.withBest(entry.run(), entry.value());
            execution.report(summary);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(BEST_RUN_TAG, entry.run());
            tags.put(BEST_VALUE_TAG, Double.toString(entry.value()));
            jobRun.setTags(tags);
        }
        return improved;
    }

    /**
     * Records the search's final choice, which may differ from the best single trial seen (a search
     * that chooses by a criterion of its own, such as AutoML's ensembles judged on one validation).
     */
    public synchronized void settle(String run, double value) {
        summary = summary.withBest(run, value);
        execution.report(summary);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(BEST_RUN_TAG, run);
        tags.put(BEST_VALUE_TAG, Double.toString(value));
        jobRun.setTags(tags);
    }

    /** The best trial that may win, as recorded. */
    public synchronized Optional<Leaderboard.Entry> best() {
        if (summary.bestRun() == null) {
            return Optional.empty();
        }
        return board.entries().stream().filter(e -> summary.bestRun().equals(e.run())).findFirst();
    }

    public synchronized Leaderboard board() {
        return board;
    }
}
