package dev.cerulean.app;

import static dev.cerulean.app.CliIT.cli;
import static dev.cerulean.app.ServingFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cerulean.app.CliIT.Result;
import dev.cerulean.ml.model.ModelSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A user's class labels come back exactly as the training data spells them: a {@code YES}/{@code NO}
 * target, trained by a train job and by AutoML, is {@code YES}/{@code NO} (never {@code true}/{@code false})
 * in the model's signature, {@code model predict}, an online endpoint's three protocols and a batch job's
 * output; and a Yes/No input and a zip code with leading zeros stay strings.
 */
abstract class LabelsContract extends WorkspaceContract {
    static final List<String> INPUTS = List.of("tenure", "contract", "paperless", "zip");
    static final int SCORED = 40;

    /** 400 churn rows: YES for short tenures on monthly contracts (mostly), Yes/No paperless billing, zips with leading zeros. */
    Path churn() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        StringBuilder train = new StringBuilder("tenure,contract,paperless,zip,churn\n");
        StringBuilder score = new StringBuilder("tenure,contract,paperless,zip\n");
        String[] contracts = {"Month", "Year", "TwoYear"};
        for (int i = 0; i < 400; i++) {
            int tenure = r.nextInt(1, 72);
            String contract = contracts[r.nextInt(3)];
            boolean churns = tenure < 24 && contract.equals("Month") ? r.nextDouble() < 0.9 : r.nextDouble() < 0.08;
            String paperless = churns == r.nextDouble() < 0.7 ? "Yes" : "No";
            String zip = String.format("%05d", r.nextInt(0, 3) * 1000 + 501);
            String row = tenure + "," + contract + "," + paperless + "," + zip;
            train.append(row).append(',').append(churns ? "YES" : "NO").append('\n');
            if (i < SCORED) {
                score.append(row).append('\n');
            }
        }
        write("churn/score.csv", score.toString());
        return write("churn/train.csv", train.toString());
    }

    /** The rows of score.csv as lists of JSON-ready values (tenure a number, the rest strings). */
    List<List<Object>> scoreRows() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("churn/score.csv")).subList(1, SCORED + 1)) {
            String[] c = line.split(",");
            rows.add(List.of(Integer.parseInt(c[0]), c[1], c[2], c[3]));
        }
        return rows;
    }

    static List<String> column(List<String> csvLines, int index) {
        return csvLines.subList(1, csvLines.size()).stream().map(l -> l.split(",")[index]).toList();
    }

    ModelSignature signature(String runId, String path) throws Exception {
        String mlmodel = Http.send("GET", url + "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts/" + path + "/MLmodel", null)
                .body();
        JsonNode sig = new ObjectMapper(new YAMLFactory()).readTree(mlmodel).get("signature");
        return ModelSignature.parse(sig.get("inputs").asText(), sig.get("outputs").asText());
    }

    @Test
    void aYesNoTargetIsYesNoInPredictEveryEndpointProtocolAndABatchJob() throws Exception {
        Path data = churn();

        Result trained = cli("--url", url, "train", "--data", data.toString(), "--target", "churn", "--algorithm", "lightgbm",
                "--register", "churn", "--name", "churn-train");

        assertThat(trained.code()).as(trained.out() + trained.err()).isZero();
        ModelSignature sig = signature("churn-train", "model");
        assertThat(sig.outputs()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("prediction:string", "probability_NO:double", "probability_YES:double");
        assertThat(sig.inputs()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("tenure:long", "contract:string", "paperless:string", "zip:string");

        // model predict
        Path out = dir.resolve("churn/pred.csv");
        Result predicted = cli("--url", url, "model", "predict", "-m", "churn:1", "-i", dir.resolve("churn/score.csv").toString(), "-O",
                out.toString());
        assertThat(predicted.code()).as(predicted.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("prediction,probability_NO,probability_YES");
        List<String> labels = column(lines, 0);
        assertThat(labels).hasSize(SCORED);
        assertThat(new LinkedHashSet<>(labels)).containsExactlyInAnyOrder("YES", "NO");

        // an online endpoint, each protocol
        assertThat(Http.send("POST", url + "/api/v1/online-endpoints", "{\"name\": \"churn-ep\", \"auth_mode\": \"key\"}").status())
                .isEqualTo(201);
        Http.Response dep = Http.send("POST", url + "/api/v1/online-endpoints/churn-ep/deployments",
                "{\"name\": \"blue\", \"model\": \"azureml:churn:1\"}");
        assertThat(dep.status()).as(dep.body()).isEqualTo(201);
        assertThat(Http.send("PATCH", url + "/api/v1/online-endpoints/churn-ep", "{\"traffic\": {\"blue\": 100}}").status()).isEqualTo(200);
        Map<String, String> auth = Map.of("Authorization", "Bearer "
                + Http.send("GET", url + "/api/v1/online-endpoints/churn-ep/keys", null).json().get("primary_key").asText());
        String split = Http.JSON.writeValueAsString(Map.of("columns", INPUTS, "data", scoreRows()));

        ServingFixture.Reply azure = call("POST", url + "/endpoints/churn-ep/score", "application/json", "{\"input_data\": " + split + "}",
                auth);
        assertThat(azure.status()).as(azure.body()).isEqualTo(200);
        List<String> azureLabels = new ArrayList<>();
        azure.json().forEach(p -> azureLabels.add(p.get("prediction").asText()));
        assertThat(azureLabels).isEqualTo(labels);
        assertThat(azure.json().get(0).has("probability_YES")).isTrue();
        assertThat(azure.json().get(0).has("probability_true")).isFalse();

        ServingFixture.Reply mlflow = call("POST", url + "/endpoints/churn-ep/invocations", "application/json",
                "{\"dataframe_split\": " + split + "}", auth);
        assertThat(mlflow.status()).as(mlflow.body()).isEqualTo(200);
        List<String> mlflowLabels = new ArrayList<>();
        mlflow.json().get("predictions").forEach(p -> mlflowLabels.add(p.get("prediction").asText()));
        assertThat(mlflowLabels).isEqualTo(labels);
        assertThat(mlflow.json().get("predictions").get(0).has("probability_NO")).isTrue();

        JsonNode meta = call("GET", url + "/v2/models/churn-ep", null, null, auth).json();
        List<Map<String, Object>> tensors = new ArrayList<>();
        List<List<Object>> rows = scoreRows();
        for (int c = 0; c < INPUTS.size(); c++) {
            int col = c;
            tensors.add(Map.of("name", INPUTS.get(c), "shape", List.of(SCORED), "datatype", meta.get("inputs").get(c).get("datatype").asText(),
                    "data", rows.stream().map(row -> row.get(col)).toList()));
        }
        ServingFixture.Reply oip = call("POST", url + "/v2/models/churn-ep/infer", "application/json",
                Http.JSON.writeValueAsString(Map.of("inputs", tensors)), auth);
        assertThat(oip.status()).as(oip.body()).isEqualTo(200);
        JsonNode predict = oip.json().get("outputs").get(0);
        assertThat(predict.get("datatype").asText()).isEqualTo("BYTES");
        List<String> oipLabels = new ArrayList<>();
        predict.get("data").forEach(v -> oipLabels.add(v.asText()));
        assertThat(oipLabels).isEqualTo(labels);
        assertThat(Http.JSON.readTree(oip.json().get("outputs").get(1).get("parameters").get("classes").asText()))
                .extracting(JsonNode::asText).containsExactly("NO", "YES");

        // a batch endpoint over the same rows, registered as a data asset
        assertThat(cli("--url", url, "data", "create", "--name", "churn-score", "--type", "uri_file", "--path",
                dir.resolve("churn/score.csv").toString()).code()).isZero();
        JsonNode asset = Http.send("GET", url + "/api/v1/data/churn-score/versions/1", null).json();
        assertThat(asset.get("schema").toString()).contains("\"paperless\"").doesNotContain("BOOLEAN");
        assertThat(Http.send("POST", url + "/api/v1/batch-endpoints", "{\"name\": \"churn-batch\"}").status()).isEqualTo(201);
        Http.Response bd = Http.send("POST", url + "/api/v1/batch-endpoints/churn-batch/deployments",
                "{\"name\": \"lgbm\", \"model\": \"azureml:churn:1\", \"mini_batch_rows\": 16}");
        assertThat(bd.status()).as(bd.body()).isEqualTo(201);
        Http.Response invoked = Http.send("POST", url + "/api/v1/batch-endpoints/churn-batch/jobs", "{\"input\": \"churn-score:1\", "
                + "\"output_name\": \"churn-out\"}");
        assertThat(invoked.status()).as(invoked.body()).isEqualTo(202);
        JsonNode batch = waitForBatch("churn-batch", invoked.json().get("id").asText());
        assertThat(batch.get("status").asText()).as(batch.toString()).isEqualTo("Completed");
        assertThat(batch.get("rows_scored").asLong()).isEqualTo(SCORED);
        Path downloaded = dir.resolve("churn/batch");
        assertThat(cli("--url", url, "data", "download", "churn-out:1", "--to", downloaded.toString()).code()).isZero();
        List<String> batchLines = Files.readAllLines(downloaded.resolve("predictions.csv"));
        assertThat(batchLines.get(0)).isEqualTo("file,row,prediction,probability_NO,probability_YES");
        assertThat(column(batchLines, 2)).isEqualTo(labels);
    }

    @Test
    void anAutoMlJobOnYesNoLabelsNamesThemInItsResultsAndItsBestModel() throws Exception {
        Path data = churn();
        Path yml = write("churn/automl.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/autoMLJob.schema.json
                type: automl
                task: classification
                target_column_name: churn
                training_data:
                  type: uri_file
                  path: %s
                limits: {timeout_minutes: 0.25, max_trials: 2}
                training: {enable_model_explainability: false}
                """.formatted(data));

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "churn-automl", "--stream");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode job = job("churn-automl");
        assertThat(job.get("status").asText()).isEqualTo("Completed");
        JsonNode details = Http.JSON.readTree(Http.send("GET", url + "/api/2.0/mlflow-artifacts/artifacts/0/churn-automl/artifacts/details.json",
                null).body());
        assertThat(details.get("classes")).extracting(JsonNode::asText).containsExactly("NO", "YES");
        assertThat(Http.send("GET", url + "/api/2.0/mlflow-artifacts/artifacts/0/churn-automl/artifacts/leaderboard.csv", null).body())
                .doesNotContain("true").doesNotContain("false");
        String bestRun = job.get("best_run").asText();
        ModelSignature sig = signature(bestRun, "model");
        assertThat(sig.outputs()).extracting(c -> c.name() + ":" + c.type())
                .containsExactly("prediction:string", "probability_NO:double", "probability_YES:double");
        assertThat(sig.inputs()).extracting(c -> c.name() + ":" + c.type()).contains("paperless:string", "zip:string");

        assertThat(cli("--url", url, "model", "register", "--job", "churn-automl", "--name", "churn-auto").code()).isZero();
        Path out = dir.resolve("churn/auto-pred.csv");
        Result pred = cli("--url", url, "model", "predict", "-m", "churn-auto:1", "-i", dir.resolve("churn/score.csv").toString(), "-O",
                out.toString());
        assertThat(pred.code()).as(pred.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("prediction,probability_NO,probability_YES");
        assertThat(Set.copyOf(column(lines, 0))).containsExactlyInAnyOrder("YES", "NO");
    }

    JsonNode waitForBatch(String endpoint, String job) throws InterruptedException {
        return Poll.upTo(Duration.ofSeconds(120), () -> Http.send("GET", url + "/api/v1/batch-endpoints/" + endpoint + "/jobs/" + job, null)
                .json(), j -> List.of("Completed", "Failed", "Canceled").contains(j.get("status").asText()));
    }
}
