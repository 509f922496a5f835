package dev.cerulean.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Trials ranked by one metric: best first by the goal, trials without a finite value (not scored
 * yet, failed, NaN) last, ties broken by trial id. The one ranking of the command line's trial
 * tables (sweeps and AutoML leaderboards).
 */
// TODO(#11): the server is to expose the leaderboard the engine keeps; read it from there then.
public final class Leaderboard {
    private Leaderboard() {
    }

    /** Which way is better. */
    public enum Goal {
        MAXIMIZE, MINIMIZE;

        /**
         * {@code maximize} or {@code minimize}, any case.
         *
         * @param fallback the goal when {@code text} is null or neither
         */
        public static Goal parse(String text, Goal fallback) {
            if (text != null) {
                for (Goal g : values()) {
                    if (g.name().equalsIgnoreCase(text.strip())) {
                        return g;
                    }
                }
            }
            return fallback;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A trial on the board.
     *
     * @param trial the trial's id (its number)
     * @param value its value of the metric, or null when it has none
     * @param item  what the caller ranks (a run, a job)
     */
    public record Entry<T>(int trial, Double value, T item) {
        /** Whether the trial has a finite value to rank by. */
        public boolean scored() {
            return value != null && Double.isFinite(value);
        }
    }

    /**
     * @param trial the trial id of an item
     * @param value its value of the metric, or null
     * @return the entries, best first
     */
    public static <T> List<Entry<T>> rank(List<T> items, ToIntFunction<? super T> trial, Function<? super T, Double> value, Goal goal) {
        List<Entry<T>> entries = new ArrayList<>();
        for (T item : items) {
            entries.add(new Entry<>(trial.applyAsInt(item), value.apply(item), item));
        }
        entries.sort(order(goal));
        return entries;
    }

    /** Scored before unscored; among scored, best first; then by trial id. */
    static <T> Comparator<Entry<T>> order(Goal goal) {
        return (a, b) -> {
            if (a.scored() != b.scored()) {
                return a.scored() ? -1 : 1;
            }
            int c = a.scored() ? Double.compare(a.value(), b.value()) * (goal == Goal.MAXIMIZE ? -1 : 1) : 0;
            return c != 0 ? c : Integer.compare(a.trial(), b.trial());
        };
    }
}
