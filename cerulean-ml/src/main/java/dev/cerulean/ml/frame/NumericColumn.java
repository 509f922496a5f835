package dev.cerulean.ml.frame;

import java.util.Objects;

/**
 * A numeric column; NaN marks a missing value.
 *
 * @param name     column name
 * @param values   one value per row (not copied: do not modify)
 * @param integral whether the source type was an integer type (kept for model signatures)
 */
public record NumericColumn(String name, double[] values, boolean integral) implements FrameColumn {
    public NumericColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
    }

    /** A real-valued column. */
    public static NumericColumn of(String name, double... values) {
        return new NumericColumn(name, values, false);
    }

    @Override
    public ColumnKind kind() {
        return ColumnKind.NUMERIC;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return Double.isNaN(values[row]);
    }

    /** The value at {@code row}; NaN when missing. */
    public double value(int row) {
        return values[row];
    }

    @Override
    public Object get(int row) {
        return isMissing(row) ? null : values[row];
    }

    @Override
    public NumericColumn take(int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new NumericColumn(name, out, integral);
    }

    @Override
    public NumericColumn rename(String newName) {
        return new NumericColumn(newName, values, integral);
    }
}
