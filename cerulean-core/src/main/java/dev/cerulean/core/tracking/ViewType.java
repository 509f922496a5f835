package dev.cerulean.core.tracking;

import dev.cerulean.core.InvalidParameterException;

/** Which lifecycle stages a search returns. MLflow's enum values are 1, 2 and 3. */
public enum ViewType {
    ACTIVE_ONLY, DELETED_ONLY, ALL;

    /** Parses MLflow's name or number; null means ACTIVE_ONLY. */
    public static ViewType parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return ACTIVE_ONLY;
        }
        switch (text.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "ACTIVE_ONLY", "1":
                return ACTIVE_ONLY;
            case "DELETED_ONLY", "2":
                return DELETED_ONLY;
            case "ALL", "3":
                return ALL;
            default:
                throw new InvalidParameterException("Invalid value '" + text + "' for " + field
                        + ": expected ACTIVE_ONLY, DELETED_ONLY or ALL", field);
        }
    }
}
