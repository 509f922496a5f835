package dev.cerulean.ml.explain;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.ColumnEncoder;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.ContributionPredictor;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TreeSHAP explanations (Lundberg et al., "From local explanations to global understanding with explainable
 * AI for trees", Nature Machine Intelligence 2, 2020) of tree models, computed by the tree libraries
 * (XGBoost's and LightGBM's {@code pred_contrib}) on the engineered features and summed back to the input
 * column each feature came from (a one-hot column's levels, a datetime's parts, a text's hashed n-grams all
 * add up to their column). The values explain the raw score: log-odds for binary classification, one score
 * per class for multiclass, the value for regression; each row's values plus its expected value sum to that
 * score. For an averaged model (bagged folds, a voting ensemble of tree models) they are the weighted average
 * of the parts' values, and sum to the weighted average of the parts' raw scores.
 */
public final class TreeShap {
    private TreeShap() {
    }

    /**
     * SHAP values.
     *
     * @param columns  the input columns explained, in the model's order
     * @param rows     rows explained
     * @param outputs  raw scores per row (classes for multiclass, else 1)
     * @param values   {@code values[(row * outputs + output) * columns.size() + column]}
     * @param expected {@code expected[row * outputs + output]}: the expected value (bias) term
     */
    public record ShapValues(List<String> columns, int rows, int outputs, double[] values, double[] expected) {
        /** One value. */
        public double value(int row, int output, int column) {
            return values[(row * outputs + output) * columns.size() + column];
        }

        /** The row's raw score for an output: its values plus the expected value. */
        public double rawScore(int row, int output) {
            double s = expected[row * outputs + output];
            for (int c = 0; c < columns.size(); c++) {
                s += value(row, output, c);
            }
            return s;
        }

        /** Mean |value| per column over rows (summed over outputs), largest first. */
        public Map<String, Double> meanAbsolute() {
            double[] m = new double[columns.size()];
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < outputs; o++) {
                    for (int c = 0; c < m.length; c++) {
                        m[c] += Math.abs(value(r, o, c)) / rows;
                    }
                }
            }
            List<Integer> idx = new ArrayList<>();
            for (int c = 0; c < m.length; c++) {
                idx.add(c);
            }
            idx.sort(Comparator.comparingDouble((Integer c) -> -m[c]));
            Map<String, Double> out = new LinkedHashMap<>();
            for (int c : idx) {
                out.put(columns.get(c), m[c]);
            }
            return out;
        }
    }

    /** Whether {@link #explain} can explain the model: tree learners, and averages of them. */
    public static boolean supports(Model model) {
        if (model instanceof CeruleanModel c) {
            return c.predictor() instanceof ContributionPredictor;
        }
        if (model instanceof WeightedAverageModel a && a.partWeights() != null) {
            double[] w = a.partWeights();
            for (int i = 0; i < w.length; i++) {
                if (w[i] > 0 && !supports(a.parts().get(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Explains the rows of {@code input}.
     *
     * @throws InvalidParameterException if the model is not a tree model (see {@link #supports}) or the input
     *                                   lacks a column the model needs
     */
    public static ShapValues explain(Model model, Frame input) {
        if (!supports(model)) {
            throw new InvalidParameterException("TreeSHAP explains tree models (LightGBM, XGBoost, random forest, extra trees)"
                    + " and averages of them; this model is " + model.getClass().getSimpleName(), "model");
        }
        if (model instanceof CeruleanModel c) {
            return single(c, input);
        }
        WeightedAverageModel a = (WeightedAverageModel) model;
        double[] w = a.partWeights();
        List<ShapValues> parts = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                ShapValues s = explain(a.parts().get(i), input);
                parts.add(s);
                weights.add(w[i]);
                for (String col : s.columns()) {
                    if (!columns.contains(col)) {
                        columns.add(col);
                    }
                }
            }
        }
        int rows = input.rowCount();
        int outputs = parts.get(0).outputs();
        int cols = columns.size();
        double[] values = new double[rows * outputs * cols];
        double[] expected = new double[rows * outputs];
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        for (int p = 0; p < parts.size(); p++) {
            ShapValues s = parts.get(p);
            double wp = weights.get(p) / total;
            int[] at = new int[s.columns().size()];
            for (int c = 0; c < at.length; c++) {
                at[c] = columns.indexOf(s.columns().get(c));
            }
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < outputs; o++) {
                    expected[r * outputs + o] += wp * s.expected()[r * outputs + o];
                    for (int c = 0; c < at.length; c++) {
                        values[(r * outputs + o) * cols + at[c]] += wp * s.value(r, o, c);
                    }
                }
            }
        }
        return new ShapValues(columns, rows, outputs, values, expected);
    }

    private static ShapValues single(CeruleanModel m, Frame input) {
        ContributionPredictor p = (ContributionPredictor) m.predictor();
        Featurizer f = m.featurizer();
        FeatureMatrix x = f.transform(input);
        double[] contrib = p.contributions(x);
        int rows = x.rows();
        int features = x.cols();
        int outputs = p.scoreWidth();
        List<String> columns = new ArrayList<>();
        int[] columnOf = new int[features];
        int j = 0;
        for (ColumnEncoder e : f.encoders()) {
            int c = columns.indexOf(e.column());
            if (c < 0) {
                columns.add(e.column());
                c = columns.size() - 1;
            }
            for (int k = 0; k < e.outputs().size(); k++) {
                columnOf[j++] = c;
            }
        }
        int cols = columns.size();
        double[] values = new double[rows * outputs * cols];
        double[] expected = new double[rows * outputs];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < outputs; o++) {
                int base = (r * outputs + o) * (features + 1);
                for (int q = 0; q < features; q++) {
                    values[(r * outputs + o) * cols + columnOf[q]] += contrib[base + q];
                }
                expected[r * outputs + o] = contrib[base + features];
            }
        }
        return new ShapValues(columns, rows, outputs, values, expected);
    }
}
