package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * {@code choice(values)}: one of a list of values, each equally likely. A value is a constant
 * (String, Long, Double, Boolean, null, List or Map) or a {@link Branch}, a nested search space.
 *
 * @param values the values, in the order written (duplicates allowed: they weight a value)
 */
public record Choice(List<Object> values) implements Expression {
    public Choice {
        Objects.requireNonNull(values, "values");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a choice needs at least one value");
        }
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** A choice among constants. */
    public static Choice of(Object... values) {
        List<Object> list = new ArrayList<>();
        Collections.addAll(list, values);
        return new Choice(list);
    }

    @Override
    public String type() {
        return "choice";
    }

    public int size() {
        return values.size();
    }

    /** True when some value is a branch with expressions in it. */
    public boolean hasBranches() {
        return values.stream().anyMatch(v -> v instanceof Branch);
    }

    /**
     * True when every value is a number, so the values have an order a model can exploit
     * ({@code [16, 32, 64]}); otherwise the values are unordered categories.
     */
    public boolean ordinal() {
        return values.stream().allMatch(v -> v instanceof Number);
    }

    /**
     * The positions of the values sorted by numeric value (stable); for a non-ordinal choice, the
     * identity.
     */
    public int[] order() {
        Integer[] idx = new Integer[values.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        if (ordinal()) {
            java.util.Arrays.sort(idx, Comparator.comparingDouble(i -> ((Number) values.get(i)).doubleValue()));
        }
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /**
     * The position of the first value that {@code value} matches (a branch matches the map it
     * produced; constants match loosely, so {@code "32"} matches {@code 32}), or −1.
     */
    public int indexOf(Object value) {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (!(v instanceof Branch) && Values.same(v, value)) {
                return i;
            }
        }
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            if (v instanceof Branch b ? b.matches(value) : Values.loosely(v, value)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public JsonNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("type", type());
        ArrayNode arr = out.putArray("values");
        for (Object v : values) {
            arr.add(v instanceof Branch b ? b.toJson() : Json.of(v));
        }
        return out;
    }
}
