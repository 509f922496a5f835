package dev.cerulean.app;

import static dev.cerulean.app.CliIT.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.app.CliIT.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Jobs as users submit them: YAML through the CLI against a server, followed to their end, their
 * logs, outputs, runs, lineage and models checked through the REST API; and the ways they fail.
 */
abstract class JobsContract extends WorkspaceContract {
    static String metric(JsonNode run, String key) {
        for (JsonNode m : run.get("data").path("metrics")) {
            if (m.get("key").asText().equals(key)) {
                return m.get("value").asText();
            }
        }
        return null;
    }

    JsonNode waitFor(String name, String status) throws InterruptedException {
        JsonNode j = Poll.upTo(Duration.ofSeconds(60), () -> job(name), x -> x.get("status").asText().equals(status));
        assertThat(j.get("status").asText()).as(j.toString()).isEqualTo(status);
        return j;
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    static boolean hasPython() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void runsACommandJobFromYamlWithCodeInputsAndOutputs() throws Exception {
        write("project/src/run.sh", """
                set -e
                echo "rows: $(($(wc -l < "$1") - 1)) lr: $2 run: $MLFLOW_RUN_ID"
                mkdir -p "$3" && echo ok > "$3/result.txt"
                """);
        write("project/src/.amlignore", "secret.txt\n");
        write("project/src/secret.txt", "not uploaded\n");
        Path csv = write("project/iris.csv", "x,species\n1,a\n2,b\n3,a\n");
        Path yml = write("project/job.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
                command: bash run.sh ${{inputs.iris}} ${{inputs.lr}} ${{outputs.result}}
                code: ./src
                inputs:
                  iris:
                    type: uri_file
                    path: ./iris.csv
                  lr: 0.05
                outputs:
                  result:
                    name: iris-result
                environment: azureml:AzureML-sklearn-1.0@latest
                experiment_name: hello
                display_name: hello-iris
                tags:
                  team: risk
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "hello-1", "--stream");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("rows: 3 lr: 0.05 run: hello-1");
        assertThat(r.err()).contains("'environment' is accepted but ignored").contains("Job hello-1 Completed");
        // The original may change or vanish after submission: the job ran on its snapshot.
        Files.delete(csv);

        JsonNode job = job("hello-1");
        assertThat(job.get("status").asText()).isEqualTo("Completed");
        assertThat(job.get("code_hash").asText()).startsWith("sha256:");
        assertThat(job.get("display_name").asText()).isEqualTo("hello-iris");
        JsonNode run = run("hello-1");
        assertThat(run.get("info").get("status").asText()).isEqualTo("FINISHED");
        assertThat(run.get("info").get("run_name").asText()).isEqualTo("hello-iris");
        assertThat(tag(run, "team")).isEqualTo("risk");
        assertThat(tag(run, "cerulean.code_hash")).isEqualTo(job.get("code_hash").asText());
        JsonNode exp = Http.send("GET", url + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=hello", null).json();
        assertThat(run.get("info").get("experiment_id").asText()).isEqualTo(exp.get("experiment").get("experiment_id").asText());

        Result show = cli("--url", url, "job", "show", "hello-1");
        assertThat(show.out()).contains("status:").contains("Completed").contains("hello (").contains("outputs: result");

        Path dl = dir.resolve("dl");
        Result download = cli("--url", url, "job", "download", "hello-1", "--to", dl.toString());
        assertThat(download.code()).as(download.err()).isZero();
        assertThat(Files.readString(dl.resolve("outputs/result/result.txt"))).isEqualTo("ok\n");
        assertThat(Files.readString(dl.resolve("user_logs/std_log.txt"))).contains("rows: 3");

        // The named output is a data asset, with lineage from the input through the job.
        JsonNode asset = Http.send("GET", url + "/api/v1/data/iris-result/versions/1", null).json();
        assertThat(asset.get("type").asText()).isEqualTo("uri_folder");
        JsonNode lineage = Http.send("GET", url + "/api/v1/lineage/job/hello-1", null).json();
        assertThat(lineage.toString()).contains("iris-result");

        // The snapshot left the ignored file out.
        Result list = cli("--url", url, "job", "list", "-o", "json");
        assertThat(list.json().get("items").get(0).get("name").asText()).isEqualTo("hello-1");
        assertThat(Files.exists(dir.resolve("home/jobs/hello-1/code"))).isFalse();
    }

    @Test
    void aScriptLogsToItsRunThroughMlflowRest() throws Exception {
        assumeTrue(hasPython(), "python3 is not installed");
        write("p/src/train.py", """
                import json, os, urllib.request
                uri = os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-batch"
                body = {"run_id": os.environ["MLFLOW_RUN_ID"],
                        "metrics": [{"key": "loss", "value": 1.0 / (s + 1), "timestamp": 0, "step": s} for s in range(5)],
                        "params": [{"key": "lr", "value": "0.1"}]}
                req = urllib.request.Request(uri, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
                urllib.request.urlopen(req).read()
                print("logged")
                """);
        Path yml = write("p/job.yml", """
                command: python3 train.py
                code: src
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "py-1", "--stream");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode run = run("py-1");
        assertThat(metric(run, "loss")).isEqualTo("0.2");
        assertThat(run.get("data").get("params").toString()).contains("\"lr\"");
        JsonNode history = Http.send("GET", url + "/api/2.0/mlflow/metrics/get-history?run_id=py-1&metric_key=loss", null).json();
        assertThat(history.get("metrics")).hasSize(5);
    }

    @Test
    void aFailingCommandFailsTheJobWithTheTailOfItsLog() throws Exception {
        Path yml = write("fail.yml", """
                command: |
                  echo "about to fail"; echo "KeyError: 'age'" >&2; exit 3
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "fails", "--stream");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("Job fails Failed").contains("exited with code 3").contains("KeyError: 'age'");
        JsonNode job = job("fails");
        assertThat(job.get("status").asText()).isEqualTo("Failed");
        assertThat(run("fails").get("info").get("status").asText()).isEqualTo("FAILED");
        // The log is kept, as a file of the job and as an artifact of its run.
        assertThat(cli("--url", url, "job", "stream", "fails").out()).contains("about to fail").contains("KeyError");
        assertThat(Http.send("GET", url + "/api/2.0/mlflow-artifacts/artifacts/0/fails/artifacts/user_logs/std_log.txt", null).body())
                .contains("KeyError");
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws Exception {
        Path yml = write("slow.yml", """
                command: 'sleep 60 & echo $! > child.pid; echo started; wait'
                limits:
                  timeout: 2
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "slow", "--stream");

        assertThat(r.code()).isEqualTo(1);
        JsonNode job = job("slow");
        assertThat(job.get("status").asText()).isEqualTo("Failed");
        assertThat(job.get("error").asText()).contains("timeout").contains("2");
        assertThat(r.out()).contains("started");
    }

    @Test
    void cancelStopsARunningJobAndItsChildren() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path yml = write("long.yml", "command: 'sleep 120 & echo $! > " + pidFile + "; wait'\n");
        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "long");
        assertThat(r.code()).as(r.err()).isZero();
        waitFor("long", "Running");
        Poll.until("the job's child to write its pid", Duration.ofSeconds(20),
                () -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(alive(child)).isTrue();

        Result cancel = cli("--url", url, "job", "cancel", "long");

        assertThat(cancel.code()).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains("long Canceled");
        assertThat(run("long").get("info").get("status").asText()).isEqualTo("KILLED");
        Poll.upTo(Duration.ofSeconds(10), () -> alive(child), a -> !a);
        assertThat(alive(child)).as("the job's child process was killed").isFalse();
        // Cancelling again is a conflict, not a crash.
        Http.Response again = Http.send("POST", url + "/api/v1/jobs/long/cancel", "{}");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aRestartFailsTheJobsThatWereRunningAndRunsTheQueuedOnes() throws Exception {
        Http.Response c = Http.send("POST", url + "/api/v1/compute", "{\"name\": \"one\", \"max_concurrent_jobs\": 1}");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        Path first = write("first.yml", "command: sleep 120\ncompute: one\n");
        Path second = write("second.yml", "command: echo second ran\ncompute: azureml:one\n");
        assertThat(cli("--url", url, "job", "create", "-f", first.toString(), "--name", "first").code()).isZero();
        waitFor("first", "Running");
        assertThat(cli("--url", url, "job", "create", "-f", second.toString(), "--name", "second").code()).isZero();
        assertThat(job("second").get("status").asText()).isEqualTo("Queued");
        JsonNode compute = Http.send("GET", url + "/api/v1/compute/one", null).json();
        assertThat(compute.get("running_jobs").asInt()).isEqualTo(1);
        assertThat(compute.get("queued_jobs").asInt()).isEqualTo(1);

        server.close();
        startServer();

        JsonNode firstJob = waitFor("first", "Failed");
        assertThat(firstJob.get("error").asText()).contains("server stopped");
        waitFor("second", "Completed");
        assertThat(cli("--url", url, "job", "stream", "second").out()).contains("second ran");
    }

    @Test
    void trainsRegistersAndScoresAModel() throws Exception {
        Path csv = copySample("sk_breast_cancer.csv");

        Result r = cli("--url", url, "train", "--data", csv.toString(), "--target", "target", "--algorithm", "lightgbm",
                "--param", "num_iterations=60", "--register", "cancer", "--name", "train-1");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("registered model cancer:1");
        JsonNode run = run("train-1");
        assertThat(Double.parseDouble(metric(run, "AUC_weighted"))).isGreaterThan(0.95);
        assertThat(tag(run, "cerulean.registered_model")).isEqualTo("cancer:1");
        assertThat(run.get("data").get("params").toString()).contains("num_iterations");
        JsonNode files = Http.send("GET", url + "/api/2.0/mlflow/artifacts/list?run_id=train-1&path=model", null).json();
        assertThat(files.toString()).contains("MLmodel");

        List<String> lines = Files.readAllLines(csv);
        String header = lines.get(0);
        int target = List.of(header.split(",")).indexOf("target");
        StringBuilder input = new StringBuilder();
        for (String line : lines.subList(0, 11)) {
            List<String> cells = new java.util.ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(target);
            input.append(String.join(",", cells)).append('\n');
        }
        Path in = write("score.csv", input.toString());
        Path out = dir.resolve("pred.csv");
        Result p = cli("--url", url, "model", "predict", "-m", "cancer:1", "-i", in.toString(), "-O", out.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(11);
        assertThat(Files.readAllLines(out).get(0)).startsWith("prediction");

        // Text in a numeric column: a clear 4xx naming the column, and no output file.
        Path bad = write("bad.csv", input.toString().replaceFirst("\n[0-9.]+,", "\nlots,"));
        Path badOut = dir.resolve("bad-pred.csv");
        Result b = cli("--url", url, "model", "predict", "-m", "cancer:1", "-i", bad.toString(), "-O", badOut.toString());
        assertThat(b.code()).isNotZero();
        assertThat(b.err()).contains(header.split(",")[0]);
        assertThat(badOut).doesNotExist();
    }

    @Test
    void aTrainJobOnBadDataFailsSayingWhy() throws Exception {
        Path noTarget = write("a.csv", "x,y\n1,2\n3,4\n");
        Result missing = cli("--url", url, "train", "--data", noTarget.toString(), "--target", "label", "--name", "t-missing");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(job("t-missing").get("error").asText()).contains("label");

        StringBuilder one = new StringBuilder("x,label\n");
        for (int i = 0; i < 50; i++) {
            one.append(i).append(",yes\n");
        }
        Path oneClass = write("one.csv", one.toString());
        Result single = cli("--url", url, "train", "--data", oneClass.toString(), "--target", "label", "--task", "classification",
                "--name", "t-one");
        assertThat(single.code()).isEqualTo(1);
        assertThat(job("t-one").get("error").asText()).containsIgnoringCase("class");
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        Http.Response noCommand = Http.send("POST", url + "/api/v1/jobs", "{\"type\": \"command\"}");
        assertThat(noCommand.status()).isEqualTo(400);
        assertThat(noCommand.body()).contains("command");

        Http.Response unknownCompute = Http.send("POST", url + "/api/v1/jobs", "{\"command\": \"echo\", \"compute\": \"gpu\"}");
        assertThat(unknownCompute.status()).isEqualTo(404);
        assertThat(unknownCompute.json().get("error").get("target").asText()).isEqualTo("compute");

        Http.Response missingUpload = Http.send("POST", url + "/api/v1/jobs", """
                {"spec": {"command": "ls", "code": "/nowhere/src"}, "uploads": {"/nowhere/src": {"type": "folder",
                 "files": [{"path": "a.py", "sha256": "%s", "size": 1}]}}}""".formatted("a".repeat(64)));
        assertThat(missingUpload.status()).isEqualTo(400);
        assertThat(missingUpload.body()).contains("a.py");

        assertThat(Http.send("POST", url + "/api/v1/jobs", "{\"command\": \"echo\", \"name\": \"dup\"}").status()).isEqualTo(201);
        assertThat(Http.send("POST", url + "/api/v1/jobs", "{\"command\": \"echo\", \"name\": \"dup\"}").status()).isEqualTo(409);
        assertThat(Http.send("GET", url + "/api/v1/jobs/nope", null).status()).isEqualTo(404);
        assertThat(Http.send("GET", url + "/api/v1/jobs?status=exploded", null).status()).isEqualTo(400);
        // Nothing half-made: the refused jobs left no runs behind.
        JsonNode runs = Http.send("POST", url + "/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\"0\"]}").json();
        assertThat(runs.path("runs")).hasSize(1);
    }

    @Test
    void blobsAreCheckedAgainstTheirDigest() {
        Http.Response wrong = Http.send("PUT", url + "/api/v1/blobs/" + "b".repeat(64), "hello");
        assertThat(wrong.status()).isEqualTo(400);
        Http.Response missing = Http.send("POST", url + "/api/v1/blobs/missing", "{\"sha256\": [\"" + "b".repeat(64) + "\"]}");
        assertThat(missing.json().get("missing")).hasSize(1);
    }

    @Test
    void anEmbeddedWorkspaceWaitsForItsJob() throws Exception {
        Path yml = write("e.yml", "command: echo embedded works\n");
        server.close();
        try {
            Result r = cli("--home", dir.resolve("home2").toString(), "job", "create", "-f", yml.toString(), "--name", "emb");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("embedded works");
            assertThat(r.err()).contains("waits for it to end").contains("Completed");
        } finally {
            startServer();
        }
    }
}
