package dev.cerulean.bench.tracking;

import dev.cerulean.bench.Report;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import dev.cerulean.store.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Metric ingestion through MLflow's log-batch (1,000 metrics a call) and single log-metric calls,
 * from 8 concurrent HTTP clients, on the embedded store and on PostgreSQL; and, in the same run,
 * the floor: the same number of rows inserted into the same table with plain JDBC batch inserts.
 */
public final class IngestBenchmark {
    static final int CLIENTS = 8;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int singles = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        StringBuilder md = new StringBuilder("## Tracking ingestion\n\nMachine: " + Report.machine() + "  \n"
                + "Command: `bench/run ingest` (" + CLIENTS + " concurrent clients; log-batch: " + batches + " calls × 1,000 metrics per "
                + "client; log-metric: " + singles + " calls per client; floor: the same number of points as rows, one per point, by "
                + "plain JDBC batch inserts of 1,000 from " + CLIENTS + " threads into an indexed table of the same database)\n\n"
                + "| store | log-batch points/s | log-metric points/s | JDBC floor rows/s | floor / log-batch |\n|---|---|---|---|---|\n");
        for (String store : List.of("embedded (H2)", "PostgreSQL")) {
            Path home = Files.createTempDirectory("cerulean-bench");
            String db = store.startsWith("embedded") ? null : TestDatabases.postgres();
            try (CeruleanServer server = CeruleanServer.start(new WorkspaceConfig(home, db, null), "127.0.0.1", 0)) {
                String api = server.url() + "/api/2.0/mlflow/";
                logBatch(api, 2);
                double batch = logBatch(api, batches);
                double single = logMetric(api, singles);
                String url = db != null ? db : "jdbc:h2:file:" + home.resolve("db").resolve("cerulean") + ";WRITE_DELAY=0";
                double floor = jdbcFloor(url, CLIENTS * batches * 1000);
                md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %.2f× |%n", store, batch, single, floor, floor / batch));
            }
        }
        md.append("\nTargets: log-batch ≥ 50,000 points/s on the embedded store, and within 3× of the JDBC floor.\n");
        Report.write("ingest", md.toString());
        System.exit(0);
    }

    static String createRun(String api) throws Exception {
        String body = send(api + "runs/create", "{\"experiment_id\": \"0\"}");
        int i = body.indexOf("\"run_id\":\"");
        return body.substring(i + 10, i + 42);
    }

    static String send(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Points per second through log-batch. */
    static double logBatch(String api, int batches) throws Exception {
        List<String> runs = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            runs.add(createRun(api));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> fs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            String run = runs.get(c);
            fs.add(pool.submit(() -> {
                for (int b = 0; b < batches; b++) {
                    StringBuilder body = new StringBuilder(64_000).append("{\"run_id\": \"").append(run).append("\", \"metrics\": [");
                    for (int i = 0; i < 1000; i++) {
                        int step = b * 1000 + i;
                        body.append(i == 0 ? "" : ",").append("{\"key\": \"m").append(i % 10).append("\", \"value\": ").append(step * 0.5)
                                .append(", \"timestamp\": ").append(1_700_000_000_000L + step).append(", \"step\": ").append(step).append('}');
                    }
                    send(api + "runs/log-batch", body.append("]}").toString());
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return CLIENTS * batches * 1000 / seconds;
    }

    /** Points per second through single log-metric calls. */
    static double logMetric(String api, int calls) throws Exception {
        List<String> runs = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            runs.add(createRun(api));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> fs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            String run = runs.get(c);
            fs.add(pool.submit(() -> {
                for (int i = 0; i < calls; i++) {
                    send(api + "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"loss\", \"value\": " + i + ", \"timestamp\": "
                            + i + ", \"step\": " + i + "}");
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return CLIENTS * calls / seconds;
    }

    /** Rows per second inserted into the metrics table by plain JDBC batches of 1,000, one transaction each. */
    static double jdbcFloor(String url, int rows) throws Exception {
        try (Connection conn = DriverManager.getConnection(url); var st = conn.createStatement()) {
            // One row per point, indexed for reading a run's history back: the plain way to store metrics.
            st.execute("CREATE TABLE bench_floor_points (run_id CHAR(32) NOT NULL, metric_key VARCHAR(250) NOT NULL, "
                    + "metric_value DOUBLE PRECISION NOT NULL, is_nan BOOLEAN NOT NULL, metric_ts BIGINT NOT NULL, step BIGINT NOT NULL)");
            st.execute("CREATE INDEX bench_floor_history ON bench_floor_points (run_id, metric_key, step)");
        }
        int perThread = rows / CLIENTS;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> fs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            fs.add(pool.submit(() -> {
                try (Connection conn = DriverManager.getConnection(url)) {
                    conn.setAutoCommit(false);
                    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bench_floor_points (run_id, metric_key, metric_value, "
                            + "is_nan, metric_ts, step) VALUES (?, ?, ?, ?, ?, ?)")) {
                        for (int i = 0; i < perThread; i++) {
                            ps.setString(1, String.format("%032d", client));
                            ps.setString(2, "m" + (i % 10));
                            ps.setDouble(3, i * 0.5);
                            ps.setBoolean(4, false);
                            ps.setLong(5, i);
                            ps.setLong(6, i);
                            ps.addBatch();
                            if ((i + 1) % 1000 == 0) {
                                ps.executeBatch();
                                conn.commit();
                            }
                        }
                        ps.executeBatch();
                        conn.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return rows / seconds;
    }
}
