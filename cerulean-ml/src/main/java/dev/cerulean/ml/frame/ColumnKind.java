package dev.cerulean.ml.frame;

import dev.cerulean.core.InvalidParameterException;
import java.util.Locale;

/** What a column holds, which decides how it is featurized. */
public enum ColumnKind {
    /** Numbers (integers or reals); missing is NaN. */
    NUMERIC,
    /** A small-ish set of labels; one-hot, ordinal, frequency or target encoded. */
    CATEGORICAL,
    /** true / false. */
    BOOLEAN,
    /** Instants, stored as microseconds since the epoch (UTC). */
    DATETIME,
    /** Free text; hashed n-grams. */
    TEXT;

    /** The lower-case wire name ({@code numeric}, {@code categorical}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws InvalidParameterException naming the field and the allowed values
     */
    public static ColumnKind parse(String field, String text) {
        for (ColumnKind k : values()) {
            if (k.name().equalsIgnoreCase(text)) {
                return k;
            }
        }
        throw new InvalidParameterException("'" + field + "' value '" + text
                + "' is not a column kind; expected numeric, categorical, boolean, datetime or text", field);
    }
}
