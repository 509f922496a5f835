package dev.cerulean.ml.tune.sampler;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.tune.Branch;
import dev.cerulean.ml.tune.Choice;
import dev.cerulean.ml.tune.Expression;
import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.Observation;
import dev.cerulean.ml.tune.Sampler;
import dev.cerulean.ml.tune.SearchSpace;
import dev.cerulean.ml.tune.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * {@code grid}: every combination of the choices' values, in order (the first parameter varies
 * slowest, like {@code itertools.product}); a choice of branches enumerates each branch's own
 * grid in turn. Accepts only {@code choice} expressions, as Azure ML does. Each call proposes the
 * first combination not yet tried or running, so the enumeration survives restarts; when every
 * combination has been proposed, {@link #suggest} returns empty.
 */
public final class GridSampler implements Sampler {
    private final SearchSpace space;
    private final long size;

    /**
     * @throws InvalidParameterException naming the first expression that is not a choice
     */
    public GridSampler(SearchSpace space) {
        Map<String, String> bad = space.nonChoiceExpressions();
        if (!bad.isEmpty()) {
            Map.Entry<String, String> first = bad.entrySet().iterator().next();
            throw new InvalidParameterException("grid sampling supports only choice expressions, but '" + first.getKey()
                    + "' is " + first.getValue() + (bad.size() > 1 ? " (and " + (bad.size() - 1) + " more)" : "")
                    + "; use random or bayesian sampling, or list the values with choice", "search_space." + first.getKey());
        }
        this.space = space;
        this.size = space.gridSize().orElseThrow();
    }

    @Override
    public String name() {
        return "grid";
    }

    /** The number of combinations (saturating at {@link Long#MAX_VALUE}). */
    @Override
    public OptionalLong size() {
        return OptionalLong.of(size);
    }

    @Override
    public Optional<Map<String, Object>> suggest(History history, List<Map<String, Object>> pending, RandomGenerator rng) {
        Set<String> issued = new HashSet<>();
        for (Observation o : history.trials()) {
            issued.add(Values.canonical(o.config()));
        }
        for (Map<String, Object> p : pending) {
            issued.add(Values.canonical(p));
        }
        // The first free combination is found within a few more steps than there are issued
        // configurations (more only when a choice repeats a value), so huge grids are cheap too.
        for (long i = 0; i < size; i++) {
            Map<String, Object> c = at(i);
            if (!issued.contains(Values.canonical(c))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Combination {@code index} (0-based, below {@link #size()}). */
    public Map<String, Object> at(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("grid index " + index + " is outside 0.." + (size - 1));
        }
        List<String> names = new ArrayList<>(space.parameters().keySet());
        Object[] values = new Object[names.size()];
        long rest = index;
        for (int p = names.size() - 1; p >= 0; p--) {
            Expression x = space.parameters().get(names.get(p));
            long s = SearchSpace.gridSize(x);
            values[p] = value(x, rest % s);
            rest /= s;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int p = 0; p < names.size(); p++) {
            out.put(names.get(p), values[p]);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object value(Expression x, long index) {
        long rest = index;
        for (Object v : ((Choice) x).values()) {
            long s = v instanceof Branch b ? SearchSpace.gridSize(b) : 1;
            if (rest < s) {
                return v instanceof Branch b ? value(b, rest) : v;
            }
            rest -= s;
        }
        throw new IllegalStateException("grid index beyond the choice");
    }

    private static Map<String, Object> value(Branch b, long index) {
        List<String> keys = new ArrayList<>(b.entries().keySet());
        Object[] values = new Object[keys.size()];
        long rest = index;
        for (int k = keys.size() - 1; k >= 0; k--) {
            Object v = b.entries().get(keys.get(k));
            if (v instanceof Expression x) {
                long s = SearchSpace.gridSize(x);
                values[k] = value(x, rest % s);
                rest /= s;
            } else {
                values[k] = v;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            out.put(keys.get(k), values[k]);
        }
        return Collections.unmodifiableMap(out);
    }
}
