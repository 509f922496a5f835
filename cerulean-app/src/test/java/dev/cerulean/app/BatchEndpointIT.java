package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Batch endpoints end to end on H2: YAML through the CLI, jobs over REST, outputs registered as data assets, failures counted. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class BatchEndpointIT {
    @TempDir
    static Path dir;
    CeruleanServer server;
    String url;

    @BeforeAll
    void start() throws Exception {
        server = CeruleanServer.start(WorkspaceConfig.at(dir.resolve("home")), "127.0.0.1", 0);
        url = server.url();
        assertThat(ServingFixture.register(url, "adult-lgbm", ServingFixture.packages().resolve("v1"))).isEqualTo(1);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    /** The first n Adult rows, with the age of the given rows (0-based) replaced by text. */
    Path adultWithBadAges(String name, int n, int... bad) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(ServingFixture.adultRows(dir, name, n)));
        for (int b : bad) {
            lines.set(b + 1, lines.get(b + 1).replaceFirst("^\\d+,", "unknown,"));
        }
        Path p = dir.resolve(name);
        Files.write(p, lines);
        return p;
    }

    JsonNode waitFor(String endpoint, String job) throws InterruptedException {
        return Poll.until("batch job " + job + " to finish", Duration.ofSeconds(60),
                () -> Http.send("GET", url + "/api/v1/batch-endpoints/" + endpoint + "/jobs/" + job, null).json(),
                j -> List.of("Completed", "Failed", "Canceled").contains(j.get("status").asText()));
    }

    @Test
    void aYamlEndpointScoresADataAssetInMiniBatchesAndRegistersPredictionsAndFailedRows() throws Exception {
        Path data = adultWithBadAges("scoring.csv", 3000, 10, 2500);
        assertThat(CliIT.cli("--url", url, "data", "create", "--name", "adult-scoring", "--path", data.toString()).code()).isZero();
        Path ep = write("yml/endpoint.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json
                name: income-batch
                description: Scores census rows
                auth_mode: aad_token
                """);
        Path dep = write("yml/deployment.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/batchDeployment.schema.json
                endpoint_name: income-batch
                name: lgbm
                type: model
                model: azureml:adult-lgbm:1
                compute: azureml:batch-cluster
                resources:
                  instance_count: 1
                settings:
                  max_concurrency_per_instance: 2
                  mini_batch_rows: 400
                  output_action: append_row
                  output_file_name: predictions.csv
                  retry_settings:
                    max_retries: 2
                    timeout: 60
                  error_threshold: 5
                  logging_level: info
                """);
        CliIT.Result created = CliIT.cli("--url", url, "batch-endpoint", "create", "-f", ep.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.err()).contains("aad_token is accepted but no token is checked");
        CliIT.Result deployed = CliIT.cli("--url", url, "batch-deployment", "create", "-f", dep.toString());
        assertThat(deployed.code()).as(deployed.err()).isZero();
        assertThat(deployed.out()).contains("azureml:adult-lgbm:1");
        assertThat(CliIT.cli("--url", url, "batch-endpoint", "show", "--name", "income-batch", "-o", "json").json()
                .get("default_deployment").asText()).isEqualTo("lgbm");

        CliIT.Result invoked = CliIT.cli("--url", url, "batch-endpoint", "invoke", "--name", "income-batch", "--input", "azureml:adult-scoring:1",
                "-o", "json");
        assertThat(invoked.code()).as(invoked.err()).isZero();
        assertThat(invoked.err()).contains("rows scored");
        JsonNode job = invoked.json();
        assertThat(job.get("status").asText()).isEqualTo("Completed");
        assertThat(job.get("rows_in").asLong()).isEqualTo(3000);
        assertThat(job.get("rows_scored").asLong()).isEqualTo(2998);
        assertThat(job.get("rows_failed").asLong()).isEqualTo(2);
        assertThat(job.get("mini_batches").asInt()).isEqualTo(8);
        assertThat(job.get("output").asText()).isEqualTo("income-batch-predictions:1");

        JsonNode files = Http.send("GET", url + "/api/v1/data/income-batch-predictions/versions/1/files", null).json();
        assertThat(files.get("items")).extracting(f -> f.get("path").asText())
                .containsExactlyInAnyOrder("predictions.csv", "_errors.csv", "_summary.json");
        JsonNode asset = Http.send("GET", url + "/api/v1/data/income-batch-predictions/versions/1", null).json();
        assertThat(asset.get("format").asText()).isEqualTo("csv");
        assertThat(asset.get("tags").get("batch_job").asText()).isEqualTo(job.get("id").asText());
        Path out = dir.resolve("download");
        assertThat(CliIT.cli("--url", url, "data", "download", "income-batch-predictions:1", "--to", out.toString()).code()).isZero();
        List<String> predictions = Files.readAllLines(out.resolve("predictions.csv"));
        assertThat(predictions).hasSize(2999);
        assertThat(predictions.get(0)).isEqualTo("file,row,prediction,probability_<=50K,probability_>50K");
        assertThat(predictions.get(1)).startsWith("scoring.csv,0,");
        List<String> errors = Files.readAllLines(out.resolve("_errors.csv"));
        assertThat(errors).hasSize(3);
        assertThat(errors.get(1)).startsWith("scoring.csv,10,").contains("column 'age'").contains("'unknown' is not a number");
        JsonNode summary = Http.JSON.readTree(out.resolve("_summary.json").toFile());
        assertThat(summary.get("rows_in").asLong()).isEqualTo(3000);
        assertThat(summary.get("rows_failed").asLong()).isEqualTo(2);

        JsonNode lineage = Http.send("GET", url + "/api/v1/lineage/data/income-batch-predictions/1", null).json();
        assertThat(lineage.get("upstream")).extracting(e -> e.get("from").get("kind").asText() + ":" + e.get("from").get("name").asText())
                .contains("job:" + job.get("id").asText(), "data:adult-scoring", "model:adult-lgbm");
        assertThat(CliIT.cli("--url", url, "batch-endpoint", "list-jobs", "--name", "income-batch").out()).contains(job.get("id").asText())
                .contains("Completed");
    }

    @Test
    void exceedingTheErrorThresholdFailsTheJobButRegistersWhatWasScored() throws Exception {
        Path data = adultWithBadAges("dirty.csv", 1000, 1, 2, 3, 4);
        Http.send("POST", url + "/api/v1/data", "{\"name\": \"adult-dirty\", \"type\": \"uri_file\", \"path\": \"" + data + "\"}");
        assertThat(Http.send("POST", url + "/api/v1/batch-endpoints", "{\"name\": \"strict\"}").status()).isEqualTo(201);
        Http.Response d = Http.send("POST", url + "/api/v1/batch-endpoints/strict/deployments", """
                {"name": "lgbm", "model": "azureml:adult-lgbm@latest", "compute": "azureml:cpu", "mini_batch_rows": 100,
                 "error_threshold": 1, "retry_settings": {"max_retries": 1, "timeout": 30}}""");
        assertThat(d.status()).as(d.body()).isEqualTo(201);

        Http.Response invoked = Http.send("POST", url + "/api/v1/batch-endpoints/strict/jobs", "{\"input\": \"adult-dirty:1\", "
                + "\"output_name\": \"strict-out\"}");
        assertThat(invoked.status()).as(invoked.body()).isEqualTo(202);
        assertThat(invoked.json().get("status").asText()).isIn("Queued", "Running");
        JsonNode job = waitFor("strict", invoked.json().get("id").asText());

        assertThat(job.get("status").asText()).isEqualTo("Failed");
        assertThat(job.get("error").asText()).contains("error_threshold 1 exceeded").contains("4 failed");
        assertThat(job.get("rows_in").asLong()).isEqualTo(1000);
        assertThat(job.get("rows_scored").asLong() + job.get("rows_failed").asLong() + job.get("rows_skipped").asLong()).isEqualTo(1000);
        assertThat(job.get("output").asText()).isEqualTo("strict-out:1");
        JsonNode asset = Http.send("GET", url + "/api/v1/data/strict-out/versions/1", null).json();
        assertThat(asset.get("description").asText()).contains("failed: error_threshold 1 exceeded");
    }

    @Test
    void aFolderIsScoredFileByFile() throws Exception {
        for (int f = 0; f < 3; f++) {
            ServingFixture.adultRows(dir, "parts/part-" + f + ".csv", 50 + f);
        }
        Http.Response data = Http.send("POST", url + "/api/v1/data", "{\"name\": \"adult-parts\", \"type\": \"uri_folder\", \"path\": \""
                + dir.resolve("parts") + "\"}");
        assertThat(data.status()).as(data.body()).isEqualTo(201);
        Http.send("POST", url + "/api/v1/batch-endpoints", "{\"name\": \"folders\"}");
        Http.send("POST", url + "/api/v1/batch-endpoints/folders/deployments", "{\"name\": \"d\", \"model\": \"azureml:adult-lgbm:1\", "
                + "\"settings\": {\"mini_batch_size\": 2}}");

        JsonNode job = waitFor("folders", Http.send("POST", url + "/api/v1/batch-endpoints/folders/jobs", "{\"input\": \"adult-parts@latest\"}")
                .json().get("id").asText());

        assertThat(job.get("status").asText()).isEqualTo("Completed");
        assertThat(job.get("rows_scored").asLong()).isEqualTo(153);
        assertThat(job.get("mini_batches").asInt()).isEqualTo(2);
        assertThat(job.get("output").asText()).isEqualTo("folders-predictions:1");
        JsonNode profile = Http.send("GET", url + "/api/v1/data/folders-predictions/versions/1/profile", null).json();
        assertThat(profile.get("row_count").asInt()).isEqualTo(153);
    }

    @Test
    void badInvocationsAreRefusedNamingTheField() throws Exception {
        Http.send("POST", url + "/api/v1/batch-endpoints", "{\"name\": \"empty\"}");
        write("text/photo.png", "\u0089PNG not a table");
        Http.Response notes = Http.send("POST", url + "/api/v1/data", "{\"name\": \"notes\", \"type\": \"uri_folder\", \"path\": \""
                + dir.resolve("text") + "\"}");
        assertThat(notes.status()).as(notes.body()).isEqualTo(201);

        Http.Response none = Http.send("POST", url + "/api/v1/batch-endpoints/empty/jobs", "{\"input\": \"notes:1\"}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().get("error").get("target").asText()).isEqualTo("deployment_name");
        Http.send("POST", url + "/api/v1/batch-endpoints/empty/deployments", "{\"name\": \"d\", \"model\": \"azureml:adult-lgbm:1\"}");
        Http.Response text = Http.send("POST", url + "/api/v1/batch-endpoints/empty/jobs", "{\"input\": \"notes:1\"}");
        assertThat(text.status()).as(text.body()).isEqualTo(400);
        assertThat(text.json().get("error").get("message").asText()).contains("is not tabular");
        Http.Response missing = Http.send("POST", url + "/api/v1/batch-endpoints/empty/jobs", "{\"input\": \"nothing:3\"}");
        assertThat(missing.status()).isEqualTo(404);
        Http.Response typo = Http.send("POST", url + "/api/v1/batch-endpoints/empty/jobs", "{\"inputs\": \"notes:1\"}");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("error").get("target").asText()).isEqualTo("inputs");
        assertThat(Http.send("POST", url + "/api/v1/batch-endpoints/nope/jobs", "{\"input\": \"notes:1\"}").status()).isEqualTo(404);
        Http.Response clash = Http.send("POST", url + "/api/v1/online-endpoints", "{\"name\": \"empty\"}");
        assertThat(clash.status()).isEqualTo(409);
        Http.Response defaultInUse = Http.send("DELETE", url + "/api/v1/batch-endpoints/empty/deployments/d", null);
        assertThat(defaultInUse.status()).isEqualTo(200);
    }
}
