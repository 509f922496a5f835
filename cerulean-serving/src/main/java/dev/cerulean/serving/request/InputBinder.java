package dev.cerulean.serving.request;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.serving.ServingLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a request's rows against the model signature and builds the frame the model scores.
 * Stricter than the model itself, which ignores extra columns: a request with a column the model
 * does not take is refused, because a misspelt column would otherwise be scored as missing.
 */
public final class InputBinder {
    /** Plans kept; beyond this many signatures (a server that has served that many models) they are made again. */
    private static final int PLANS_KEPT = 256;
    private static final ConcurrentHashMap<Signature, Plan> PLANS = new ConcurrentHashMap<>();

    /** A signature by identity: a model keeps its signature, and hashing one by value costs more than a plan saves. */
    private record Signature(ModelSignature signature) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Signature s && s.signature == signature;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(signature);
        }
    }

    /**
     * What binding needs from a signature, worked out once per signature rather than for every request:
     * the columns in order, where each name sits, which are required, which must be numbers or integers.
     */
    private static final class Plan {
        final List<String> names;
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, ColumnKind> kinds;
        final boolean[] required;
        final boolean[] numeric;
        final boolean[] integer;
        final List<String> types;
        final List<String> requiredNames;

        Plan(ModelSignature signature) {
            List<ModelSignature.ColumnSpec> inputs = signature.inputs();
            int k = inputs.size();
            names = signature.inputNames();
            kinds = Map.copyOf(signature.inputKinds());
            required = new boolean[k];
            numeric = new boolean[k];
            integer = new boolean[k];
            types = inputs.stream().map(ModelSignature.ColumnSpec::type).toList();
            for (int j = 0; j < k; j++) {
                ModelSignature.ColumnSpec c = inputs.get(j);
                index.putIfAbsent(c.name(), j);
                required[j] = c.required();
                numeric[j] = c.kind() == ColumnKind.NUMERIC;
                integer[j] = c.type().equals("long") || c.type().equals("integer");
            }
            requiredNames = inputs.stream().filter(ModelSignature.ColumnSpec::required).map(ModelSignature.ColumnSpec::name).toList();
        }
    }

    private static Plan plan(ModelSignature signature) {
        Signature key = new Signature(signature);
        Plan p = PLANS.get(key);
        if (p == null) {
            if (PLANS.size() >= PLANS_KEPT) {
                PLANS.clear();
            }
            p = PLANS.computeIfAbsent(key, k -> new Plan(k.signature()));
        }
        return p;
    }

    private InputBinder() {
    }

    /**
     * The frame for {@code input}, its columns in signature order and converted to the signature's kinds.
     * Columns the signature marks as not required (the model ignores them) may be left out.
     *
     * @throws CeruleanException PAYLOAD_TOO_LARGE above {@link ServingLimits#maxRows()} rows (target: the
     *                           limit); INVALID_PARAMETER for no rows, an unexpected or missing column (target:
     *                           the column), or a value of the wrong type (naming column and row)
     */
    public static Frame bind(ScoringInput input, ModelSignature signature, ServingLimits limits) {
        int n = input.rowCount();
        if (n > limits.maxRows()) {
            throw new CeruleanException(ErrorCode.PAYLOAD_TOO_LARGE, "the request has " + n + " rows; an online endpoint scores at most "
                    + limits.maxRows() + " rows per request (cerulean.serving.max-rows): send fewer rows per request, or use a batch "
                    + "endpoint", "max_rows");
        }
        if (n == 0) {
            throw new InvalidParameterException("the request has no rows to score", "data");
        }
        Plan plan = plan(signature);
        int k = plan.names.size();
        // from[j]: where the request has signature column j, or -1
        int[] from = new int[k];
        Arrays.fill(from, -1);
        List<String> unexpected = null;
        for (int i = 0; i < input.columns().size(); i++) {
            String name = input.columns().get(i);
            Integer j = plan.index.get(name);
            boolean twice;
            if (j != null) {
                twice = from[j] >= 0;
                from[j] = i;
            } else {
                unexpected = unexpected == null ? new ArrayList<>() : unexpected;
                twice = unexpected.contains(name);
                unexpected.add(name);
            }
            if (twice) {
                throw new InvalidParameterException("column '" + name + "' appears twice", name);
            }
        }
        if (unexpected != null) {
            String near = Frame.nearHint(unexpected.get(0), plan.names);
            throw new InvalidParameterException("unexpected column" + (unexpected.size() > 1 ? "s '" + String.join("', '", unexpected) + "'"
                    : " '" + unexpected.get(0) + "'") + ": the model does not take " + (unexpected.size() > 1 ? "them" : "it") + near
                    + "; its columns are " + String.join(", ", plan.names), unexpected.get(0));
        }
        List<String> missing = null;
        for (int j = 0; j < k; j++) {
            if (plan.required[j] && from[j] < 0) {
                missing = missing == null ? new ArrayList<>() : missing;
                missing.add(plan.names.get(j));
            }
        }
        if (missing != null) {
            throw new InvalidParameterException("missing column" + (missing.size() > 1 ? "s '" + String.join("', '", missing) + "'"
                    : " '" + missing.get(0) + "'") + ": the model needs " + String.join(", ", plan.requiredNames), missing.get(0));
        }
        List<Object[]> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Object[] src = input.rows().get(r);
            Object[] row = new Object[k];
            for (int j = 0; j < k; j++) {
                row[j] = from[j] < 0 ? null : src[from[j]];
            }
            rows.add(row);
        }
        checkTypes(plan, rows);
        return Frame.fromRows(plan.names, rows, plan.kinds);
    }

    /**
     * What the frame's conversion lets through but MLflow's schema enforcement refuses: a boolean in a
     * numeric column, and a fraction in an integer column (rather than truncating it).
     */
    private static void checkTypes(Plan plan, List<Object[]> rows) {
        for (int j = 0; j < plan.names.size(); j++) {
            if (!plan.numeric[j]) {
                continue;
            }
            for (int r = 0; r < rows.size(); r++) {
                Object v = rows.get(r)[j];
                if (plan.integer[j] && v instanceof Double d && !d.isNaN() && !d.isInfinite() && d != Math.rint(d)) {
                    throw new InvalidParameterException("column '" + plan.names.get(j) + "' row " + r + ": value " + d
                            + " is not an integer (the column's type is " + plan.types.get(j) + ")", plan.names.get(j));
                }
                if (v instanceof Boolean) {
                    throw new InvalidParameterException("column '" + plan.names.get(j) + "' row " + r + ": value " + v
                            + " is not a number (the column's type is " + plan.types.get(j) + ")", plan.names.get(j));
                }
            }
        }
    }
}
