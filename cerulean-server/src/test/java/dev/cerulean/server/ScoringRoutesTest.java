package dev.cerulean.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scoring routes move a service's answer to the client: body, content type, the deployment that answered and the request id. */
class ScoringRoutesTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    static String auth;

    @BeforeAll
    static void deploy() throws Exception {
        server.register("income", TestModel.incomePackage());
        server.post("/api/v1/online-endpoints", "{\"name\": \"ep\"}");
        server.post("/api/v1/online-endpoints/ep/deployments", "{\"name\": \"blue\", \"model\": \"azureml:income@latest\"}");
        server.send("PATCH", "/api/v1/online-endpoints/ep", "{\"traffic\": {\"blue\": 100}}");
        auth = "Bearer " + server.get("/api/v1/online-endpoints/ep/keys").json().get("primary_key").asText();
    }

    @Test
    void scoreAnswersRecordsWithTheDeploymentAndARequestId() {
        TestServer.Response r = server.post("/endpoints/ep/score", "{\"input_data\": {\"columns\": [\"age\", \"hours\", \"workclass\"], "
                + "\"data\": [[40, 45.5, \"self\"], [20, 10, \"private\"]]}}", "Authorization", auth);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.header("azureml-model-deployment")).isEqualTo("blue");
        assertThat(r.header("x-request-id")).matches("[0-9a-f]{32}");
        JsonNode rows = r.json();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).fieldNames()).toIterable().containsExactly("prediction", "probability_<=50K", "probability_>50K");
        assertThat(rows.get(1).get("prediction").asText()).isEqualTo("<=50K");
    }

    @Test
    void aSmallAnswerGoesOutAsItIsAndALargeOneIsCompressedForClientsThatAsk() {
        String one = "{\"input_data\": {\"columns\": [\"age\", \"hours\", \"workclass\"], \"data\": [[40, 45.5, \"self\"]]}}";
        TestServer.Response small = server.post("/endpoints/ep/score", one, "Authorization", auth, "Accept-Encoding", "gzip");
        assertThat(small.header("content-encoding")).isNull();
        assertThat(small.header("content-length")).isEqualTo(Integer.toString(small.body().length()));
        StringBuilder many = new StringBuilder("{\"input_data\": {\"columns\": [\"age\", \"hours\", \"workclass\"], \"data\": [");
        for (int i = 0; i < 100; i++) {
            many.append(i == 0 ? "" : ", ").append("[").append(20 + i % 50).append(", 40.5, \"private\"]");
        }
        TestServer.Response large = server.post("/endpoints/ep/score", many.append("]}}").toString(), "Authorization", auth,
                "Accept-Encoding", "gzip");
        assertThat(large.status()).isEqualTo(200);
        assertThat(large.header("content-encoding")).isEqualTo("gzip");
        assertThat(large.header("azureml-model-deployment")).isEqualTo("blue");
    }

    @Test
    void invocationsAnswersMlflowsPredictions() {
        TestServer.Response r = server.post("/endpoints/ep/invocations", "{\"dataframe_split\": {\"columns\": [\"age\", \"hours\", "
                + "\"workclass\"], \"data\": [[40, 45.5, \"self\"]]}}", "Authorization", auth);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("azureml-model-deployment")).isEqualTo("blue");
        assertThat(r.json().get("predictions").get(0).get("prediction").asText()).isNotEmpty();
    }

    @Test
    void theOpenInferenceRoutesDescribeAndScore() {
        assertThat(server.get("/v2").body()).isEqualTo("{\"name\":\"cerulean\",\"version\":\"" + dev.cerulean.core.Version.get()
                + "\",\"extensions\":[]}");
        assertThat(server.get("/v2/health/live").body()).isEqualTo("{\"live\":true}");
        assertThat(server.get("/v2/health/ready").body()).isEqualTo("{\"ready\":true}");
        String metadata = "{\"name\":\"ep\",\"versions\":[\"blue\"],\"platform\":\"mlflow\",\"inputs\":[{\"name\":\"age\",\"datatype\":"
                + "\"INT64\",\"shape\":[-1]},{\"name\":\"hours\",\"datatype\":\"FP64\",\"shape\":[-1]},{\"name\":\"workclass\",\"datatype\":"
                + "\"BYTES\",\"shape\":[-1]}],\"outputs\":[{\"name\":\"predict\",\"datatype\":\"BYTES\",\"shape\":[-1]},{\"name\":"
                + "\"predict_proba\",\"datatype\":\"FP64\",\"shape\":[-1,2],\"parameters\":{\"classes\":\"[\\\"<=50K\\\",\\\">50K\\\"]\"}}]}";
        assertThat(server.get("/v2/models/ep", "Authorization", auth).body()).isEqualTo(metadata);
        assertThat(server.get("/v2/models/ep/versions/blue", "Authorization", auth).body()).isEqualTo(metadata);
        JsonNode ready = server.get("/v2/models/ep/ready", "Authorization", auth).json();
        assertThat(ready.get("name").asText()).isEqualTo("ep");
        assertThat(ready.get("ready").asBoolean()).isTrue();
        TestServer.Response r = server.post("/v2/models/ep/versions/blue/infer", "{\"inputs\": [{\"name\": \"age\", \"shape\": [1], "
                + "\"datatype\": \"INT64\", \"data\": [40]}, {\"name\": \"hours\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [45.5]}, "
                + "{\"name\": \"workclass\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"self\"]}]}", "Authorization", auth);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("model_name").asText()).isEqualTo("ep");
    }

    @Test
    void pingNeedsNoKeyAndReadsTheBody() {
        TestServer.Response r = server.post("/endpoints/ep/ping", "{\"anything\": 1}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(server.get("/endpoints/ep/ping").body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void healthAnswersTheVersion() {
        JsonNode h = server.get("/health").json();
        assertThat(h.get("status").asText()).isEqualTo("ok");
        assertThat(h.get("version").asText()).isEqualTo(dev.cerulean.core.Version.get());
    }
}
