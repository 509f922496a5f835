package dev.cerulean.cli;

import dev.cerulean.client.DataProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a data profile as a readable table: one row per column, then the strongest correlations. */
final class ProfileTable {
    private ProfileTable() {
    }

    static void print(String name, DataProfile p, Output out) {
        long rows = p.rowCount();
        out.line(name + ": " + rows + " rows, " + p.columns().size() + " columns");
        List<List<String>> table = new ArrayList<>();
        for (DataProfile.ColumnProfile c : p.columns()) {
            long missing = c.missing();
            String miss = missing == 0 ? "0" : missing + String.format(Locale.ROOT, " (%.1f%%)", 100.0 * missing / Math.max(1, rows));
            String summary;
            if (c.kind().equals("numeric")) {
                summary = "min " + Output.number(c.min()) + "  p50 " + Output.number(c.quantiles().get("p50")) + "  max "
                        + Output.number(c.max()) + "  mean " + Output.number(c.mean()) + "  std " + Output.number(c.std())
                        + "  " + spark(c.histogram());
            } else if (c.top() != null) {
                List<String> top = new ArrayList<>();
                for (DataProfile.ValueCount t : c.top()) {
                    if (top.size() == 3) {
                        break;
                    }
                    top.add(t.value() + " (" + t.count() + ")");
                }
                summary = "top: " + String.join(", ", top);
            } else {
                summary = present(c.min()) ? "from " + c.min().asText() + " to " + (present(c.max()) ? c.max().asText() : "null") : "";
            }
            table.add(List.of(c.name(), c.type(), miss, Long.toString(c.distinct()), summary));
        }
        out.table(List.of("COLUMN", "TYPE", "MISSING", "DISTINCT", "SUMMARY"), table);
        printCorrelations(p.correlations(), out);
    }

    private static boolean present(com.fasterxml.jackson.databind.JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    /** A histogram as a one-line sparkline. */
    static String spark(List<DataProfile.Bin> bins) {
        if (bins.isEmpty()) {
            return "";
        }
        long max = 1;
        for (DataProfile.Bin b : bins) {
            max = Math.max(max, b.count());
        }
        StringBuilder sb = new StringBuilder();
        for (DataProfile.Bin b : bins) {
            long c = b.count();
            sb.append(c == 0 ? ' ' : BARS[(int) Math.min(BARS.length - 1, c * BARS.length / (max + 1))]);
        }
        return sb.toString();
    }

    private static void printCorrelations(DataProfile.Correlations corr, Output out) {
        List<String> cols = corr.columns();
        List<double[]> pairs = new ArrayList<>();
        for (int i = 0; i < cols.size(); i++) {
            for (int j = i + 1; j < cols.size(); j++) {
                Double v = i < corr.matrix().size() && j < corr.matrix().get(i).size() ? corr.matrix().get(i).get(j) : null;
                if (v != null) {
                    pairs.add(new double[] {i, j, v});
                }
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        pairs.sort((a, b) -> Double.compare(Math.abs(b[2]), Math.abs(a[2])));
        List<String> top = new ArrayList<>();
        for (double[] pr : pairs.subList(0, Math.min(5, pairs.size()))) {
            top.add(cols.get((int) pr[0]) + "~" + cols.get((int) pr[1]) + String.format(Locale.ROOT, " %+.2f", pr[2]));
        }
        out.line("Strongest correlations (Pearson): " + String.join(", ", top));
    }
}
