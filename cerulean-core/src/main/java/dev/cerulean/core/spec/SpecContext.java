package dev.cerulean.core.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * State of one validation: where relative paths resolve from, and the problems found so far.
 * Shapes report into it instead of throwing, so that one pass lists every problem.
 */
public final class SpecContext {
    private final Path baseDir;
    private final List<Problem> problems = new ArrayList<>();
    private final SpecParser parser;
    private final int depth;

    SpecContext(Path baseDir, SpecParser parser, int depth) {
        this.baseDir = baseDir;
        this.parser = parser;
        this.depth = depth;
    }

    /** The folder that relative paths in the spec resolve against, or null when the spec has no file. */
    public Path baseDir() {
        return baseDir;
    }

    /** Whether a local path exists (here, or uploaded by the client that wrote the spec). */
    public boolean exists(Path p) {
        return parser.exists(p);
    }

    /** Whether a local path is a folder (here, or uploaded as one). */
    public boolean isDirectory(Path p) {
        return parser.isDirectory(p);
    }

    /** Whether a local path is a file (here, or uploaded as one). */
    public boolean isFile(Path p) {
        return parser.isFile(p);
    }

    SpecParser parser() {
        return parser;
    }

    int depth() {
        return depth;
    }

    public void error(String path, String message, String suggestion) {
        problems.add(new Problem(path, message, suggestion, Problem.Severity.ERROR));
    }

    public void error(String path, String message) {
        error(path, message, null);
    }

    public void warn(String path, String message, String suggestion) {
        problems.add(new Problem(path, message, suggestion, Problem.Severity.WARNING));
    }

    void addAll(List<Problem> more) {
        problems.addAll(more);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }
}
