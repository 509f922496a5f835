package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a data profile as a readable table: one row per column, then the strongest correlations. */
final class ProfileTable {
    private ProfileTable() {
    }

    static void print(String name, JsonNode p, Output out) {
        long rows = p.get("row_count").asLong();
        out.line(name + ": " + rows + " rows, " + p.path("columns").size() + " columns");
        List<List<String>> table = new ArrayList<>();
        for (JsonNode c : p.path("columns")) {
            long missing = c.get("missing").asLong();
            String miss = missing == 0 ? "0" : missing + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * missing / Math.max(1, rows));
            String summary;
            if (c.get("kind").asText().equals("numeric")) {
                JsonNode q = c.path("quantiles");
                summary = "min " + Output.number(c.get("min")) + "  p50 " + Output.number(q.get("p50")) + "  max "
                        + Output.number(c.get("max")) + "  mean " + Output.number(c.get("mean")) + "  std " + Output.number(c.get("std"))
                        + "  " + spark(c.path("histogram"));
            } else if (c.has("top")) {
                List<String> top = new ArrayList<>();
                for (JsonNode t : c.get("top")) {
                    if (top.size() == 3) {
                        break;
                    }
                    top.add(t.get("value").asText() + " (" + t.get("count").asText() + ")");
                }
                summary = "top: " + String.join(", ", top);
            } else {
                summary = c.has("min") ? "from " + c.get("min").asText() + " to " + c.get("max").asText() : "";
            }
            table.add(List.of(c.get("name").asText(), c.get("type").asText(), miss, c.get("distinct").asText(), summary));
        }
        out.table(List.of("COLUMN", "TYPE", "MISSING", "DISTINCT", "SUMMARY"), table);
        printCorrelations(p.path("correlations"), out);
    }

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    /** A histogram as a one-line sparkline. */
    static String spark(JsonNode bins) {
        if (!bins.isArray() || bins.isEmpty()) {
            return "";
        }
        long max = 1;
        for (JsonNode b : bins) {
            max = Math.max(max, b.get("count").asLong());
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode b : bins) {
            long c = b.get("count").asLong();
            sb.append(c == 0 ? ' ' : BARS[(int) Math.min(BARS.length - 1, c * BARS.length / (max + 1))]);
        }
        return sb.toString();
    }

    private static void printCorrelations(JsonNode corr, Output out) {
        JsonNode cols = corr.path("columns");
        JsonNode m = corr.path("matrix");
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            for (int j = i + 1; j < cols.size(); j++) {
                JsonNode v = m.path(i).path(j);
                if (v.isNumber()) {
                    pairs.add(new double[] {i, j, v.asDouble()});
                }
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        pairs.sort((a, b) -> Double.compare(Math.abs(b[2]), Math.abs(a[2])));
        List<String> top = new ArrayList<>();
        for (double[] pr : pairs.subList(0, Math.min(5, pairs.size()))) {
            top.add(cols.get((int) pr[0]).asText() + "~" + cols.get((int) pr[1]).asText()
                    + String.format(Locale.ROOT, " %+.2f", pr[2]));
        }
        out.line("Strongest correlations (Pearson): " + String.join(", ", top));
    }
}
