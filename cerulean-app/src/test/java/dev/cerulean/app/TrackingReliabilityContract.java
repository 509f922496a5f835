package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent logging loses nothing; subclassed per database. */
abstract class TrackingReliabilityContract {
    @TempDir
    Path home;

    abstract String dbUrl();

    static final int CLIENTS = 16;
    static final int BATCHES = 15;
    static final int PER_BATCH = 100;

    @Test
    void sixteenConcurrentClientsLoseNoPoint() throws Exception {
        try (CeruleanServer server = CeruleanServer.start(new WorkspaceConfig(home, dbUrl(), null), "127.0.0.1", 0)) {
            String api = server.url() + "/api/2.0/mlflow/";
            String shared = createRun(api);
            List<String> own = new ArrayList<>();
            for (int c = 0; c < CLIENTS / 2; c++) {
                own.add(createRun(api));
            }
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                String run = c % 2 == 0 ? shared : own.get(c / 2);
                futures.add(pool.submit(() -> {
                    for (int b = 0; b < BATCHES; b++) {
                        StringBuilder body = new StringBuilder("{\"run_id\": \"" + run + "\", \"metrics\": [");
                        for (int i = 0; i < PER_BATCH; i++) {
                            int step = b * PER_BATCH + i;
                            body.append(i == 0 ? "" : ",").append("{\"key\": \"c").append(client).append("\", \"value\": ").append(step)
                                    .append(", \"timestamp\": ").append(step).append(", \"step\": ").append(step).append("}");
                        }
                        body.append("], \"params\": [{\"key\": \"p").append(client).append("_").append(b).append("\", \"value\": \"v\"}]")
                                .append(", \"tags\": [{\"key\": \"shared\", \"value\": \"").append(client).append("\"}]}");
                        Http.Response r = Http.send("POST", api + "runs/log-batch", body.toString());
                        if (r.status() != 200) {
                            failures.add(r.body());
                        }
                        Http.Response single = Http.send("POST", api + "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"s"
                                + client + "\", \"value\": " + b + ", \"timestamp\": " + b + ", \"step\": " + b + "}");
                        if (single.status() != 200) {
                            failures.add(single.body());
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(failures).isEmpty();

            for (int c = 0; c < CLIENTS; c++) {
                String run = c % 2 == 0 ? shared : own.get(c / 2);
                assertThat(history(api, run, "c" + c)).as("client " + c).isEqualTo(BATCHES * PER_BATCH);
                assertThat(history(api, run, "s" + c)).isEqualTo(BATCHES);
            }
            JsonNode sharedRun = Http.send("GET", api + "runs/get?run_id=" + shared, null).json().get("run");
            assertThat(sharedRun.get("data").get("params")).hasSize(CLIENTS / 2 * BATCHES);
            for (JsonNode m : sharedRun.get("data").get("metrics")) {
                if (m.get("key").asText().startsWith("c")) {
                    assertThat(m.get("step").asLong()).isEqualTo(BATCHES * PER_BATCH - 1);
                }
            }
        }
    }

    @Test
    void concurrentLogModelCallsOnOneRunKeepEveryModel() throws Exception {
        try (CeruleanServer server = CeruleanServer.start(new WorkspaceConfig(home, dbUrl(), null), "127.0.0.1", 0)) {
            String api = server.url() + "/api/2.0/mlflow/";
            String run = createRun(api);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        Http.Response r = Http.send("POST", api + "runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": "
                                + "\"{\\\"client\\\": " + client + ", \\\"i\\\": " + i + "}\"}");
                        if (r.status() != 200) {
                            failures.add(r.body());
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(failures).isEmpty();
            JsonNode tags = Http.send("GET", api + "runs/get?run_id=" + run, null).json().get("run").get("data").get("tags");
            String history = null;
            for (JsonNode t : tags) {
                if (t.get("key").asText().equals("mlflow.log-model.history")) {
                    history = t.get("value").asText();
                }
            }
            assertThat(Http.JSON.readTree(history)).hasSize(CLIENTS * 4);
        }
    }

    static String createRun(String api) {
        return Http.send("POST", api + "runs/create", "{\"experiment_id\": \"0\"}").json().get("run").get("info").get("run_id").asText();
    }

    static int history(String api, String run, String key) {
        return Http.send("GET", api + "metrics/get-history?run_id=" + run + "&metric_key=" + key, null).json().path("metrics").size();
    }
}
