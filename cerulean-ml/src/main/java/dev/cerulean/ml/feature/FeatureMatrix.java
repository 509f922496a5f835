package dev.cerulean.ml.feature;

import java.util.List;
import java.util.Objects;

/**
 * A dense, row-major matrix of features: {@code values[row * cols + col]}. NaN is a missing value
 * (only where the featurizer leaves missing values for learners that handle them).
 *
 * @param values      row-major values (not copied: do not modify)
 * @param rows        number of rows
 * @param cols        number of columns
 * @param names       one name per column
 * @param categorical indices of columns that hold category codes (0, 1, 2, ...) rather than magnitudes,
 *                    for learners with native categorical splits; empty otherwise
 */
public record FeatureMatrix(double[] values, int rows, int cols, List<String> names, int[] categorical) {
    public FeatureMatrix {
        Objects.requireNonNull(values, "values");
        names = List.copyOf(names);
        categorical = categorical == null ? new int[0] : categorical;
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " != " + values.length);
        }
        if (names.size() != cols) {
            throw new IllegalArgumentException(names.size() + " names for " + cols + " columns");
        }
    }

    /** The value at (row, col). */
    public double get(int row, int col) {
        return values[row * cols + col];
    }

    /** The given rows, in that order. */
    public FeatureMatrix take(int[] rowIdx) {
        double[] out = new double[rowIdx.length * cols];
        for (int i = 0; i < rowIdx.length; i++) {
            System.arraycopy(values, rowIdx[i] * cols, out, i * cols, cols);
        }
        return new FeatureMatrix(out, rowIdx.length, cols, names, categorical);
    }

    /** The values as floats (XGBoost's input type). */
    public float[] toFloats() {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
