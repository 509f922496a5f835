package dev.cerulean.ml.frame;

/**
 * One column of a {@link Frame}: a name, a {@link ColumnKind} and a value per row, any of which may be
 * missing. Columns are immutable once built; the arrays they expose must not be modified.
 */
public sealed interface FrameColumn permits NumericColumn, StringColumn, BooleanColumn, DatetimeColumn {
    /** The column name. */
    String name();

    /** What the column holds. */
    ColumnKind kind();

    /** The number of rows. */
    int size();

    /** Whether the value at {@code row} is missing. */
    boolean isMissing(int row);

    /**
     * The value at {@code row} as a plain Java object: {@link Double}, {@link String}, {@link Boolean},
     * {@link java.time.Instant}, or null when missing.
     */
    Object get(int row);

    /** A new column holding the given rows, in that order (rows may repeat). */
    FrameColumn take(int[] rows);

    /** The same values under another name. */
    FrameColumn rename(String newName);

    /** The number of missing values. */
    default int missingCount() {
        int n = 0;
        for (int i = 0; i < size(); i++) {
            if (isMissing(i)) {
                n++;
            }
        }
        return n;
    }
}
