package dev.cerulean.core.lineage;

import dev.cerulean.core.InvalidParameterException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of things lineage connects. */
public enum LineageKind {
    DATA, JOB, MODEL, DEPLOYMENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    /** @throws InvalidParameterException naming the allowed kinds */
    public static LineageKind parse(String text) {
        for (LineageKind k : values()) {
            if (k.wireName().equalsIgnoreCase(text)) {
                return k;
            }
        }
        throw new InvalidParameterException("'" + text + "' is not a lineage kind; expected one of "
                + Arrays.stream(values()).map(LineageKind::wireName).collect(Collectors.joining(", ")), "kind");
    }
}
