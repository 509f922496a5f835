package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    static void printRuns(JsonNode runs, Output out) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : runs) {
            JsonNode i = r.get("info");
            StringBuilder metrics = new StringBuilder();
            for (JsonNode m : r.path("data").path("metrics")) {
                if (metrics.length() > 60) {
                    metrics.append(" …");
                    break;
                }
                metrics.append(metrics.length() == 0 ? "" : "  ").append(m.get("key").asText()).append('=').append(Output.number(m.get("value")));
            }
            rows.add(List.of(i.get("run_id").asText(), i.path("run_name").asText(), i.get("status").asText(),
                    Mlflow.time(i.get("start_time")), Mlflow.duration(i), metrics.toString()));
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
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("experiment_ids", List.of(Mlflow.experimentId(client, experiment)));
            body.put("max_results", max);
            if (filter != null) {
                body.put("filter", filter);
            }
            if (!orderBy.isEmpty()) {
                body.put("order_by", orderBy);
            }
            JsonNode page = client.mlflowPost("runs/search", body);
            if (out.isJson()) {
                out.json(page);
            } else {
                printRuns(page.path("runs"), out);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A run's info, params, latest metrics, tags and inputs.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "RUN_ID")
        String runId;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode r = client.mlflowGet("runs/get", Map.of("run_id", runId)).get("run");
            if (out.isJson()) {
                out.json(r);
                return 0;
            }
            JsonNode i = r.get("info");
            out.fields(List.of(new String[] {"run", i.get("run_id").asText()}, new String[] {"name", i.path("run_name").asText()},
                    new String[] {"experiment", i.get("experiment_id").asText()}, new String[] {"status", i.get("status").asText()},
                    new String[] {"started", Mlflow.time(i.get("start_time"))}, new String[] {"duration", Mlflow.duration(i)},
                    new String[] {"user", i.path("user_id").asText()}, new String[] {"artifacts", i.get("artifact_uri").asText()}));
            section(out, "params", r.path("data").path("params"));
            List<List<String>> metrics = new ArrayList<>();
            for (JsonNode m : r.path("data").path("metrics")) {
                metrics.add(List.of(m.get("key").asText(), Output.number(m.get("value")), m.get("step").asText()));
            }
            if (!metrics.isEmpty()) {
                out.line("");
                out.table(List.of("METRIC", "LATEST", "STEP"), metrics);
            }
            section(out, "tags", r.path("data").path("tags"));
            for (JsonNode in : r.path("inputs").path("dataset_inputs")) {
                out.line("input: " + in.get("dataset").get("name").asText() + " (" + in.get("dataset").get("digest").asText() + ")");
            }
            return 0;
        }

        private static void section(Output out, String title, JsonNode kvs) {
            if (kvs.isEmpty()) {
                return;
            }
            out.line("");
            List<List<String>> rows = new ArrayList<>();
            Mlflow.keyValues(kvs).forEach((k, v) -> rows.add(List.of(k, v)));
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
            List<JsonNode> runs = new ArrayList<>();
            for (String id : runIds) {
                runs.add(client.mlflowGet("runs/get", Map.of("run_id", id)).get("run"));
            }
            Set<String> params = new TreeSet<>();
            Set<String> metrics = new TreeSet<>();
            for (JsonNode r : runs) {
                Mlflow.keyValues(r.path("data").path("params")).keySet().forEach(params::add);
                r.path("data").path("metrics").forEach(m -> metrics.add(m.get("key").asText()));
            }
            ObjectNode json = ApiJson.create().createObjectNode();
            List<String> headers = new ArrayList<>(List.of(""));
            runs.forEach(r -> headers.add(r.get("info").path("run_name").asText(r.get("info").get("run_id").asText().substring(0, 8))));
            List<List<String>> rows = new ArrayList<>();
            ObjectNode jp = json.putObject("params");
            for (String p : params) {
                List<String> row = new ArrayList<>();
                Set<String> distinct = new LinkedHashSet<>();
                ObjectNode jr = jp.putObject(p);
                for (JsonNode r : runs) {
                    String v = Mlflow.keyValues(r.path("data").path("params")).getOrDefault(p, "—");
                    row.add(v);
                    distinct.add(v);
                    jr.put(r.get("info").get("run_id").asText(), v);
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
                for (JsonNode r : runs) {
                    String id = r.get("info").get("run_id").asText();
                    JsonNode hist = client.mlflowGet("metrics/get-history", Map.of("run_id", id, "metric_key", m)).path("metrics");
                    if (hist.isEmpty()) {
                        fin.add("—");
                        lo.add("—");
                        hi.add("—");
                        continue;
                    }
                    double min = Double.POSITIVE_INFINITY;
                    double max = Double.NEGATIVE_INFINITY;
                    for (JsonNode x : hist) {
                        double v = x.get("value").asDouble();
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                    JsonNode last = hist.get(hist.size() - 1).get("value");
                    fin.add(Output.number(last));
                    lo.add(Output.number(ApiJson.create().getNodeFactory().numberNode(min)));
                    hi.add(Output.number(ApiJson.create().getNodeFactory().numberNode(max)));
                    jk.putObject(id).put("final", last.asDouble()).put("min", min).put("max", max);
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
            List<JsonNode> points = new ArrayList<>();
            String token = null;
            do {
                Map<String, String> q = new LinkedHashMap<>(Map.of("run_id", runId, "metric_key", key));
                if (token != null) {
                    q.put("page_token", token);
                }
                JsonNode page = client.mlflowGet("metrics/get-history", q);
                page.path("metrics").forEach(points::add);
                token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
            } while (token != null);
            if (points.isEmpty()) {
                throw new InvalidParameterException("run " + runId + " has no metric '" + key + "'", "key");
            }
            if (png != null) {
                Files.write(png, client.metricChart(runId, key));
                out.note("Wrote " + png.toAbsolutePath());
            }
            if (out.isJson()) {
                ArrayNode a = ApiJson.create().createArrayNode();
                points.forEach(a::add);
                out.json(a);
                return 0;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (JsonNode p : points) {
                min = Math.min(min, p.get("value").asDouble());
                max = Math.max(max, p.get("value").asDouble());
            }
            out.line(key + ": " + points.size() + " points, steps " + points.get(0).get("step").asText() + "–"
                    + points.get(points.size() - 1).get("step").asText());
            out.line(sparkline(points, 60));
            out.line(String.format(Locale.ROOT, "first %s  last %s  min %s  max %s", Output.number(points.get(0).get("value")),
                    Output.number(points.get(points.size() - 1).get("value")), fmt(min), fmt(max)));
            return 0;
        }

        private static String fmt(double d) {
            return Output.number(ApiJson.create().getNodeFactory().numberNode(d));
        }

        /** The values resampled to at most {@code width} columns, as block characters. */
        static String sparkline(List<JsonNode> points, int width) {
            char[] bars = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
            int n = Math.min(width, points.size());
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                int from = i * points.size() / n;
                int to = Math.max(from + 1, (i + 1) * points.size() / n);
                double s = 0;
                for (int j = from; j < to; j++) {
                    s += points.get(j).get("value").asDouble();
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
