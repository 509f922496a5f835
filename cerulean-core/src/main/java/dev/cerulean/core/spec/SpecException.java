package dev.cerulean.core.spec;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.util.List;

/** A spec with one or more errors. The message summarises; {@link #problems()} lists every one. */
public class SpecException extends CeruleanException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public SpecException(String source, List<Problem> problems) {
        this(ErrorCode.INVALID_SPEC, source, problems);
    }

    public SpecException(ErrorCode code, String source, List<Problem> problems) {
        super(code, summary(source, problems), problems.isEmpty() ? null : problems.get(0).path(),
                problems.stream().map(Problem::render).toList(), null);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String summary(String source, List<Problem> problems) {
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        String where = source == null ? "spec" : source;
        if (errors.size() == 1) {
            return where + " is not valid: " + errors.get(0).render();
        }
        return where + " has " + errors.size() + " problems: "
                + String.join("; ", errors.stream().map(Problem::render).toList());
    }
}
