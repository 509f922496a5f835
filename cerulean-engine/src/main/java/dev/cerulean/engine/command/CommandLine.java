package dev.cerulean.engine.command;

import dev.cerulean.core.InvalidParameterException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Azure ML's command-line expressions: {@code ${{inputs.x}}}, {@code ${{outputs.y}}} and optional parts {@code $[[ ... ]]}. */
public final class CommandLine {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(inputs|outputs)\\.([A-Za-z0-9_]+)\\s*}}");
    private static final Pattern OPTIONAL = Pattern.compile("\\$\\[\\[(.*?)]]", Pattern.DOTALL);

    private CommandLine() {
    }

    /**
     * The command with every expression replaced by its value; an optional part is kept (without its
     * brackets) when every expression in it has a value, and dropped otherwise.
     *
     * @param values by {@code inputs.x} / {@code outputs.y}
     * @throws InvalidParameterException when a required expression has no value
     */
    public static String substitute(String command, Map<String, String> values) {
        Matcher opt = OPTIONAL.matcher(command);
        StringBuilder sb = new StringBuilder();
        while (opt.find()) {
            Matcher inner = EXPRESSION.matcher(opt.group(1));
            boolean all = true;
            while (inner.find()) {
                all &= values.containsKey(inner.group(1) + "." + inner.group(2));
            }
            opt.appendReplacement(sb, Matcher.quoteReplacement(all ? opt.group(1) : ""));
        }
        opt.appendTail(sb);
        Matcher m = EXPRESSION.matcher(sb.toString());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1) + "." + m.group(2);
            String v = values.get(key);
            if (v == null) {
                throw new InvalidParameterException("the command refers to ${{" + key + "}}, which has no value", "command");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
