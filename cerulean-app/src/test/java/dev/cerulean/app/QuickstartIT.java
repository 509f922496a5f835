package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cerulean quickstart} as a new user runs it: on a fresh embedded home, the whole path (data,
 * training job, model, online endpoint scored with three protocols, batch endpoint), then again on the
 * same home; the endpoint it leaves is served again when a server starts on that home.
 */
@Timeout(600)
class QuickstartIT {
    static final int ADULT_ROWS = 48_842;

    @TempDir
    Path dir;

    @Test
    void runsTheWholePathOnAFreshHomeThenAgainOnTheSameHome() throws Exception {
        Path samples = Files.createDirectories(dir.resolve("samples"));
        Files.copy(ServingFixture.ADULT, samples.resolve("adult.csv"));
        Files.writeString(samples.resolve("tiny.csv"), "x,y\n1,a\n2,b\n");
        Path home = dir.resolve("home");

        CliIT.Result first = CliIT.cli("--home", home.toString(), "quickstart", "--budget-minutes", "0.2", "--samples", samples.toString(), "-o", "json");

        assertThat(first.code()).as(first.err()).isZero();
        for (int step = 1; step <= 7; step++) {
            assertThat(first.err()).contains("[" + step + "/7] ");
        }
        JsonNode s = first.json();
        assertThat(s.get("data").asText()).isEqualTo("adult:1");
        assertThat(s.get("data_rows").asLong()).isEqualTo(ADULT_ROWS);
        assertThat(s.get("samples")).hasSize(2);
        assertThat(s.get("model").asText()).isEqualTo("adult-income:1");
        assertThat(s.get("steps")).hasSize(7);
        JsonNode scoring = s.get("scoring");
        for (String protocol : List.of("azureml", "mlflow", "oip")) {
            assertThat(texts(scoring.get(protocol).get("predictions"))).as(protocol).hasSize(5).allMatch(p -> p.equals("<=50K") || p.equals(">50K"));
        }
        assertThat(texts(scoring.get("actual"))).contains("<=50K", ">50K");
        assertBatchCompleted(s.get("batch"), "adult-income-batch-predictions:1");

        JsonNode jobs = CliIT.cli("--home", home.toString(), "job", "list", "-o", "json").json().get("items");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).get("name").asText()).isEqualTo(s.get("job").asText());
        assertThat(jobs.get(0).get("type").asText()).isEqualTo("automl");
        assertThat(jobs.get(0).get("status").asText()).isEqualTo("Completed");

        CliIT.Result second = CliIT.cli("--home", home.toString(), "quickstart", "--budget-minutes", "0.2", "--samples", samples.toString());

        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("[1/7] Registered 2 sample datasets; training on azureml:adult:1")
                .contains("[3/7] Registered model adult-income:2").contains("[7/7] Done").contains("./cerulean server --home " + home);
        assertThat(CliIT.cli("--home", home.toString(), "data", "versions", "adult", "-o", "json").json().get("count").asInt()).isEqualTo(1);
        assertThat(CliIT.cli("--home", home.toString(), "online-deployment", "show", "-e", "adult-income", "-n", "blue", "-o", "json").json()
                .get("model").asText()).isEqualTo("azureml:adult-income:2");
        JsonNode batchJobs = CliIT.cli("--home", home.toString(), "batch-endpoint", "list-jobs", "-n", "adult-income-batch", "-o", "json")
                .json().get("items");
        assertThat(batchJobs).hasSize(2);
        assertBatchCompleted(batchJobs.get(0), "adult-income-batch-predictions:2");

        try (CeruleanServer server = CeruleanServer.start(WorkspaceConfig.at(home), "127.0.0.1", 0)) {
            String key = Http.send("GET", server.url() + "/api/v1/online-endpoints/adult-income/keys", null).json().get("primary_key").asText();
            Path requests = home.resolve("quickstart");
            assertThat(predictions(score(server.url() + "/endpoints/adult-income/score", key, requests.resolve("score.json")))).hasSize(5);
            assertThat(predictions(score(server.url() + "/endpoints/adult-income/invocations", key, requests.resolve("invocations.json"))
                    .get("predictions"))).hasSize(5);
            JsonNode oip = score(server.url() + "/v2/models/adult-income/infer", key, requests.resolve("infer.json"));
            assertThat(oip.get("outputs").get(0).get("name").asText()).isEqualTo("predict");
            assertThat(oip.get("outputs").get(0).get("data")).hasSize(5);

            // An endpoint quickstart did not create is left alone, and it says so before doing any work.
            Http.send("POST", server.url() + "/api/v1/online-endpoints", "{\"name\": \"taken\", \"auth_mode\": \"key\"}");
            CliIT.Result refused = CliIT.cli("--url", server.url(), "quickstart", "--budget-minutes", "0.2", "--samples", samples.toString(), "--name", "taken");
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.out()).doesNotContain("[1/7]");
            assertThat(refused.err()).contains("online endpoint 'taken' exists and quickstart did not create it");
        }
    }

    @Test
    void stopsAtTheFailingStepWithItsReason() throws IOException {
        Path samples = Files.createDirectories(dir.resolve("samples"));
        Files.writeString(samples.resolve("adult.csv"), "x,y\n1,a\n2,b\n3,a\n4,b\n");

        CliIT.Result r = CliIT.cli("--home", dir.resolve("home").toString(), "quickstart", "--budget-minutes", "0.2", "--samples", samples.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("[1/7] Registered 1 sample dataset;").doesNotContain("[2/7]");
        assertThat(r.err()).contains("quickstart step 2/7 (train a model) failed after").contains("target column 'income' is not in the training data")
                .contains("./cerulean job show ");
    }

    @Test
    void stopsWithAClearErrorWithoutTheAdultSample() throws IOException {
        Path samples = Files.createDirectories(dir.resolve("samples"));
        Files.writeString(samples.resolve("tiny.csv"), "x,y\n1,a\n2,b\n");

        CliIT.Result r = CliIT.cli("--home", dir.resolve("home").toString(), "quickstart", "--budget-minutes", "0.2", "--samples", samples.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no adult.csv in " + samples);
    }

    private static void assertBatchCompleted(JsonNode job, String output) {
        assertThat(job.get("status").asText()).isEqualTo("Completed");
        assertThat(job.get("rows_in").asLong()).isEqualTo(ADULT_ROWS);
        assertThat(job.get("rows_scored").asLong()).isEqualTo(job.get("rows_in").asLong());
        assertThat(job.get("rows_failed").asLong()).isZero();
        assertThat(job.get("output").asText()).isEqualTo(output);
    }

    private static JsonNode score(String url, String key, Path body) throws IOException, InterruptedException {
        HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofFile(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return Http.JSON.readTree(r.body());
    }

    private static List<String> predictions(JsonNode records) {
        List<String> out = new ArrayList<>();
        records.forEach(p -> out.add(p.get("prediction").asText()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(a -> out.add(a.asText()));
        return out;
    }
}
