package dev.cerulean.core;

import java.util.regex.Pattern;

/** Validation of user-chosen names and versions, shared by every kind of asset. */
public final class Names {
    /** Letters, digits, '-', '_' and '.', starting with a letter or digit; at most 255 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    /** The longest job name (a job's name is also its run's id, which MLflow allows up to 256 characters). */
    public static final int MAX_JOB_NAME_LENGTH = 256;

    private Names() {
    }

    /**
     * Checks a job name: 1 to {@link #MAX_JOB_NAME_LENGTH} characters.
     *
     * @throws InvalidParameterException naming the field
     */
    public static String requireJobName(String field, String name) {
        if (name == null || name.isBlank() || name.length() > MAX_JOB_NAME_LENGTH) {
            throw new InvalidParameterException("'" + field + "' must be a job name of 1 to " + MAX_JOB_NAME_LENGTH + " characters", field);
        }
        return name;
    }

    /**
     * Checks a name.
     *
     * @param field the field the name came from, used in the error
     * @return the name
     * @throws InvalidParameterException naming the field and the value when the name is not valid
     */
    public static String requireValid(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidParameterException("'" + field + "' is required", field);
        }
        if (!NAME.matcher(name).matches()) {
            String why = name.length() > 255
                    ? "is " + name.length() + " characters long (at most 255)"
                    : "may only contain letters, digits, '-', '_' and '.', and must start with a letter or digit";
            throw new InvalidParameterException(
                    "'" + field + "' value '" + abbreviate(name) + "' is not a valid name: it " + why, field);
        }
        return name;
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Parses a version: a positive integer.
     *
     * @throws InvalidParameterException naming the field when the text is not a positive integer
     */
    public static int parseVersion(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidParameterException("'" + field + "' is empty; expected a positive integer", field);
        }
        String t = text.strip();
        try {
            int v = Integer.parseInt(t);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new InvalidParameterException("'" + field + "' value '" + abbreviate(t)
                + "' is not a valid version: expected a positive integer (1, 2, ...) or the label 'latest'", field);
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
