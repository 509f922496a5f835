package dev.cerulean.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.client.Typed;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/** Printing for commands: aligned tables, key–value blocks, or JSON. */
public final class Output {
    private final PrintStream out;
    private final PrintStream err;
    private final OutputFormat format;
    private final ObjectMapper json;

    public Output(PrintStream out, PrintStream err, OutputFormat format, ObjectMapper json) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.json = json;
    }

    public boolean isJson() {
        return format == OutputFormat.JSON;
    }

    public PrintStream out() {
        return out;
    }

    /** A note for people (progress, warnings): goes to stderr so that stdout stays parseable. */
    public void note(String line) {
        err.println(line);
    }

    public void line(String s) {
        out.println(s);
    }

    public void json(JsonNode node) {
        try {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's document as it came for {@code -o json}; else the record, as {@code human} prints it. */
    public <T> void print(Typed<T> answer, Consumer<? super T> human) {
        if (isJson()) {
            json(answer.json());
        } else {
            human.accept(answer.value());
        }
    }

    /** A list: the server's page as it came for {@code -o json}; else a table with a row per item. */
    public <T> void table(Typed<List<T>> page, List<String> headers, Function<? super T, List<String>> row) {
        if (isJson()) {
            json(page.json());
        } else {
            table(headers, page.value().stream().<List<String>>map(row).toList());
        }
    }

    /** A value as compact JSON ({@code {"team":"risk"}}), as tables show tags and counts. */
    public String compact(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Text for a cell: the value, or empty when there is none. */
    public static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /** Prints rows under headers, each column as wide as its widest cell. */
    public void table(List<String> headers, List<List<String>> rows) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < width.length && i < r.size(); i++) {
                width[i] = Math.max(width[i], String.valueOf(r.get(i)).length());
            }
        }
        printRow(headers, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        printRow(rule, width);
        for (List<String> r : rows) {
            printRow(r, width);
        }
    }

    private void printRow(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? String.valueOf(cells.get(i)) : "";
            sb.append(c);
            if (i < width.length - 1) {
                sb.append(" ".repeat(width[i] - c.length() + 2));
            }
        }
        out.println(sb.toString().stripTrailing());
    }

    /** Prints {@code key: value} lines with the keys aligned. */
    public void fields(List<String[]> pairs) {
        int w = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        for (String[] p : pairs) {
            out.println(p[0] + ":" + " ".repeat(w - p[0].length() + 1) + p[1]);
        }
    }

    /** 1536 → "1.5 KiB". */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A number for a table: integers plainly, others with 4 significant digits; text as it is. */
    public static String number(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "";
        }
        return n.isNumber() ? number(n.asDouble()) : n.asText();
    }

    /** A number for a table, or empty when there is none. */
    public static String number(Double d) {
        return d == null ? "" : number(d.doubleValue());
    }

    /** A number for a table: integers plainly, others with 4 significant digits (NaN and infinities by name). */
    public static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        if (Math.abs(d) >= 1000 && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.4g", d);
    }
}
