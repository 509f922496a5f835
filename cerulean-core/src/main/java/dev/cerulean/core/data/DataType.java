package dev.cerulean.core.data;

import dev.cerulean.core.InvalidParameterException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Azure ML's data asset types. */
public enum DataType {
    URI_FILE("uri_file"),
    URI_FOLDER("uri_folder"),
    MLTABLE("mltable");

    private final String wireName;

    DataType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @throws InvalidParameterException naming the field and the allowed values */
    public static DataType parse(String field, String text) {
        for (DataType t : values()) {
            if (t.wireName.equalsIgnoreCase(text)) {
                return t;
            }
        }
        throw new InvalidParameterException("'" + field + "' value '" + text + "' is not a data type; expected one of "
                + Arrays.stream(values()).map(DataType::wireName).collect(Collectors.joining(", ")), field);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
