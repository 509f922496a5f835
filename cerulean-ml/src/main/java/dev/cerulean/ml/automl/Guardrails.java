package dev.cerulean.ml.automl;

import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.StringColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Azure ML's data guardrails for classification and regression, checked on the training rows before any
 * model is trained. Problems the data cannot support (no target, one class, too few rows) are errors raised
 * while preparing the data; these report what AutoML will do about the rest.
 */
final class Guardrails {
    /** A class smaller than this share of the largest class makes the data imbalanced (Azure ML's 20%). */
    static final double IMBALANCE_RATIO = 0.2;
    /** Categoricals with more levels than this are target encoded by the tree learners. */
    static final int HIGH_CARDINALITY = 255;

    private Guardrails() {
    }

    static List<Guardrail> tabular(TabularData d) {
        List<Guardrail> out = new ArrayList<>();
        out.add(new Guardrail(Guardrail.VALIDATION, d.autoValidation ? Guardrail.Status.DONE : Guardrail.Status.PASSED,
                d.validationDescription, List.of()));
        if (d.task.isClassification()) {
            out.add(classBalance(d));
        }
        Frame train = d.features.take(trainingRows(d));
        out.add(missingValues(train));
        out.add(highCardinality(train));
        return out;
    }

    private static int[] trainingRows(TabularData d) {
        int[] r = new int[d.trainingRows];
        for (int i = 0; i < r.length; i++) {
            r[i] = i;
        }
        return r;
    }

    private static Guardrail classBalance(TabularData d) {
        int[] counts = new int[d.k];
        for (int i = 0; i < d.trainingRows; i++) {
            counts[(int) d.y[i]]++;
        }
        int max = 0;
        int min = Integer.MAX_VALUE;
        int minClass = 0;
        for (int c = 0; c < d.k; c++) {
            max = Math.max(max, counts[c]);
            if (counts[c] < min) {
                min = counts[c];
                minClass = c;
            }
        }
        List<String> details = new ArrayList<>();
        for (int c = 0; c < d.k; c++) {
            details.add(String.format(Locale.ROOT, "%s: %d rows (%.1f%%)", d.classes.get(c), counts[c],
                    100.0 * counts[c] / d.trainingRows));
        }
        double ratio = max == 0 ? 1 : min / (double) max;
        if (ratio < IMBALANCE_RATIO) {
            return new Guardrail(Guardrail.CLASS_BALANCE, Guardrail.Status.ALERTED, String.format(Locale.ROOT,
                    "Imbalanced classes were detected: class '%s' has %d rows, %.1f%% of the largest class. Accuracy can look good"
                    + " while the small class is missed; consider AUC_weighted or norm_macro_recall as the primary metric, or"
                    + " collect more rows of the small class.", d.classes.get(minClass), min, 100 * ratio), details);
        }
        return new Guardrail(Guardrail.CLASS_BALANCE, Guardrail.Status.PASSED,
                "All classes are balanced in the training data: the smallest has at least 20% of the rows of the largest.", details);
    }

    private static Guardrail missingValues(Frame train) {
        List<String> details = new ArrayList<>();
        for (FrameColumn c : train.columns()) {
            int m = c.missingCount();
            if (m > 0) {
                details.add(String.format(Locale.ROOT, "%s: %d missing (%.1f%%)", c.name(), m, 100.0 * m / train.rowCount()));
            }
        }
        if (details.isEmpty()) {
            return new Guardrail(Guardrail.MISSING_VALUES, Guardrail.Status.PASSED,
                    "No missing feature values were detected in the training data.", List.of());
        }
        return new Guardrail(Guardrail.MISSING_VALUES, Guardrail.Status.DONE, "Missing feature values were detected in "
                + details.size() + " column(s) and handled: tree learners route missing values natively; linear models and kNN"
                + " impute the training median (most frequent value for booleans) and add a missing-value indicator.", details);
    }

    private static Guardrail highCardinality(Frame train) {
        List<String> details = new ArrayList<>();
        for (FrameColumn c : train.columns()) {
            if (c instanceof StringColumn s) {
                int distinct = distinct(s);
                int present = s.size() - s.missingCount();
                if (s.kind() == ColumnKind.TEXT) {
                    details.add(c.name() + ": free text, featurized as hashed word 1-2-grams");
                } else if (present >= 20 && distinct >= 0.95 * present) {
                    details.add(c.name() + ": " + distinct + " distinct values in " + present + " rows, an identifier; dropped");
                } else if (distinct > HIGH_CARDINALITY) {
                    details.add(c.name() + ": " + distinct + " categories; target encoded out of fold");
                }
            }
        }
        if (details.isEmpty()) {
            return new Guardrail(Guardrail.HIGH_CARDINALITY, Guardrail.Status.PASSED,
                    "Your inputs were analyzed, and no high cardinality features were detected.", List.of());
        }
        return new Guardrail(Guardrail.HIGH_CARDINALITY, Guardrail.Status.DONE,
                "High cardinality features were detected in your inputs and were handled.", details);
    }

    private static int distinct(StringColumn s) {
        Set<String> seen = new HashSet<>();
        for (String v : s.values()) {
            if (v != null) {
                seen.add(v);
            }
        }
        return seen.size();
    }
}
