package dev.cerulean.bench.tracking;

import dev.cerulean.bench.Report;
import dev.cerulean.core.Principal;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.WorkspaceConfig;
import dev.cerulean.service.tracking.TrackingService;
import dev.cerulean.store.TestDatabases;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * runs/search over 10,000 runs × 20 params × 50 metrics: a filter on one metric and one param,
 * ordered by a metric, pages of 100; p50 and p95 latency through HTTP. Baseline in the same run: the
 * same page size with no filter and the default order.
 */
public final class SearchBenchmark {
    private SearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        StringBuilder md = new StringBuilder("## Run search\n\nMachine: " + Report.machine() + "  \nCommand: `bench/run search` ("
                + String.format(Locale.ROOT, "%,d", runs) + " runs × 20 params × 50 metrics; " + queries
                + " queries `metrics.m7 < X and params.p3 = 'v2'` ordered by `metrics.m12 DESC`, 100 per page, after 10 warm-up queries; "
                + "baseline: 100 runs with no filter, default order)\n\n"
                + "| store | filtered p50 | filtered p95 | baseline p50 | baseline p95 | ratio (p95) |\n|---|---|---|---|---|---|\n");
        for (String store : List.of("embedded (H2)", "PostgreSQL")) {
            String db = store.startsWith("embedded") ? null : TestDatabases.postgres();
            try (Workspace ws = Workspace.open(new WorkspaceConfig(Files.createTempDirectory("cerulean-search"), db, null))) {
                long t0 = System.nanoTime();
                populate(ws.tracking(), runs);
                System.err.printf("%s: populated %d runs in %.0f s%n", store, runs, (System.nanoTime() - t0) / 1e9);
                try (CeruleanServer server = CeruleanServer.start(ws, "127.0.0.1", 0)) {
                    String url = server.url() + "/api/2.0/mlflow/runs/search";
                    Random rnd = new Random(7);
                    for (int i = 0; i < 10; i++) {
                        filtered(url, rnd);
                        baseline(url);
                    }
                    double[] f = new double[queries];
                    double[] b = new double[queries];
                    for (int i = 0; i < queries; i++) {
                        f[i] = filtered(url, rnd);
                        b[i] = baseline(url);
                    }
                    md.append(String.format(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.2f× |%n", store, Report.median(f),
                            Report.quantile(f, 0.95), Report.median(b), Report.quantile(b, 0.95),
                            Report.quantile(f, 0.95) / Report.quantile(b, 0.95)));
                }
            }
        }
        md.append("\nTarget: p95 < 200 ms on the embedded store.\n");
        Report.write("search", md.toString());
        System.exit(0);
    }

    public static void populate(TrackingService tracking, int runs) {
        Principal p = new Principal("bench");
        Random rnd = new Random(42);
        for (int r = 0; r < runs; r++) {
            String id = tracking.createRun(p, "0", "bench", "run-" + r, 1_700_000_000_000L + r, Map.of()).info().runId();
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < 20; i++) {
                params.put("p" + i, "v" + rnd.nextInt(5));
            }
            List<Metric> metrics = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                metrics.add(new Metric("m" + i, rnd.nextDouble(), 1_700_000_000_000L + r, 0));
            }
            tracking.logBatch(p, id, metrics, params, Map.of());
        }
    }

    static double filtered(String url, Random rnd) throws Exception {
        String body = String.format(Locale.ROOT, "{\"experiment_ids\": [\"0\"], \"filter\": \"metrics.m7 < %.3f and params.p3 = 'v2'\", "
                + "\"order_by\": [\"metrics.m12 DESC\"], \"max_results\": 100}", 0.3 + rnd.nextDouble() * 0.6);
        return timed(url, body);
    }

    static double baseline(String url) throws Exception {
        return timed(url, "{\"experiment_ids\": [\"0\"], \"max_results\": 100}");
    }

    static double timed(String url, String body) throws Exception {
        long t0 = System.nanoTime();
        String answer = IngestBenchmark.send(url, body);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (!answer.contains("\"runs\"")) {
            throw new IllegalStateException("no runs in " + answer.substring(0, Math.min(200, answer.length())));
        }
        return ms;
    }
}
