package dev.cerulean.bench.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.bench.Report;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.pkg.ModelPackage;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.serving.batch.BatchInput;
import dev.cerulean.serving.batch.BatchOptions;
import dev.cerulean.serving.batch.BatchResult;
import dev.cerulean.serving.batch.BatchScorer;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Online and batch serving against their floors (run with {@code bench/run serving}).
 *
 * <p>Online: a LightGBM model of Adult (14 input columns, 100 trees) behind an online endpoint of an
 * in-process server; a load generator in a separate JVM sends one row per request over loopback:
 * open-loop at 1,000 requests/s (latency from when each request was due), and closed-loop at
 * saturation, to Azure ML's {@code /score} and to the Open Inference Protocol's {@code infer}. The floor
 * is the same server answering a constant body at {@code /endpoints/{name}/ping} (same body sent, no
 * key, no model), under the same load. Targets: saturation throughput at least 50% of the floor's; p99
 * below 10 ms at 1,000 requests/s.
 *
 * <p>Route against route: the same server's {@code /score} against its {@code /health}, both closed loop on
 * 16 connections by one tool (wrk when installed), and the same two routes of a {@link BareServer} (the
 * same HTTP stack calling the same model, nothing of Cerulean's in between), in alternating rounds (the
 * machine is shared). Target: the ratio of
 * Cerulean's two routes at least that of the bare server's, less a tenth of it. {@code bench/run serving
 * ratio} runs this part alone and writes nothing (for profiling).
 *
 * <p>Batch: the batch scoring runner on all of Adult (read with DuckDB, mini-batches of 10,000 rows, two
 * at once, predictions written to CSV) against {@code Model.predict} of the same rows, already in memory,
 * in one batch. Target: at least 60% of the library's rows/s.
 */
public final class ServingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int WARMUP_S = 5;
    private static final int MEASURE_S = 10;
    private static final int CONNECTIONS = 8;
    /** Open-loop connections: enough that a request rarely waits for a free one at 1,000 req/s. */
    private static final int RATE_CONNECTIONS = 16;
    private static final int RATE = 1000;
    /** Connections of the route-against-route comparison (the wrk figures used 16). */
    private static final int RATIO_CONNECTIONS = 16;
    private static final int RATIO_ROUNDS = 3;
    private static final int RATIO_WARMUP_S = 2;
    private static final int RATIO_MEASURE_S = 5;

    private ServingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean ratioOnly = args.length > 0 && args[0].equals("ratio");
        Path root = root();
        Path adultCsv = root.resolve("samples/data/adult.csv");
        Path work = Files.createTempDirectory("serving-bench");
        Frame adult = FrameReader.read(TableSource.of(adultCsv));
        var trained = Training.train(TrainSpec.builder().frame(adult).target("income").algorithm("lightgbm").seed(1).cvFolds(0).threads(2)
                .build()).model();
        Path pkg = work.resolve("model");
        ModelPackage.save(trained, pkg, ModelPackage.SaveOptions.NONE);
        trained.close();

        StringBuilder md = new StringBuilder();
        try (CeruleanServer server = CeruleanServer.start(WorkspaceConfig.at(work.resolve("home")), "127.0.0.1", 0)) {
            String url = server.url();
            register(url, "adult-lgbm", pkg);
            post(url + "/api/v1/online-endpoints", "{\"name\": \"bench\"}");
            JsonNode dep = post(url + "/api/v1/online-endpoints/bench/deployments", "{\"name\": \"blue\", \"model\": \"azureml:adult-lgbm:1\"}");
            send("PATCH", url + "/api/v1/online-endpoints/bench", "{\"traffic\": {\"blue\": 100}}");
            String key = send("GET", url + "/api/v1/online-endpoints/bench/keys", null).get("primary_key").asText();
            Path score = work.resolve("score.json");
            Files.writeString(score, scoreBody(adultCsv));
            Path infer = work.resolve("infer.json");
            Files.writeString(infer, inferBody(adultCsv, send("GET", url + "/v2/models/bench", null, key)));

            String ratio = ratio(url, score, key, trainedModel(pkg), work);
            if (ratioOnly) {
                System.out.println(ratio);
                System.exit(0);
            }
            List<String[]> rows = new ArrayList<>();
            double[] floor = run("saturate", url + "/endpoints/bench/ping", score, "-", CONNECTIONS);
            double[] scoreSat = run("saturate", url + "/endpoints/bench/score", score, key, CONNECTIONS);
            double[] inferSat = run("saturate", url + "/v2/models/bench/infer", infer, key, CONNECTIONS);
            double[] scoreRate = run("rate", url + "/endpoints/bench/score", score, key, RATE);
            double[] inferRate = run("rate", url + "/v2/models/bench/infer", infer, key, RATE);
            double[] floorRate = run("rate", url + "/endpoints/bench/ping", score, "-", RATE);
            rows.add(row("floor: constant answer (`/endpoints/bench/ping`)", "saturation, " + CONNECTIONS + " connections", floor));
            rows.add(row("Azure ML `/score`", "saturation, " + CONNECTIONS + " connections", scoreSat));
            rows.add(row("OIP `infer`", "saturation, " + CONNECTIONS + " connections", inferSat));
            rows.add(row("floor: constant answer", RATE + " req/s open loop", floorRate));
            rows.add(row("Azure ML `/score`", RATE + " req/s open loop", scoreRate));
            rows.add(row("OIP `infer`", RATE + " req/s open loop", inferRate));

            md.append("Online: model `adult-lgbm:1` (LightGBM, 100 trees, 14 input columns, trained on all 48,842 Adult rows) deployed with ")
                    .append("the defaults (1 replica, ").append(dep.path("request_settings").path("max_concurrent_requests_per_instance").asInt())
                    .append(" concurrent requests, queue ").append(dep.path("request_settings").path("max_queue_wait_ms").asInt())
                    .append(" ms). One Adult row per request. The load comes from a separate JVM (`LoadGenerator`: HTTP/1.1 over ")
                    .append("keep-alive sockets, one thread per connection) on loopback; server and load generator share the machine's cores. ")
                    .append("Each run: ").append(WARMUP_S).append(" s warm-up, ").append(MEASURE_S).append(" s measured. Open loop (")
                    .append(RATE_CONNECTIONS).append(" connections): request i is due at t0 + i/rate and its latency counts from then, ")
                    .append("so requests delayed by a stall count the stall (no coordinated omission).\n\n")
                    .append("| route | load | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | errors |\n")
                    .append("|---|---|---|---|---|---|---|---|---|\n");
            for (String[] r : rows) {
                md.append("| ").append(String.join(" | ", r)).append(" |\n");
            }
            double scoreRatio = scoreSat[3] / floor[3];
            double inferRatio = inferSat[3] / floor[3];
            md.append("\nSaturation throughput against the floor: `/score` ").append(pct(scoreRatio)).append(", `infer` ").append(pct(inferRatio))
                    .append(" (target ≥ 50%: ").append(met(Math.min(scoreRatio, inferRatio) >= 0.5)).append(").\n")
                    .append("p99 at ").append(RATE).append(" req/s: `/score` ").append(fmt(scoreRate[6], 2)).append(" ms, `infer` ")
                    .append(fmt(inferRate[6], 2)).append(" ms (target < 10 ms: ").append(met(Math.max(scoreRate[6], inferRate[6]) < 10))
                    .append(").\n\n");
            md.append(ratio);
        }

        // --- batch --------------------------------------------------------------------------------
        Model model = ModelPackage.load(pkg);
        Frame features = adult.drop(List.of("income"));
        int n = adult.rowCount();
        BatchOptions options = new BatchOptions(10, 10_000, 2, true, "predictions.csv", -1, 3, Duration.ofSeconds(30), null);
        model.predict(features);
        BatchScorer.run(BatchInput.frame("adult", features), model, options, work.resolve("warm-frame"), null, null);
        BatchScorer.run(BatchInput.table("adult.csv", TableSource.of(adultCsv)), model, options, work.resolve("warm-csv"), null, null);
        double[] raw = new double[5];
        double[] inMemory = new double[5];
        double[] fromCsv = new double[5];
        double[] readOnly = new double[5];
        BatchResult last = null;
        for (int i = 0; i < raw.length; i++) {
            long t0 = System.nanoTime();
            model.predict(features);
            raw[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            BatchScorer.run(BatchInput.frame("adult", features), model, options, work.resolve("frame-" + i), null, null);
            inMemory[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            last = BatchScorer.run(BatchInput.table("adult.csv", TableSource.of(adultCsv)), model, options, work.resolve("csv-" + i), null, null);
            fromCsv[i] = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            FrameReader.read(TableSource.of(adultCsv));
            readOnly[i] = (System.nanoTime() - t0) / 1e9;
        }
        double rawRate = n / Report.median(raw);
        double memRate = n / Report.median(inMemory);
        double csvRate = n / Report.median(fromCsv);
        double readRate = n / Report.median(readOnly);
        md.append("Batch: all ").append(String.format(Locale.ROOT, "%,d", n)).append(" Adult rows, the same model; median of 5 runs after a ")
                .append("warm-up. The runner uses mini-batches of 10,000 rows, 2 workers, and writes every prediction to CSV with its file ")
                .append("and row.\n\n")
                .append("| | rows/s | time (s) | against raw |\n|---|---|---|---|\n")
                .append("| raw: `Model.predict` on the rows in memory, one batch | ").append(fmt(rawRate, 0)).append(" | ")
                .append(fmt(Report.median(raw), 3)).append(" | 100% |\n")
                .append("| batch runner, the same rows in memory (`BatchInput.frame`) | ").append(fmt(memRate, 0)).append(" | ")
                .append(fmt(Report.median(inMemory), 3)).append(" | ").append(pct(memRate / rawRate)).append(" |\n")
                .append("| batch runner reading Adult's CSV (DuckDB, streamed) | ").append(fmt(csvRate, 0)).append(" | ")
                .append(fmt(Report.median(fromCsv), 3)).append(" | ").append(pct(csvRate / rawRate)).append(" |\n")
                .append("| floor of the CSV input: `FrameReader.read` alone, no scoring | ").append(fmt(readRate, 0)).append(" | ")
                .append(fmt(Report.median(readOnly), 3)).append(" | ").append(pct(readRate / rawRate)).append(" |\n\n")
                .append("Target, the runner against `Model.predict` on the same rows: ").append(pct(memRate / rawRate)).append(" (≥ 60%: ")
                .append(met(memRate / rawRate >= 0.6)).append("). From a CSV file the runner is bound by reading the file (")
                .append(pct(csvRate / readRate)).append(" of the read-only floor), not by its own work. Last CSV run: ")
                .append(last.message()).append(".\n");
        Report.write("serving", header() + md);
        System.exit(0);
    }

    private static Model trainedModel(Path pkg) {
        return ModelPackage.load(pkg);
    }

    /**
     * {@code /score} against {@code /health} of the same server, and the same pair on the bare server. The
     * machine is shared, so the four routes are measured in turn in {@link #RATIO_ROUNDS} rounds and each
     * figure is the median over the rounds; a ratio is the median of the rounds' ratios.
     */
    private static String ratio(String url, Path score, String key, Model model, Path work) throws Exception {
        Wrk wrk = new Wrk(RATIO_CONNECTIONS, RATIO_WARMUP_S, RATIO_MEASURE_S, work);
        Wrk.Figures[][] ours = new Wrk.Figures[2][RATIO_ROUNDS];
        Wrk.Figures[][] bare = new Wrk.Figures[2][RATIO_ROUNDS];
        try (BareServer b = BareServer.start(model)) {
            for (int r = 0; r < RATIO_ROUNDS; r++) {
                ours[0][r] = wrk.run(url + "/health", null, null);
                ours[1][r] = wrk.run(url + "/endpoints/bench/score", score, key);
                bare[0][r] = wrk.run(b.url() + "/health", null, null);
                bare[1][r] = wrk.run(b.url() + "/score", score, null);
            }
        } finally {
            if (model instanceof AutoCloseable c) {
                c.close();
            }
        }
        double oursRatio = medianRatio(ours);
        double bareRatio = medianRatio(bare);
        StringBuilder md = new StringBuilder();
        md.append("Route against route: the same server's `/score` (one Adult row, the endpoint above) against its `/health`, and the ")
                .append("same two routes of a bare server in the same JVM (Javalin with its defaults, Jackson, `Model.predict` of the same ")
                .append("model: no key, no routing, no checks against the signature, no admission, no metrics). Closed loop, ")
                .append(wrk.tool()).append("; the four routes in turn, ").append(RATIO_ROUNDS).append(" rounds of ").append(RATIO_WARMUP_S)
                .append(" s warm-up and ").append(RATIO_MEASURE_S).append(" s measured per route; medians over the rounds.\n\n")
                .append("| server | route | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | errors |\n|---|---|---|---|---|---|---|\n");
        ratioRow(md, "Cerulean", "`GET /health`", median(ours[0]));
        ratioRow(md, "Cerulean", "`POST /endpoints/bench/score`", median(ours[1]));
        ratioRow(md, "bare", "`GET /health`", median(bare[0]));
        ratioRow(md, "bare", "`POST /score`", median(bare[1]));
        md.append("\n`/score` against `/health`: Cerulean ").append(fmt(oursRatio, 2)).append(", bare server ").append(fmt(bareRatio, 2))
                .append(" (target ≥ bare − 10%: ").append(met(oursRatio >= bareRatio * 0.9)).append(").\n\n");
        return md.toString();
    }

    private static double medianRatio(Wrk.Figures[][] f) {
        double[] r = new double[f[0].length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f[1][i].throughput() / f[0][i].throughput();
        }
        return Report.median(r);
    }

    private static Wrk.Figures median(Wrk.Figures[] rounds) {
        return new Wrk.Figures(Report.median(Arrays.stream(rounds).mapToDouble(Wrk.Figures::throughput).toArray()),
                Report.median(Arrays.stream(rounds).mapToDouble(Wrk.Figures::p50).toArray()),
                Report.median(Arrays.stream(rounds).mapToDouble(Wrk.Figures::p90).toArray()),
                Report.median(Arrays.stream(rounds).mapToDouble(Wrk.Figures::p99).toArray()),
                Arrays.stream(rounds).mapToLong(Wrk.Figures::errors).sum());
    }

    private static void ratioRow(StringBuilder md, String server, String route, Wrk.Figures f) {
        md.append("| ").append(server).append(" | ").append(route).append(" | ").append(fmt(f.throughput(), 0)).append(" | ")
                .append(fmt(f.p50(), 2)).append(" | ").append(fmt(f.p90(), 2)).append(" | ").append(fmt(f.p99(), 2)).append(" | ")
                .append(f.errors()).append(" |\n");
    }

    private static String header() {
        return "# Serving: online endpoints against their floor, batch scoring against the library\n\n"
                + "- machine: " + Report.machine() + "\n"
                + "- load average at the end (shared machine; other jobs may run): " + loadAverage() + "\n"
                + "- command: `bench/run serving`\n\n";
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unavailable";
        }
    }

    private static String[] row(String route, String load, double[] r) {
        return new String[] {route, load, fmt(r[3], 0), fmt(r[4], 2), fmt(r[5], 2), fmt(r[6], 2), fmt(r[7], 2), fmt(r[8], 1),
                Long.toString((long) r[2])};
    }

    private static String pct(double r) {
        return String.format(Locale.ROOT, "%.0f%%", r * 100);
    }

    private static String met(boolean ok) {
        return ok ? "met" : "not met";
    }

    private static String fmt(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    /**
     * Runs the load generator in its own JVM; returns sent, ok, errors, throughput, p50, p90, p99, p99.9, max.
     *
     * @param param the rate (open loop) or the number of connections (saturation)
     */
    private static double[] run(String mode, String url, Path body, String key, double param) throws Exception {
        boolean open = mode.equals("rate");
        return LoadGenerator.launch(mode, url, body, key.equals("-") ? null : key, open ? param : 0, open ? RATE_CONNECTIONS : (int) param,
                WARMUP_S, MEASURE_S);
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("samples/data"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("run from inside the repository (no samples/data found)");
    }

    /** The first Adult row (without income) in Azure ML's split orient. */
    private static String scoreBody(Path csv) throws IOException {
        String[][] hr = firstRow(csv);
        StringBuilder sb = new StringBuilder("{\"input_data\": {\"columns\": [");
        for (int i = 0; i < hr[0].length; i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(hr[0][i]).append('"');
        }
        sb.append("], \"index\": [0], \"data\": [[");
        for (int i = 0; i < hr[1].length; i++) {
            sb.append(i == 0 ? "" : ", ").append(isNumber(hr[1][i]) ? hr[1][i] : "\"" + hr[1][i] + "\"");
        }
        return sb.append("]]}}").toString();
    }

    /** The same row as one OIP tensor per column, typed as the model's metadata says. */
    private static String inferBody(Path csv, JsonNode metadata) throws IOException {
        String[][] hr = firstRow(csv);
        StringBuilder sb = new StringBuilder("{\"inputs\": [");
        JsonNode inputs = metadata.get("inputs");
        for (int i = 0; i < inputs.size(); i++) {
            String name = inputs.get(i).get("name").asText();
            String dt = inputs.get(i).get("datatype").asText();
            int col = Arrays.asList(hr[0]).indexOf(name);
            String v = hr[1][col];
            sb.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(name).append("\", \"shape\": [1], \"datatype\": \"").append(dt)
                    .append("\", \"data\": [").append(dt.equals("BYTES") ? "\"" + v + "\"" : v).append("]}");
        }
        return sb.append("]}").toString();
    }

    private static String[][] firstRow(Path csv) throws IOException {
        List<String> lines;
        try (Stream<String> s = Files.lines(csv)) {
            lines = s.limit(2).toList();
        }
        String[] h = lines.get(0).split(",");
        String[] r = lines.get(1).split(",");
        return new String[][] {Arrays.copyOf(h, h.length - 1), Arrays.copyOf(r, r.length - 1)};
    }

    private static boolean isNumber(String s) {
        return s.matches("-?\\d+(\\.\\d+)?");
    }

    private static void register(String url, String name, Path dir) throws Exception {
        String api = url + "/api/2.0/mlflow/";
        String run = post(api + "runs/create", "{\"experiment_id\": \"0\"}").get("run").get("info").get("run_id").asText();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow-artifacts/artifacts/0/" + run
                        + "/artifacts/model/" + rel)).PUT(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("upload failed: " + r.body());
                }
            }
        }
        post(api + "registered-models/create", "{\"name\": \"" + name + "\"}");
        post(api + "model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"runs:/" + run + "/model\", \"run_id\": \"" + run + "\"}");
    }

    private static JsonNode post(String url, String body) throws Exception {
        return send("POST", url, body);
    }

    private static JsonNode send(String method, String url, String body) throws Exception {
        return send(method, url, body, null);
    }

    private static JsonNode send(String method, String url, String body, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
