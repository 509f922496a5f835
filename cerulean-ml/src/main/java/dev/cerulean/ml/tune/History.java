package dev.cerulean.ml.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The finished trials of a sweep, in the order they finished, and the goal of its objective.
 * Immutable; {@link #with} returns a longer history.
 *
 * @param goal   whether larger or smaller objective values are better
 * @param trials finished trials, oldest first
 */
public record History(Goal goal, List<Observation> trials) {
    public History {
        Objects.requireNonNull(goal, "goal");
        trials = List.copyOf(trials);
    }

    /** An empty history. */
    public static History empty(Goal goal) {
        return new History(goal, List.of());
    }

    /** This history with one more finished trial. */
    public History with(Map<String, Object> config, double value) {
        List<Observation> more = new ArrayList<>(trials);
        more.add(new Observation(config, value));
        return new History(goal, more);
    }

    public int size() {
        return trials.size();
    }

    /** The trials with a finite value. */
    public List<Observation> completed() {
        return trials.stream().filter(Observation::hasValue).toList();
    }

    /** The best trial with a value, if any (the first one on ties). */
    public Optional<Observation> best() {
        Observation best = null;
        for (Observation o : trials) {
            if (o.hasValue() && (best == null || goal.better(o.value(), best.value()))) {
                best = o;
            }
        }
        return Optional.ofNullable(best);
    }
}
