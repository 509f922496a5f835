package dev.cerulean.ml.data;

import java.util.List;

/** A transformation applied to a table after it is read (Azure ML's MLTable transformations). */
public sealed interface TableStep {
    /** Keep the first {@code rows} rows. */
    record Take(long rows) implements TableStep {
    }

    /** Drop the first {@code rows} rows. */
    record Skip(long rows) implements TableStep {
    }

    /** Keep each row with probability {@code probability}, reproducibly for a seed. */
    record Sample(double probability, long seed) implements TableStep {
    }

    record DropColumns(List<String> columns) implements TableStep {
    }

    record KeepColumns(List<String> columns) implements TableStep {
    }

    /** Keep rows where the expression holds (MLTable's {@code col("x") > 1} syntax, or SQL). */
    record Filter(String expression) implements TableStep {
    }

    /** Cast columns to {@code int}, {@code float}, {@code string}, {@code boolean} or {@code datetime}. */
    record Convert(List<String> columns, String type) implements TableStep {
    }
}
