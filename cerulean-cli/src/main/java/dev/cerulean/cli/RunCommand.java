package dev.cerulean.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.RunSearch;
import dev.cerulean.client.Typed;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.tracking.DatasetInput;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.core.tracking.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cerulean run list|show|compare|metrics}. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Runs: their params, metrics and tags.",
        subcommands = {RunCommand.ListCmd.class, RunCommand.Show.class, RunCommand.Compare.class, RunCommand.Metrics.class})
public final class RunCommand {

    static void printRuns(List<Run> runs, Output out) {
        List<List<String>> rows = new ArrayList<>();
        for (Run r : runs) {
            RunInfo i = r.info();
            StringBuilder metrics = new StringBuilder();
            for (Metric m : r.metrics()) {
                if (metrics.length() > 60) {
                    metrics.append(" …");
                    break;
                }
                metrics.append(metrics.length() == 0 ? "" : "  ").append(m.key()).append('=').append(Output.number(m.value()));
            }
            rows.add(List.of(i.runId(), Output.text(i.runName()), i.status(), Mlflow.time(i.startTime()), Mlflow.duration(i), metrics.toString()));
        }
        out.table(List.of("RUN", "NAME", "STATUS", "STARTED", "DURATION", "METRICS"), rows);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Search runs with MLflow's filter grammar.")
    static final class ListCmd extends ClientCommand {
        @Option(names = {"-e", "--experiment"}, description = "Experiment name or id (default: Default).", defaultValue = "0")
        String experiment;
        @Option(names = "--filter", description = "e.g. \"metrics.rmse < 1 and params.model = 'xgb'\".")
        String filter;
        @Option(names = "--order-by", description = "e.g. \"metrics.rmse ASC\"; repeatable.")
        List<String> orderBy = new ArrayList<>();
        @Option(names = "--max", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int max;

        @Override
        protected int run(CeruleanClient client, Output out) {
            RunSearch search = RunSearch.in(Mlflow.experimentId(client, experiment)).withFilter(filter).withOrderBy(orderBy)
                    .withMaxResults(max);
            out.print(client.tracking().searchRuns(search), page -> printRuns(page.items(), out));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A run's info, params, latest metrics, tags and inputs.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "RUN_ID")
        String runId;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.print(client.tracking().run(runId), r -> {
                RunInfo i = r.info();
                out.fields(List.of(new String[] {"run", i.runId()}, new String[] {"name", Output.text(i.runName())},
                        new String[] {"experiment", i.experimentId()}, new String[] {"status", i.status()},
                        new String[] {"started", Mlflow.time(i.startTime())}, new String[] {"duration", Mlflow.duration(i)},
                        new String[] {"user", Output.text(i.userId())}, new String[] {"artifacts", Output.text(i.artifactUri())}));
                section(out, "params", r.params());
                List<List<String>> metrics = r.metrics().stream().map(m -> List.of(m.key(), Output.number(m.value()), Long.toString(m.step())))
                        .toList();
                if (!metrics.isEmpty()) {
                    out.line("");
                    out.table(List.of("METRIC", "LATEST", "STEP"), metrics);
                }
                section(out, "tags", r.tags());
                for (DatasetInput in : r.inputs()) {
                    out.line("input: " + in.dataset().name() + " (" + in.dataset().digest() + ")");
                }
            });
            return 0;
        }

        private static void section(Output out, String title, Map<String, String> kvs) {
            if (kvs.isEmpty()) {
                return;
            }
            out.line("");
            List<List<String>> rows = new ArrayList<>();
            Mlflow.sorted(kvs).forEach((k, v) -> rows.add(List.of(k, v)));
            out.table(List.of(title.toUpperCase(Locale.ROOT), "VALUE"), rows);
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Runs side by side: params (differences marked *), and each metric's final, min and max.")
    static final class Compare extends ClientCommand {
        @Parameters(arity = "2..*", paramLabel = "RUN_ID")
        List<String> runIds;

        @Override
        protected int run(CeruleanClient client, Output out) {
            List<Run> runs = new ArrayList<>();
            for (String id : runIds) {
                runs.add(client.tracking().run(id).value());
            }
            Set<String> params = new TreeSet<>();
            Set<String> metrics = new TreeSet<>();
            for (Run r : runs) {
                params.addAll(r.params().keySet());
                r.metrics().forEach(m -> metrics.add(m.key()));
            }
            ObjectNode json = ApiJson.create().createObjectNode();
            List<String> headers = new ArrayList<>(List.of(""));
            runs.forEach(r -> headers.add(r.info().runName() != null ? r.info().runName() : r.info().runId().substring(0, 8)));
            List<List<String>> rows = new ArrayList<>();
            ObjectNode jp = json.putObject("params");
            for (String p : params) {
                List<String> row = new ArrayList<>();
                Set<String> distinct = new LinkedHashSet<>();
                ObjectNode jr = jp.putObject(p);
                for (Run r : runs) {
                    String v = r.params().getOrDefault(p, "—");
                    row.add(v);
                    distinct.add(v);
                    jr.put(r.info().runId(), v);
                }
                row.add(0, (distinct.size() > 1 ? "* " : "  ") + "params." + p);
                rows.add(row);
            }
            ObjectNode jm = json.putObject("metrics");
            for (String m : metrics) {
                List<String> fin = new ArrayList<>(List.of("  metrics." + m + " (final)"));
                List<String> lo = new ArrayList<>(List.of("  metrics." + m + " (min)"));
                List<String> hi = new ArrayList<>(List.of("  metrics." + m + " (max)"));
                ObjectNode jk = jm.putObject(m);
                for (Run r : runs) {
                    String id = r.info().runId();
                    List<Metric> hist = client.tracking().metricHistory(id, m, null).value().items();
                    if (hist.isEmpty()) {
                        fin.add("—");
                        lo.add("—");
                        hi.add("—");
                        continue;
                    }
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (Metric x : hist) {
                        min = Math.min(min, x.value());
                        max = Math.max(max, x.value());
                    }
                    double last = hist.get(hist.size() - 1).value();
                    fin.add(Output.number(last));
                    lo.add(Output.number(min));
                    hi.add(Output.number(max));
                    jk.putObject(id).put("final", last).put("min", min).put("max", max);
                }
                rows.add(fin);
                rows.add(lo);
                rows.add(hi);
            }
            if (out.isJson()) {
                out.json(json);
            } else {
                out.table(headers, rows);
            }
            return 0;
        }
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true, description = "A metric's history as a sparkline, or a PNG chart.")
    static final class Metrics extends ClientCommand {
        @Parameters(paramLabel = "RUN_ID")
        String runId;
        @Option(names = "--key", required = true, description = "The metric.")
        String key;
        @Option(names = "--png", paramLabel = "FILE", description = "Write a PNG chart to FILE.")
        Path png;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            List<Metric> points = new ArrayList<>();
            ArrayNode rendered = ApiJson.create().createArrayNode();
            String token = null;
            do {
                Typed<PageOf<Metric>> page = client.tracking().metricHistory(runId, key, token);
                points.addAll(page.value().items());
                page.json().path("metrics").forEach(rendered::add);
                token = page.value().nextPageToken();
            } while (token != null);
            if (points.isEmpty()) {
                throw new InvalidParameterException("run " + runId + " has no metric '" + key + "'", "key");
            }
            if (png != null) {
                Files.write(png, client.metricChart(runId, key));
                out.note("Wrote " + png.toAbsolutePath());
            }
            if (out.isJson()) {
                out.json(rendered);
                return 0;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (Metric p : points) {
                min = Math.min(min, p.value());
                max = Math.max(max, p.value());
            }
            out.line(key + ": " + points.size() + " points, steps " + points.get(0).step() + "–" + points.get(points.size() - 1).step());
            out.line(sparkline(points, 60));
            out.line(String.format(Locale.ROOT, "first %s  last %s  min %s  max %s", Output.number(points.get(0).value()),
                    Output.number(points.get(points.size() - 1).value()), Output.number(min), Output.number(max)));
            return 0;
        }

        /** The values resampled to at most {@code width} columns, as block characters. */
        static String sparkline(List<Metric> points, int width) {
            char[] bars = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
            int n = Math.min(width, points.size());
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                int from = i * points.size() / n;
                int to = Math.max(from + 1, (i + 1) * points.size() / n);
                double s = 0;
                for (int j = from; j < to; j++) {
                    s += points.get(j).value();
                }
                v[i] = s / (to - from);
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            StringBuilder sb = new StringBuilder();
            for (double x : v) {
                sb.append(hi == lo ? bars[3] : bars[(int) Math.min(bars.length - 1, (x - lo) / (hi - lo) * bars.length)]);
            }
            return sb.toString();
        }
    }
}
