package dev.cerulean.core.spec;

import java.util.Objects;

/**
 * Something wrong (or doubtful) in a spec.
 *
 * @param path       the field path ({@code inputs.training_data.path}), empty for the document itself
 * @param message    what is wrong, naming the bad value
 * @param suggestion how to fix it, or null
 * @param severity   {@code ERROR} stops the spec from being used; {@code WARNING} does not
 */
public record Problem(String path, String message, String suggestion, Severity severity) {
    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** One line: {@code path: message (suggestion)}. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(path.isEmpty() ? "(document)" : path).append(": ").append(message);
        if (suggestion != null && !suggestion.isEmpty()) {
            sb.append(" (").append(suggestion).append(')');
        }
        return sb.toString();
    }
}
