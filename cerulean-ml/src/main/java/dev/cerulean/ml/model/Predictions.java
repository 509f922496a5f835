package dev.cerulean.ml.model;

import dev.cerulean.ml.learn.Task;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predictions for a frame, row i for input row i. Classification carries the predicted label and one
 * probability per class; regression a value. Written as CSV with a {@code prediction} column and, for
 * classifiers, {@code probability_<class>} columns (scripts rely on these names).
 */
public final class Predictions {
    /** The predicted label / value column. */
    public static final String PREDICTION = "prediction";
    /** Prefix of the probability columns. */
    public static final String PROBABILITY_PREFIX = "probability_";

    private final Task task;
    private final List<String> classes;
    private final double[] values;
    private final int rows;

    private Predictions(Task task, List<String> classes, double[] values, int rows) {
        this.task = task;
        this.classes = List.copyOf(classes);
        this.values = values;
        this.rows = rows;
    }

    /** Regression predictions. */
    public static Predictions regression(double[] values) {
        return new Predictions(Task.REGRESSION, List.of(), values, values.length);
    }

    /**
     * Classification predictions.
     *
     * @param classes       labels in probability order
     * @param probabilities {@code classes.size()} per row, row-major
     */
    public static Predictions classification(List<String> classes, double[] probabilities) {
        int k = classes.size();
        if (k < 2 || probabilities.length % k != 0) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + k + " classes");
        }
        return new Predictions(k == 2 ? Task.BINARY : Task.MULTICLASS, classes, probabilities, probabilities.length / k);
    }

    /** The task. */
    public Task task() {
        return task;
    }

    /** Class labels (classification), else empty. */
    public List<String> classes() {
        return classes;
    }

    /** Number of rows. */
    public int size() {
        return rows;
    }

    /** The predicted value (regression). */
    public double value(int row) {
        if (task.isClassification()) {
            throw new IllegalStateException("classification predictions have labels, not values");
        }
        return values[row];
    }

    /** The predicted class index (classification): the most probable, first on ties. */
    public int classIndex(int row) {
        int k = classes.size();
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (values[row * k + c] > values[row * k + best]) {
                best = c;
            }
        }
        return best;
    }

    /** The predicted label (classification). */
    public String label(int row) {
        return classes.get(classIndex(row));
    }

    /** P(class k) for a row (classification). */
    public double probability(int row, int k) {
        return values[row * classes.size() + k];
    }

    /** Raw values: regression values, or row-major probabilities. Do not modify. */
    public double[] raw() {
        return values;
    }

    /** The output column names. */
    public List<String> columns() {
        List<String> c = new ArrayList<>();
        c.add(PREDICTION);
        for (String l : classes) {
            c.add(PROBABILITY_PREFIX + l);
        }
        return c;
    }

    /** One map per row, keyed by {@link #columns()} (for JSON responses). */
    public List<Map<String, Object>> toRecords() {
        List<Map<String, Object>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (task.isClassification()) {
                m.put(PREDICTION, label(i));
                for (int k = 0; k < classes.size(); k++) {
                    m.put(PROBABILITY_PREFIX + classes.get(k), probability(i, k));
                }
            } else {
                m.put(PREDICTION, values[i]);
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Writes CSV: a header of {@link #columns()}, then one line per row in input order. Labels are quoted
     * when they contain a comma, quote or newline; numbers use Java's shortest round-trip form.
     */
    public void writeCsv(Writer out) throws IOException {
        List<String> cols = columns();
        for (int c = 0; c < cols.size(); c++) {
            out.write(c == 0 ? "" : ",");
            out.write(csv(cols.get(c)));
        }
        out.write('\n');
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.setLength(0);
            if (task.isClassification()) {
                sb.append(csv(label(i)));
                for (int k = 0; k < classes.size(); k++) {
                    sb.append(',').append(probability(i, k));
                }
            } else {
                sb.append(values[i]);
            }
            sb.append('\n');
            out.write(sb.toString());
        }
    }

    static String csv(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
