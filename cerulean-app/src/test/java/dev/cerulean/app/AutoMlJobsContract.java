package dev.cerulean.app;

import static dev.cerulean.app.CliIT.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.app.CliIT.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AutoML jobs as users submit them: Azure ML YAML through the CLI, followed live, the leaderboard of child
 * runs, the best model registered and scored; forecasting through REST; and the mistakes refused.
 */
abstract class AutoMlJobsContract extends WorkspaceContract {
    List<JsonNode> childRuns(String parent) {
        String body = "{\"experiment_ids\": [\"0\"], \"filter\": \"tags.mlflow.parentRunId = '" + parent + "'\", \"max_results\": 1000}";
        List<JsonNode> runs = new ArrayList<>();
        Http.send("POST", url + "/api/2.0/mlflow/runs/search", body).json().path("runs").forEach(runs::add);
        return runs;
    }

    /**
     * What the store holds of a search, on every database: trials as child runs of the job's run, the
     * search's summary on the job, the leaderboard and the best model in their runs, registration. The
     * full searches (a real budget, forecasting) do not depend on the database and run once, on H2.
     */
    @Test
    void aSearchRecordsItsTrialsAndItsBestModelInTheStore() throws Exception {
        String spec = """
                {"spec": {"type": "automl", "name": "small", "task": "classification", "primary_metric": "accuracy",
                  "target_column_name": "species", "training_data": "%s", "limits": {"timeout_minutes": 0.2, "max_trials": 2},
                  "training": {"enable_stack_ensemble": false, "enable_vote_ensemble": false}, "register": "penguins"}}
                """.formatted(Path.of("../samples/data/penguins.csv").toAbsolutePath());
        assertThat(Http.send("POST", url + "/api/v1/jobs", spec).status()).isEqualTo(201);
        JsonNode job = waitFor("small");
        assertThat(job.get("status").asText()).as(job.path("error").asText()).isEqualTo("Completed");
        assertThat(job.get("primary_metric").asText()).isEqualTo("accuracy");
        assertThat(job.get("goal").asText()).isEqualTo("maximize");
        String bestRun = job.get("best_run").asText();
        List<JsonNode> trials = childRuns("small");
        assertThat(trials).isNotEmpty().extracting(t -> t.path("info").path("run_id").asText()).contains(bestRun);
        assertThat(Http.send("GET", url + "/api/2.0/mlflow/artifacts/list?run_id=small", null).body()).contains("leaderboard.csv");
        assertThat(Http.send("GET", url + "/api/2.0/mlflow/artifacts/list?run_id=" + bestRun + "&path=model", null).body()).contains("MLmodel");
        JsonNode version = Http.send("GET", url + "/api/2.0/mlflow/model-versions/get?name=penguins&version=1", null).json();
        assertThat(version.at("/model_version/run_id").asText()).isEqualTo(bestRun);
    }

    @Test
    void mistakesAreRefusedNamingTheField() throws Exception {
        String data = Path.of("../samples/data/sk_breast_cancer.csv").toAbsolutePath().toString();
        Http.Response metric = Http.send("POST", url + "/api/v1/jobs", """
                {"spec": {"type": "automl", "task": "classification", "primary_metric": "r2_score", "target_column_name": "target",
                  "training_data": "%s"}}""".formatted(data));
        assertThat(metric.status()).isEqualTo(400);
        assertThat(metric.json().get("error").get("target").asText()).isEqualTo("primary_metric");
        assertThat(metric.body()).contains("r2_score");

        Http.Response algorithm = Http.send("POST", url + "/api/v1/jobs", """
                {"spec": {"type": "automl", "task": "classification", "target_column_name": "target", "training_data": "%s",
                  "training": {"allowed_training_algorithms": ["DeepNeuralNet9000"]}}}""".formatted(data));
        assertThat(algorithm.status()).isEqualTo(400);
        assertThat(algorithm.body()).contains("allowed_training_algorithms");

        Http.Response noForecasting = Http.send("POST", url + "/api/v1/jobs", """
                {"spec": {"type": "automl", "task": "forecasting", "target_column_name": "target", "training_data": "%s"}}"""
                .formatted(data));
        assertThat(noForecasting.status()).isEqualTo(400);
        assertThat(noForecasting.body()).contains("forecasting");

        // Nothing was half-made: no job, no run.
        assertThat(Http.send("GET", url + "/api/v1/jobs", null).json().get("count").asInt()).isZero();

        // Duplicate timestamps within one series fail the job, saying which.
        Path dup = write("dup.csv", "date,y\n2020-01-01,1\n2020-01-02,2\n2020-01-02,3\n" + days(3, 60));
        assertThat(Http.send("POST", url + "/api/v1/jobs", """
                {"spec": {"type": "automl", "name": "dup", "task": "forecasting", "target_column_name": "y", "training_data": "%s",
                  "forecasting": {"time_column_name": "date", "forecast_horizon": 3}, "limits": {"timeout_minutes": 0.2}}}"""
                .formatted(dup)).status()).isEqualTo(201);
        JsonNode failed = waitFor("dup");
        assertThat(failed.get("status").asText()).isEqualTo("Failed");
        assertThat(failed.get("error").asText()).containsIgnoringCase("duplicate").contains("2020-01-02");
    }

    @Test
    void cancelStopsTheSearchAndKeepsWhatItFound() throws Exception {
        String data = Path.of("../samples/data/adult.csv").toAbsolutePath().toString();
        assertThat(Http.send("POST", url + "/api/v1/jobs", """
                {"spec": {"type": "automl", "name": "long", "task": "classification", "target_column_name": "income",
                  "training_data": "%s", "limits": {"timeout_minutes": 10}}}""".formatted(data)).status()).isEqualTo(201);
        Poll.upTo(Duration.ofSeconds(30), () -> job("long"), j -> j.get("status").asText().equals("Running"));
        long t0 = System.nanoTime();
        Result cancel = cli("--url", url, "job", "cancel", "long");
        assertThat(cancel.code()).as(cancel.err()).isZero();
        JsonNode job = waitFor("long");
        assertThat(job.get("status").asText()).isEqualTo("Canceled");
        assertThat(System.nanoTime() - t0).isLessThan(60_000_000_000L);
        assertThat(Http.send("GET", url + "/api/2.0/mlflow/runs/get?run_id=long", null).json().at("/run/info/status").asText())
                .isEqualTo("KILLED");
    }

    private static String days(int from, int to) {
        StringBuilder sb = new StringBuilder();
        java.time.LocalDate d = java.time.LocalDate.of(2020, 1, 1);
        for (int i = from; i < to; i++) {
            sb.append(d.plusDays(i - 1)).append(',').append(i % 7 + i * 0.1).append('\n');
        }
        return sb.toString();
    }

    JsonNode waitFor(String name) throws InterruptedException {
        return waitForEnd(name, 120);
    }
}
