package dev.cerulean.core;

import java.util.List;
import java.util.Objects;

/**
 * The one unchecked root of Cerulean's errors. Carries an {@link ErrorCode} (and so an HTTP status),
 * a message that names the bad field or value, an optional target (the field path or resource the
 * error is about) and optional details (one line per problem, for errors that list several).
 */
public class CeruleanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String target;
    private final List<String> details;

    public CeruleanException(ErrorCode code, String message) {
        this(code, message, null, List.of(), null);
    }

    public CeruleanException(ErrorCode code, String message, String target) {
        this(code, message, target, List.of(), null);
    }

    public CeruleanException(ErrorCode code, String message, String target, List<String> details, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.target = target;
        this.details = List.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    /** The field path or resource the error is about, or null. */
    public String target() {
        return target;
    }

    /** One line per problem where the error gathers several; empty otherwise. */
    public List<String> details() {
        return details;
    }
}
