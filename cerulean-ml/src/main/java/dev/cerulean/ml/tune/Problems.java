package dev.cerulean.ml.tune;

import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.SpecException;
import java.util.ArrayList;
import java.util.List;

/**
 * Problems found while reading one part of a sweep spec. Readers report into it instead of
 * throwing, so that one pass lists every problem with its field path.
 */
final class Problems {
    private final List<Problem> list = new ArrayList<>();

    void error(String path, String message, String suggestion) {
        list.add(new Problem(path, message, suggestion, Problem.Severity.ERROR));
    }

    void error(String path, String message) {
        error(path, message, null);
    }

    void warn(String path, String message, String suggestion) {
        list.add(new Problem(path, message, suggestion, Problem.Severity.WARNING));
    }

    void addAll(List<Problem> more) {
        list.addAll(more);
    }

    boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }

    int errorCount() {
        return (int) list.stream().filter(Problem::isError).count();
    }

    List<Problem> list() {
        return List.copyOf(list);
    }

    /** Throws a {@link SpecException} listing every problem when any is an error. */
    void throwIfErrors(String source) {
        if (hasErrors()) {
            throw new SpecException(source, list);
        }
    }

    static String child(String path, String field) {
        return path == null || path.isEmpty() ? field : path + "." + field;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }
}
