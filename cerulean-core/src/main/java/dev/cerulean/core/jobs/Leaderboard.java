package dev.cerulean.core.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trials of a search (a sweep's child jobs, an AutoML job's fits) ranked by the search's primary
 * metric: the one ordering that the engine, the server and the command line all show.
 *
 * @param primaryMetric the metric that ranks the trials
 * @param maximize      whether higher is better
 * @param entries       the trials, in the order they were tried
 */
public record Leaderboard(String primaryMetric, boolean maximize, List<Entry> entries) {
    public Leaderboard {
        Objects.requireNonNull(primaryMetric, "primaryMetric");
        entries = List.copyOf(entries);
    }

    /**
     * One trial.
     *
     * @param number  its number in the search (0 for the first)
     * @param name    its name (a trial job's name, an AutoML trial's run name)
     * @param run     the run that holds it, or null
     * @param value   its primary metric, or null when it has none (failed, stopped early without a value)
     * @param status  how it ended ({@code completed}, {@code failed}, {@code canceled}, ...; running trials too)
     * @param details what else describes it (algorithm, hyperparameters, duration), in display order
     */
    public record Entry(int number, String name, String run, Double value, String status, Map<String, String> details) {
        public Entry {
            Objects.requireNonNull(name, "name");
            value = value == null || !Double.isFinite(value) ? null : value;
            details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        public boolean scored() {
            return value != null;
        }
    }

    public static Leaderboard empty(String primaryMetric, boolean maximize) {
        return new Leaderboard(primaryMetric, maximize, List.of());
    }

    /** The same board with one more trial (or the trial of that number replaced). */
    public Leaderboard with(Entry e) {
        List<Entry> next = new ArrayList<>(entries.size() + 1);
        for (Entry x : entries) {
            if (x.number() != e.number()) {
                next.add(x);
            }
        }
        next.add(e);
        next.sort(Comparator.comparingInt(Entry::number));
        return new Leaderboard(primaryMetric, maximize, next);
    }

    /** Best first: scored trials by the metric (the goal's way), ties by trial number; unscored trials last, by number. */
    public List<Entry> ranked() {
        Comparator<Entry> byValue = (a, b) -> {
            if (a.scored() != b.scored()) {
                return a.scored() ? -1 : 1;
            }
            int c = a.scored() ? Double.compare(a.value(), b.value()) * (maximize ? -1 : 1) : 0;
            return c != 0 ? c : Integer.compare(a.number(), b.number());
        };
        return entries.stream().sorted(byValue).toList();
    }

    /** The best scored trial, if any has a value. */
    public Optional<Entry> best() {
        return ranked().stream().filter(Entry::scored).findFirst();
    }

    /** Whether {@code value} beats {@code than} for this board's goal. */
    public boolean better(double value, double than) {
        return maximize ? value > than : value < than;
    }
}
