package dev.cerulean.serving.request;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.serving.ServingLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a request's rows against the model signature and builds the frame the model scores.
 * Stricter than the model itself, which ignores extra columns: a request with a column the model
 * does not take is refused, because a misspelt column would otherwise be scored as missing.
 */
public final class InputBinder {
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
        Map<String, ModelSignature.ColumnSpec> specs = new LinkedHashMap<>();
        for (ModelSignature.ColumnSpec c : signature.inputs()) {
            specs.put(c.name(), c);
        }
        Map<String, Integer> position = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < input.columns().size(); i++) {
            String name = input.columns().get(i);
            if (position.put(name, i) != null) {
                throw new InvalidParameterException("column '" + name + "' appears twice", name);
            }
            if (!specs.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (!unexpected.isEmpty()) {
            String near = Frame.nearHint(unexpected.get(0), specs.keySet());
            throw new InvalidParameterException("unexpected column" + (unexpected.size() > 1 ? "s '" + String.join("', '", unexpected) + "'"
                    : " '" + unexpected.get(0) + "'") + ": the model does not take " + (unexpected.size() > 1 ? "them" : "it") + near
                    + "; its columns are " + String.join(", ", specs.keySet()), unexpected.get(0));
        }
        List<String> missing = new ArrayList<>();
        for (ModelSignature.ColumnSpec c : signature.inputs()) {
            if (c.required() && !position.containsKey(c.name())) {
                missing.add(c.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidParameterException("missing column" + (missing.size() > 1 ? "s '" + String.join("', '", missing) + "'"
                    : " '" + missing.get(0) + "'") + ": the model needs " + String.join(", ", requiredNames(signature)), missing.get(0));
        }
        List<String> names = new ArrayList<>(specs.size());
        List<Object[]> rows = new ArrayList<>(n);
        int[] from = new int[specs.size()];
        int k = 0;
        for (ModelSignature.ColumnSpec c : signature.inputs()) {
            names.add(c.name());
            from[k++] = position.getOrDefault(c.name(), -1);
        }
        for (int r = 0; r < n; r++) {
            Object[] src = input.rows().get(r);
            Object[] row = new Object[from.length];
            for (int j = 0; j < from.length; j++) {
                row[j] = from[j] < 0 ? null : src[from[j]];
            }
            rows.add(row);
        }
        checkTypes(signature, names, rows);
        Map<String, ColumnKind> kinds = signature.inputKinds();
        return Frame.fromRows(names, rows, kinds);
    }

    /**
     * What the frame's conversion lets through but MLflow's schema enforcement refuses: a boolean in a
     * numeric column, and a fraction in an integer column (rather than truncating it).
     */
    private static void checkTypes(ModelSignature signature, List<String> names, List<Object[]> rows) {
        List<ModelSignature.ColumnSpec> inputs = signature.inputs();
        for (int j = 0; j < inputs.size(); j++) {
            String type = inputs.get(j).type();
            if (inputs.get(j).kind() != ColumnKind.NUMERIC) {
                continue;
            }
            boolean integer = type.equals("long") || type.equals("integer");
            for (int r = 0; r < rows.size(); r++) {
                Object v = rows.get(r)[j];
                if (integer && v instanceof Double d && !d.isNaN() && !d.isInfinite() && d != Math.rint(d)) {
                    throw new InvalidParameterException("column '" + names.get(j) + "' row " + r + ": value " + d
                            + " is not an integer (the column's type is " + type + ")", names.get(j));
                }
                if (v instanceof Boolean) {
                    throw new InvalidParameterException("column '" + names.get(j) + "' row " + r + ": value " + v
                            + " is not a number (the column's type is " + type + ")", names.get(j));
                }
            }
        }
    }

    private static List<String> requiredNames(ModelSignature signature) {
        return signature.inputs().stream().filter(ModelSignature.ColumnSpec::required).map(ModelSignature.ColumnSpec::name).toList();
    }
}
