package dev.cerulean.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** MLflow's operations whose rules the tracking service applies: the server only reads the fields and writes the answer. */
class MlflowRoutesTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static String newRun() {
        return server.mlflow("runs/create", "{\"experiment_id\": \"0\"}").get("run").get("info").get("run_id").asText();
    }

    static JsonNode tags(String run) {
        return server.get("/api/2.0/mlflow/runs/get?run_id=" + run).json().get("run").get("data").get("tags");
    }

    static String tag(String run, String key) {
        for (JsonNode t : tags(run)) {
            if (t.get("key").asText().equals(key)) {
                return t.get("value").asText();
            }
        }
        return null;
    }

    @Nested
    class LogBatch {
        @Test
        void aParamGivenTwiceWithTwoValuesIsRefused() {
            String run = newRun();
            TestServer.Response r = server.post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + run + "\", \"params\": [{\"key\": "
                    + "\"a\", \"value\": \"1\"}, {\"key\": \"a\", \"value\": \"2\"}]}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"Duplicate parameter keys have been "
                    + "submitted: ['a']. Please ensure the request contains only one param value per param key.\"}");
            assertThat(server.get("/api/2.0/mlflow/runs/get?run_id=" + run).json().get("run").get("data").has("params")).isFalse();
        }

        @Test
        void aParamGivenTwiceWithOneValueIsLoggedOnce() {
            String run = newRun();
            server.mlflow("runs/log-batch", "{\"run_id\": \"" + run + "\", \"params\": [{\"key\": \"b\", \"value\": \"1\"}, {\"key\": \"b\", "
                    + "\"value\": \"1\"}]}");
            JsonNode params = server.get("/api/2.0/mlflow/runs/get?run_id=" + run).json().get("run").get("data").get("params");
            assertThat(params.toString()).isEqualTo("[{\"key\":\"b\",\"value\":\"1\"}]");
        }
    }

    @Nested
    class LogModel {
        @Test
        void eachModelIsAppendedToTheHistoryTag() {
            String run = newRun();
            server.mlflow("runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": \"{\\\"a\\\": 1}\"}");
            server.mlflow("runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": \"{\\\"b\\\": 2}\"}");
            assertThat(tag(run, "mlflow.log-model.history")).isEqualTo("[{\"a\":1},{\"b\":2}]");
        }

        @Test
        void modelJsonThatIsNotJsonIsRefused() {
            String run = newRun();
            TestServer.Response r = server.post("/api/2.0/mlflow/runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": \"{no\"}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo("{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"model_json is not valid JSON\"}");
            assertThat(tag(run, "mlflow.log-model.history")).isNull();
        }

        @Test
        void concurrentModelsOfOneRunAreAllKept() throws Exception {
            String run = newRun();
            int clients = 8;
            int each = 5;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            server.mlflow("runs/log-model", "{\"run_id\": \"" + run + "\", \"model_json\": \"{\\\"c\\\": " + client
                                    + ", \\\"i\\\": " + i + "}\"}");
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(TestServer.JSON.readTree(tag(run, "mlflow.log-model.history"))).hasSize(clients * each);
        }
    }

    @Nested
    class Artifacts {
        @Test
        void listingAndDownloadGoThroughTheRunsArtifacts() {
            String run = newRun();
            assertThat(server.send("PUT", "/api/2.0/mlflow-artifacts/artifacts/0/" + run + "/artifacts/dir/a.txt", "hello").status())
                    .isEqualTo(200);
            JsonNode list = server.get("/api/2.0/mlflow/artifacts/list?run_id=" + run).json();
            assertThat(list.get("root_uri").asText()).isEqualTo("mlflow-artifacts:/0/" + run + "/artifacts");
            assertThat(list.get("files").toString()).isEqualTo("[{\"path\":\"dir\",\"is_dir\":true}]");
            assertThat(server.get("/api/2.0/mlflow/artifacts/list?run_id=" + run + "&path=dir").json().get("files").toString())
                    .isEqualTo("[{\"path\":\"dir/a.txt\",\"is_dir\":false,\"file_size\":5}]");
            TestServer.Response file = server.get("/api/2.0/mlflow-artifacts/artifacts/0/" + run + "/artifacts/dir/a.txt");
            assertThat(file.body()).isEqualTo("hello");
            assertThat(file.header("content-type")).isEqualTo("text/plain");
            assertThat(file.header("content-length")).isEqualTo("5");
            assertThat(server.get("/api/2.0/mlflow-artifacts/artifacts/0/" + run + "/artifacts/dir").body())
                    .isEqualTo("{\"files\":[{\"path\":\"a.txt\",\"is_dir\":false,\"file_size\":5}]}");
        }
    }
}
