package dev.cerulean.ml.tune.sampler;

import dev.cerulean.ml.tune.Branch;
import dev.cerulean.ml.tune.Choice;
import dev.cerulean.ml.tune.Distribution;
import dev.cerulean.ml.tune.Expression;
import dev.cerulean.ml.tune.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A search space as the unit cube [0, 1]^d that samplers work in. Every expression, nested ones
 * included, is one coordinate; a coordinate u maps to a value through the expression's quantile
 * function ({@link Distribution#fromUnit}), and a choice of k values splits [0, 1] into k equal
 * cells. Uniform points in the cube are therefore draws from the search space's distribution, and
 * distances in the cube are on the scale a model should use (log scale for log expressions).
 *
 * <p>Coordinates of expressions inside a {@link Branch} are <em>conditional</em>: they matter only
 * when their parent choice selects that branch. {@link #canonical} sets inactive coordinates to a
 * fixed value so that models see equal configurations as equal points.
 */
public final class UnitCube {
    /** How a model should treat a coordinate. */
    public enum Kind {
        /** A real-valued expression. */
        CONTINUOUS,
        /** A discrete numeric expression (randint, the q variants): ordered, in cells. */
        INTEGER,
        /** A choice among numbers: ordered by value, k cells. */
        ORDINAL,
        /** A choice among other values, or with branches: unordered, k cells. */
        CATEGORICAL
    }

    /** The coordinate a categorical dimension takes when inactive (no category). */
    public static final double INACTIVE_CATEGORY = -1.0;
    /** The coordinate a numeric dimension takes when inactive. */
    public static final double INACTIVE_NUMERIC = 0.5;

    /**
     * One coordinate.
     *
     * @param path         the field path under {@code search_space} ({@code lr}, {@code model.values[1].C})
     * @param expression   its expression
     * @param kind         how models treat it
     * @param parent       the index of the choice coordinate it depends on, or −1 when always active
     * @param parentOption the value index of the parent choice that activates it, or −1
     */
    public record Dim(String path, Expression expression, Kind kind, int parent, int parentOption) {
        /** The number of cells: values of a choice, upper of randint; 0 for the others. */
        public int cardinality() {
            if (expression instanceof Choice c) {
                return c.size();
            }
            if (expression instanceof Distribution.RandInt r) {
                return (int) Math.min(Integer.MAX_VALUE, r.upper());
            }
            return 0;
        }
    }

    private final SearchSpace space;
    private final List<Dim> dims = new ArrayList<>();
    private final Map<String, Integer> top = new LinkedHashMap<>();
    /** For each choice coordinate and value index, the coordinates of that branch's expressions by key. */
    private final Map<Integer, Map<Integer, Map<String, Integer>>> branches = new LinkedHashMap<>();
    private final Map<Integer, int[]> ranks = new LinkedHashMap<>();
    private final Map<Integer, int[]> orders = new LinkedHashMap<>();

    private UnitCube(SearchSpace space) {
        this.space = space;
        space.parameters().forEach((name, x) -> top.put(name, add(name, x, -1, -1)));
    }

    /** The cube of a search space. */
    public static UnitCube of(SearchSpace space) {
        return new UnitCube(space);
    }

    private int add(String path, Expression x, int parent, int parentOption) {
        int d = dims.size();
        Kind kind;
        if (x instanceof Choice c) {
            kind = c.ordinal() && !c.hasBranches() ? Kind.ORDINAL : Kind.CATEGORICAL;
        } else {
            kind = ((Distribution) x).discrete() ? Kind.INTEGER : Kind.CONTINUOUS;
        }
        dims.add(new Dim(path, x, kind, parent, parentOption));
        if (x instanceof Choice c) {
            int[] order = c.order();
            int[] rank = new int[order.length];
            for (int r = 0; r < order.length; r++) {
                rank[order[r]] = r;
            }
            orders.put(d, order);
            ranks.put(d, rank);
            for (int j = 0; j < c.size(); j++) {
                if (c.values().get(j) instanceof Branch b) {
                    Map<String, Integer> children = new LinkedHashMap<>();
                    int option = j;
                    String at = path + ".values[" + j + "]";
                    b.entries().forEach((k, v) -> {
                        if (v instanceof Expression e) {
                            children.put(k, add(at + "." + k, e, d, option));
                        }
                    });
                    branches.computeIfAbsent(d, z -> new LinkedHashMap<>()).put(j, children);
                }
            }
        }
        return d;
    }

    public SearchSpace space() {
        return space;
    }

    /** The number of coordinates. */
    public int size() {
        return dims.size();
    }

    /** The coordinates; parents come before the coordinates that depend on them. */
    public List<Dim> dims() {
        return Collections.unmodifiableList(dims);
    }

    /** The value index a choice coordinate selects at {@code u}. */
    public int option(int dim, double u) {
        Choice c = (Choice) dims.get(dim).expression();
        int k = c.size();
        int cell = (int) Math.min(k - 1, Math.max(0, Math.floor(clampUnit(u) * k)));
        return orders.get(dim)[cell];
    }

    /** The coordinate (cell middle) of value index {@code option} of a choice coordinate. */
    public double optionCoordinate(int dim, int option) {
        int k = ((Choice) dims.get(dim).expression()).size();
        return (ranks.get(dim)[option] + 0.5) / k;
    }

    private static double clampUnit(double u) {
        return Double.isNaN(u) ? 0.5 : Math.min(1.0, Math.max(0.0, u));
    }

    /** Which coordinates matter at point {@code u}. */
    public boolean[] active(double[] u) {
        boolean[] a = new boolean[dims.size()];
        for (int d = 0; d < dims.size(); d++) {
            Dim dim = dims.get(d);
            a[d] = dim.parent() < 0 || a[dim.parent()] && option(dim.parent(), u[dim.parent()]) == dim.parentOption();
        }
        return a;
    }

    /**
     * A copy of {@code u} in canonical form: coordinates clamped to [0, 1], discrete ones moved to
     * the middle of their cell, inactive ones set to {@link #INACTIVE_NUMERIC} or
     * {@link #INACTIVE_CATEGORY}. Points that decode to the same configuration have the same
     * canonical form.
     */
    public double[] canonical(double[] u) {
        double[] out = Arrays.copyOf(u, u.length);
        boolean[] a = new boolean[dims.size()];
        for (int d = 0; d < dims.size(); d++) {
            Dim dim = dims.get(d);
            a[d] = dim.parent() < 0 || a[dim.parent()] && option(dim.parent(), out[dim.parent()]) == dim.parentOption();
            if (!a[d]) {
                out[d] = dim.kind() == Kind.CATEGORICAL ? INACTIVE_CATEGORY : INACTIVE_NUMERIC;
            } else if (dim.expression() instanceof Choice) {
                out[d] = optionCoordinate(d, option(d, out[d]));
            } else {
                out[d] = ((Distribution) dim.expression()).snap(out[d]);
            }
        }
        return out;
    }

    /** The configuration at point {@code u} (length {@link #size()}). */
    public Map<String, Object> decode(double[] u) {
        if (u.length != dims.size()) {
            throw new IllegalArgumentException("expected " + dims.size() + " coordinates, got " + u.length);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        top.forEach((name, d) -> out.put(name, value(d, u)));
        return Collections.unmodifiableMap(out);
    }

    private Object value(int d, double[] u) {
        Expression x = dims.get(d).expression();
        if (x instanceof Distribution dist) {
            return dist.fromUnit(u[d]);
        }
        Choice c = (Choice) x;
        int j = option(d, u[d]);
        Object v = c.values().get(j);
        if (!(v instanceof Branch b)) {
            return v;
        }
        Map<String, Integer> children = branches.get(d).get(j);
        Map<String, Object> out = new LinkedHashMap<>();
        b.entries().forEach((k, e) -> out.put(k, e instanceof Expression ? value(children.get(k), u) : e));
        return Collections.unmodifiableMap(out);
    }

    /**
     * The canonical point of a configuration, or null when the configuration does not fit the
     * space (a parameter missing, a value that is no choice's value, a non-number where a number
     * belongs). Numeric values outside an expression's support are clamped to it.
     */
    public double[] encode(Map<String, ?> config) {
        double[] u = new double[dims.size()];
        for (int d = 0; d < u.length; d++) {
            u[d] = dims.get(d).kind() == Kind.CATEGORICAL ? INACTIVE_CATEGORY : INACTIVE_NUMERIC;
        }
        for (Map.Entry<String, Integer> e : top.entrySet()) {
            if (!config.containsKey(e.getKey()) || !encode(e.getValue(), config.get(e.getKey()), u)) {
                return null;
            }
        }
        return u;
    }

    private boolean encode(int d, Object value, double[] u) {
        Expression x = dims.get(d).expression();
        if (x instanceof Distribution dist) {
            double c = dist.toUnit(value);
            if (Double.isNaN(c)) {
                return false;
            }
            u[d] = c;
            return true;
        }
        Choice c = (Choice) x;
        int j = c.indexOf(value);
        if (j < 0) {
            return false;
        }
        u[d] = optionCoordinate(d, j);
        if (c.values().get(j) instanceof Branch) {
            Map<?, ?> map = (Map<?, ?>) value;
            for (Map.Entry<String, Integer> child : branches.get(d).get(j).entrySet()) {
                if (!encode(child.getValue(), map.get(child.getKey()), u)) {
                    return false;
                }
            }
        }
        return true;
    }
}
