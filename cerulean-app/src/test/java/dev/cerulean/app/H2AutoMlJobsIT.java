package dev.cerulean.app;

import static dev.cerulean.app.CliIT.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.app.CliIT.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AutoML jobs on the embedded H2 database, with the full searches that do not depend on the database
 * (a real budget through the CLI, forecasting): they run once per suite.
 */
class H2AutoMlJobsIT extends AutoMlJobsContract {
    @Override
    String dbUrl() {
        return null;
    }

    @Test
    void classifiesWithinItsBudgetAndRegistersTheBestModel() throws Exception {
        Path yml = write("automl.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/autoMLJob.schema.json
                type: automl
                experiment_name: Default
                task: classification
                primary_metric: AUC_weighted
                target_column_name: target
                training_data:
                  type: mltable
                  path: %s
                test_data_size: 0.2
                limits: {timeout_minutes: 0.3, max_trials: 12}
                training: {enable_onnx_compatible_models: true}
                """.formatted(Path.of("../samples/data/sk_breast_cancer.csv").toAbsolutePath()));

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "cancer-automl", "--stream");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out() + r.err()).contains("data guardrails").contains("trial").contains("left").contains("Completed");
        JsonNode job = job("cancer-automl");
        assertThat(job.get("status").asText()).isEqualTo("Completed");
        assertThat(job.get("primary_metric").asText()).isEqualTo("AUC_weighted");
        assertThat(job.get("best_value").asDouble()).isGreaterThan(0.95);
        String bestRun = job.get("best_run").asText();

        List<JsonNode> trials = childRuns("cancer-automl");
        assertThat(trials.size()).isGreaterThanOrEqualTo(3);
        for (JsonNode t : trials) {
            assertThat(tag(t, "cerulean.algorithm")).isNotBlank();
            assertThat(t.path("data").path("params").toString()).contains("\"algorithm\"");
        }
        assertThat(trials).extracting(t -> t.path("info").path("run_id").asText()).contains(bestRun);
        // The parent run holds the leaderboard, guardrails and test metrics; the best child the model.
        JsonNode parent = Http.send("GET", url + "/api/2.0/mlflow/runs/get?run_id=cancer-automl", null).json().get("run");
        assertThat(parent.path("data").path("metrics").toString()).contains("test_AUC_weighted").contains("best_AUC_weighted");
        String listed = Http.send("GET", url + "/api/2.0/mlflow/artifacts/list?run_id=cancer-automl", null).body();
        assertThat(listed).contains("leaderboard.csv").contains("guardrails.json");
        assertThat(Http.send("GET", url + "/api/2.0/mlflow/artifacts/list?run_id=" + bestRun + "&path=model", null).body()).contains("MLmodel");

        Result show = cli("--url", url, "job", "show", "cancer-automl");
        assertThat(show.out()).contains("trials (").contains("AUC_weighted").contains(bestRun);

        Result reg = cli("--url", url, "model", "register", "--job", "cancer-automl", "--name", "cancer");
        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.out().strip()).isEqualTo("cancer:1");
        Path out = dir.resolve("preds.csv");
        Result pred = cli("--url", url, "model", "predict", "-m", "cancer:1", "-i", "../samples/data/sk_breast_cancer.csv", "-O",
                out.toString());
        assertThat(pred.code()).as(pred.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("prediction,probability_benign,probability_malignant");
        assertThat(lines).hasSize(570);
        // Lineage walks from the job through its best trial to the registered model.
        JsonNode lineage = Http.send("GET", url + "/api/v1/lineage/job/cancer-automl", null).json();
        List<String> downstream = new ArrayList<>();
        lineage.get("downstream").forEach(e -> downstream.add(e.get("to").get("kind").asText() + ":" + e.get("to").get("name").asText()));
        assertThat(downstream).contains("job:" + bestRun, "model:cancer");
    }

    @Test
    void forecastsAndScoresThePeriodsAfterTheData() throws Exception {
        String spec = """
                {"spec": {"type": "automl", "name": "air", "task": "forecasting", "target_column_name": "passengers",
                  "training_data": "%s", "forecasting": {"time_column_name": "date", "forecast_horizon": 12},
                  "limits": {"timeout_minutes": 0.3}, "register": "air"}}
                """.formatted(Path.of("../samples/data/ts_air_passengers.csv").toAbsolutePath());
        assertThat(Http.send("POST", url + "/api/v1/jobs", spec).status()).isEqualTo(201);
        JsonNode job = waitFor("air");
        assertThat(job.get("status").asText()).as(job.path("error").asText()).isEqualTo("Completed");
        assertThat(job.get("primary_metric").asText()).isEqualTo("normalized_root_mean_squared_error");

        StringBuilder future = new StringBuilder("date\n");
        for (int m = 1; m <= 12; m++) {
            future.append("1961-%02d-01\n".formatted(m));
        }
        Path in = write("future.csv", future.toString());
        Path out = dir.resolve("forecast.csv");
        Result pred = cli("--url", url, "model", "predict", "-m", "air:1", "-i", in.toString(), "-O", out.toString());
        assertThat(pred.code()).as(pred.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(13);
        assertThat(lines.get(0)).contains("prediction");
        for (String line : lines.subList(1, 13)) {
            String[] cells = line.split(",");
            double v = Double.parseDouble(cells[cells.length - 1]);
            assertThat(v).isBetween(250.0, 800.0);
        }
    }
}
