package dev.cerulean.ml.frame;

import java.util.Arrays;
import java.util.Objects;

/**
 * A column of strings, either {@link ColumnKind#CATEGORICAL} or {@link ColumnKind#TEXT}; null marks a
 * missing value.
 *
 * @param name   column name
 * @param kind   CATEGORICAL or TEXT
 * @param values one value per row (not copied: do not modify)
 */
public record StringColumn(String name, ColumnKind kind, String[] values) implements FrameColumn {
    public StringColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        if (kind != ColumnKind.CATEGORICAL && kind != ColumnKind.TEXT) {
            throw new IllegalArgumentException("a string column is categorical or text, not " + kind);
        }
    }

    /** A categorical column. */
    public static StringColumn categorical(String name, String... values) {
        return new StringColumn(name, ColumnKind.CATEGORICAL, values);
    }

    /** A text column. */
    public static StringColumn text(String name, String... values) {
        return new StringColumn(name, ColumnKind.TEXT, values);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == null;
    }

    @Override
    public String get(int row) {
        return values[row];
    }

    @Override
    public StringColumn take(int[] rows) {
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new StringColumn(name, kind, out);
    }

    @Override
    public StringColumn rename(String newName) {
        return new StringColumn(newName, kind, values);
    }

    /** The same values as another kind (CATEGORICAL or TEXT). */
    public StringColumn as(ColumnKind newKind) {
        return new StringColumn(name, newKind, values);
    }

    @Override
    public String toString() {
        return "StringColumn[" + name + ", " + kind + ", " + Arrays.toString(Arrays.copyOf(values, Math.min(5, values.length))) + "]";
    }
}
