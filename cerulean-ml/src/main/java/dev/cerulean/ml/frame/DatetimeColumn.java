package dev.cerulean.ml.frame;

import java.time.Instant;
import java.util.Objects;

/**
 * A datetime column: microseconds since 1970-01-01T00:00Z; {@link #MISSING} marks a missing value.
 * Dates without a time are midnight UTC; zone-less timestamps are read as UTC.
 *
 * @param name        column name
 * @param epochMicros one value per row (not copied: do not modify)
 */
public record DatetimeColumn(String name, long[] epochMicros) implements FrameColumn {
    /** The value that marks a missing instant. */
    public static final long MISSING = Long.MIN_VALUE;

    public DatetimeColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(epochMicros, "epochMicros");
    }

    /** A column from nullable instants. */
    public static DatetimeColumn of(String name, Instant... values) {
        long[] m = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            m[i] = values[i] == null ? MISSING : toMicros(values[i]);
        }
        return new DatetimeColumn(name, m);
    }

    /** Microseconds since the epoch of an instant. */
    public static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    @Override
    public ColumnKind kind() {
        return ColumnKind.DATETIME;
    }

    @Override
    public int size() {
        return epochMicros.length;
    }

    @Override
    public boolean isMissing(int row) {
        return epochMicros[row] == MISSING;
    }

    @Override
    public Instant get(int row) {
        long m = epochMicros[row];
        return m == MISSING ? null : Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1000L);
    }

    @Override
    public DatetimeColumn take(int[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = epochMicros[rows[i]];
        }
        return new DatetimeColumn(name, out);
    }

    @Override
    public DatetimeColumn rename(String newName) {
        return new DatetimeColumn(newName, epochMicros);
    }
}
