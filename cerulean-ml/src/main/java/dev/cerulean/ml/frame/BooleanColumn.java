package dev.cerulean.ml.frame;

import java.util.Objects;

/**
 * A boolean column stored as bytes: 1 true, 0 false, -1 missing.
 *
 * @param name   column name
 * @param values one value per row (not copied: do not modify)
 */
public record BooleanColumn(String name, byte[] values) implements FrameColumn {
    /** The byte that marks a missing value. */
    public static final byte MISSING = -1;

    public BooleanColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
    }

    /** A column from nullable booleans. */
    public static BooleanColumn of(String name, Boolean... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = values[i] == null ? MISSING : (byte) (values[i] ? 1 : 0);
        }
        return new BooleanColumn(name, b);
    }

    @Override
    public ColumnKind kind() {
        return ColumnKind.BOOLEAN;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == MISSING;
    }

    @Override
    public Boolean get(int row) {
        return isMissing(row) ? null : values[row] == 1;
    }

    @Override
    public BooleanColumn take(int[] rows) {
        byte[] out = new byte[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return new BooleanColumn(name, out);
    }

    @Override
    public BooleanColumn rename(String newName) {
        return new BooleanColumn(newName, values);
    }
}
