package dev.cerulean.app;

import static dev.cerulean.app.CliIT.cli;
import static dev.cerulean.app.JobsContract.alive;
import static dev.cerulean.app.JobsContract.metric;
import static dev.cerulean.app.JobsContract.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.app.CliIT.Result;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sweep jobs as users run them: Azure ML sweep YAML through the CLI against a server, trials as
 * child jobs and child runs, the best trial in the sweep's JSON and run, early termination, the
 * ways a sweep fails, and the bad specs it refuses.
 */
abstract class SweepContract extends WorkspaceContract {
    @BeforeEach
    void requirePython() {
        assumeTrue(JobsContract.hasPython(), "python3 is not installed");
    }

    /** Logs the metric through MLflow's REST API, one value per step, like mlflow.log_metric would. */
    static final String LOGGER = """
            import json, os, sys, time, urllib.request
            def log(key, value, step):
                body = {"run_id": os.environ["MLFLOW_RUN_ID"],
                        "metrics": [{"key": key, "value": value, "timestamp": int(time.time() * 1000), "step": step}]}
                req = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-batch",
                                             data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
                urllib.request.urlopen(req).read()
            """;

    JsonNode children(String sweep) {
        return Http.send("GET", url + "/api/v1/jobs?parent=" + sweep, null).json().get("items");
    }

    JsonNode waitForEnd(String name) throws InterruptedException {
        return waitForEnd(name, 60);
    }

    @Test
    void aCommandTrialSweepRunsEachTrialAsAChildJobAndRunAndKeepsTheBest() throws Exception {
        write("cmd/src/train.py", LOGGER + """
                lr, depth = float(sys.argv[1]), int(sys.argv[2])
                bonus = float(open(sys.argv[3]).read()) + float(sys.argv[4])
                for step in range(3):
                    log("accuracy", bonus + 1 - abs(lr - 0.05) - 0.01 * depth + 0.001 * step, step)
                print("trained with lr", lr, "depth", depth)
                """);
        write("cmd/bonus.txt", "0.25\n");
        Path yml = write("cmd/sweep.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
                type: sweep
                experiment_name: tune
                inputs:
                  bonus_file: {type: uri_file, path: ./bonus.txt}
                  extra: 0.5
                trial:
                  command: python3 train.py ${{search_space.lr}} ${{search_space.depth}} ${{inputs.bonus_file}} ${{inputs.extra}}
                  code: ./src
                  environment: azureml:AzureML-sklearn-1.0@latest
                sampling_algorithm: {type: random, seed: 7, rule: sobol}
                search_space:
                  lr: {type: uniform, min_value: 0.01, max_value: 0.1}
                  depth: {type: randint, upper: 4}
                objective: {primary_metric: accuracy, goal: maximize}
                limits: {max_total_trials: 4, max_concurrent_trials: 2, trial_timeout: 60}
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "sw-cmd", "--stream");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("trial sw-cmd_0").contains("best accuracy");
        JsonNode sweep = job("sw-cmd");
        assertThat(sweep.get("type").asText()).isEqualTo("sweep");
        assertThat(sweep.get("trials_completed").asInt()).isEqualTo(4);
        assertThat(sweep.get("trials_total").asInt()).isEqualTo(4);
        String best = sweep.get("best_run").asText();
        assertThat(best).startsWith("sw-cmd_");

        JsonNode kids = children("sw-cmd");
        assertThat(kids).hasSize(4);
        double bestValue = Double.NEGATIVE_INFINITY;
        for (JsonNode k : kids) {
            assertThat(k.get("parent").asText()).isEqualTo("sw-cmd");
            assertThat(k.get("status").asText()).isEqualTo("Completed");
            JsonNode run = run(k.get("name").asText());
            assertThat(tag(run, "mlflow.parentRunId")).isEqualTo("sw-cmd");
            assertThat(run.get("data").get("params").toString()).contains("\"lr\"").contains("\"depth\"");
            bestValue = Math.max(bestValue, Double.parseDouble(metric(run, "accuracy")));
        }
        assertThat(sweep.get("best_value").asDouble()).isEqualTo(bestValue).isGreaterThan(1.5);
        assertThat(Double.parseDouble(metric(run(best), "accuracy"))).isEqualTo(bestValue);

        JsonNode parent = run("sw-cmd");
        assertThat(parent.get("info").get("status").asText()).isEqualTo("FINISHED");
        assertThat(Double.parseDouble(metric(parent, "best_accuracy"))).isEqualTo(bestValue);
        assertThat(tag(parent, "cerulean.best_run")).isEqualTo(best);
        JsonNode history = Http.send("GET", url + "/api/2.0/mlflow/metrics/get-history?run_id=sw-cmd&metric_key=best_accuracy", null).json();
        assertThat(history.get("metrics")).hasSize(4);
        JsonNode charts = Http.send("GET", url + "/api/2.0/mlflow/artifacts/list?run_id=sw-cmd&path=charts", null).json();
        assertThat(charts.toString()).contains("parallel_coordinates.png").contains("best_so_far.png");

        // The sampled values reached the command.
        String childLog = cli("--url", url, "job", "stream", best).out();
        assertThat(childLog).contains("trained with lr");

        Result show = cli("--url", url, "job", "show", "sw-cmd");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("best run").contains(best).contains("trials:").contains("ACCURACY").contains("lr=");
        List<String> rows = new ArrayList<>(show.out().lines().dropWhile(l -> !l.strip().equals("trials:")).skip(3).toList());
        assertThat(rows.get(0)).as(show.out()).startsWith(best);
    }

    @Test
    void aTrainTrialSweepTunesTheBuiltInTrainerAndItsBestModelCanBeRegistered() throws Exception {
        copySample("sk_breast_cancer.csv");
        Path yml = write("train-sweep.yml", """
                type: sweep
                trial:
                  type: train
                  data: ./data/sk_breast_cancer.csv
                  target: target
                  algorithm: lightgbm
                  cv_folds: 3
                  validation_size: 0
                  hyperparameters: {num_iterations: 15}
                sampling_algorithm: grid
                search_space:
                  num_leaves: {type: choice, values: [3, 8]}
                objective: {primary_metric: AUC_weighted, goal: maximize}
                limits: {max_total_trials: 10, max_concurrent_trials: 2}
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "sw-train", "--stream");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode sweep = job("sw-train");
        assertThat(sweep.get("trials_completed").asInt()).isEqualTo(2);
        String best = sweep.get("best_run").asText();
        assertThat(run(best).get("data").get("params").toString()).contains("num_leaves");
        Result show = cli("--url", url, "job", "show", "sw-train");
        assertThat(show.out()).contains("AUC_WEIGHTED").contains("num_leaves=").doesNotContain("cv_folds=");
        Result reg = cli("--url", url, "model", "register", "--job", "sw-train", "--name", "cancer-best");
        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.out()).contains("cancer-best:1");
        JsonNode v = Http.send("GET", url + "/api/2.0/mlflow/model-versions/get?name=cancer-best&version=1", null).json();
        assertThat(v.get("model_version").get("run_id").asText()).isEqualTo(best);
    }

    @Test
    void banditStopsATrialThatFallsBehindAndKillsItsProcesses() throws Exception {
        Path pids = dir.resolve("pids");
        Files.createDirectories(pids);
        write("bandit/src/train.py", LOGGER + """
                quality = float(sys.argv[1])
                open(os.path.join(sys.argv[2], os.environ["MLFLOW_RUN_ID"]), "w").write(str(os.getpid()))
                # The good trial logs faster, so that it always reaches the intervals the bad one is judged at.
                good = quality > 0.5
                for step in range(40 if good else 300):
                    log("auc", quality + 0.001 * step, step)
                    time.sleep(0.05 if good else 0.2)
                """);
        Path yml = write("bandit/sweep.yml", """
                type: sweep
                trial:
                  command: python3 train.py ${{search_space.quality}} %s
                  code: ./src
                sampling_algorithm: grid
                search_space:
                  quality: {type: choice, values: [0.9, 0.1]}
                objective: {primary_metric: auc, goal: maximize}
                early_termination: {type: bandit, slack_factor: 0.1, evaluation_interval: 1, delay_evaluation: 2}
                limits: {max_total_trials: 2, max_concurrent_trials: 2}
                """.formatted(pids));

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "sw-bandit", "--stream");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode sweep = job("sw-bandit");
        assertThat(sweep.get("best_run").asText()).isEqualTo("sw-bandit_0");
        assertThat(sweep.get("trials_early_terminated").asInt()).as(r.out()).isEqualTo(1);
        JsonNode stopped = job("sw-bandit_1");
        assertThat(stopped.get("status").asText()).isEqualTo("Canceled");
        assertThat(stopped.get("error").asText()).contains("bandit");
        assertThat(tag(run("sw-bandit_1"), "cerulean.early_terminated")).isEqualTo("bandit");
        long pid = Long.parseLong(Files.readString(pids.resolve("sw-bandit_1")).strip());
        assertThat(alive(pid)).as("the stopped trial's process was killed").isFalse();
        assertThat(cli("--url", url, "job", "show", "sw-bandit").out()).contains("Canceled (bandit)");
    }

    @Test
    void aSweepOnAOneSlotComputeRunsItsTrialsOneAfterAnother() throws Exception {
        Http.Response c = Http.send("POST", url + "/api/v1/compute", "{\"name\": \"one\", \"max_concurrent_jobs\": 1}");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        write("one/src/train.py", LOGGER + "log('loss', float(sys.argv[1]), 0)\n");
        Path yml = write("one/sweep.yml", """
                type: sweep
                compute: azureml:one
                trial: {command: 'python3 train.py ${{search_space.x}}', code: ./src}
                sampling_algorithm: grid
                search_space: {x: {type: choice, values: [3, 1, 2]}}
                objective: {primary_metric: loss, goal: minimize}
                limits: {max_concurrent_trials: 3}
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "sw-one", "--stream");

        // The controller holds no slot of its own, so its trials get the only one in turn.
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode sweep = job("sw-one");
        assertThat(sweep.get("trials_completed").asInt()).isEqualTo(3);
        assertThat(sweep.get("best_run").asText()).isEqualTo("sw-one_1");
        assertThat(sweep.get("best_value").asDouble()).isEqualTo(1.0);
    }

    @Test
    void trialsThatNeverLogTheMetricFailAndSoDoesTheirSweep() throws Exception {
        write("quiet/src/train.py", "print('forgot to log')\n");
        Path yml = write("quiet/sweep.yml", """
                type: sweep
                trial: {command: 'python3 train.py ${{search_space.x}}', code: ./src}
                sampling_algorithm: bayesian
                search_space: {x: {type: choice, values: [1, 2]}}
                objective: {primary_metric: accuracy, goal: maximize}
                limits: {max_total_trials: 2}
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "sw-quiet", "--stream");

        assertThat(r.code()).isEqualTo(1);
        JsonNode sweep = job("sw-quiet");
        assertThat(sweep.get("status").asText()).isEqualTo("Failed");
        assertThat(sweep.get("error").asText()).contains("every trial failed").contains("never logged").contains("accuracy");
        assertThat(job("sw-quiet_0").get("status").asText()).isEqualTo("Failed");
        assertThat(job("sw-quiet_0").get("error").asText()).contains("primary metric 'accuracy'");
    }

    @Test
    void aSweepTimeoutCancelsItsRunningTrials() throws Exception {
        Path yml = write("slow-sweep.yml", """
                type: sweep
                trial: {command: 'sleep 30 # ${{search_space.x}}'}
                sampling_algorithm: random
                search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
                objective: {primary_metric: loss, goal: minimize}
                limits: {max_total_trials: 2, max_concurrent_trials: 2, timeout: 2}
                """);

        Result r = cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "sw-slow", "--stream");

        assertThat(r.code()).isEqualTo(1);
        JsonNode sweep = job("sw-slow");
        assertThat(sweep.get("status").asText()).isEqualTo("Failed");
        assertThat(sweep.get("error").asText()).contains("limits.timeout of 2 s").contains("before any trial completed");
        for (JsonNode k : children("sw-slow")) {
            assertThat(k.get("status").asText()).isEqualTo("Canceled");
        }
    }

    @Test
    void cancellingASweepCancelsEveryRunningTrial() throws Exception {
        Path yml = write("long-sweep.yml", """
                type: sweep
                trial: {command: 'sleep 60 # ${{search_space.x}}'}
                sampling_algorithm: random
                search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
                objective: {primary_metric: loss, goal: minimize}
                limits: {max_total_trials: 4, max_concurrent_trials: 2}
                """);
        assertThat(cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "sw-long").code()).isZero();
        Poll.until("two trials of sw-long, the first running", Duration.ofSeconds(20),
                () -> children("sw-long").size() >= 2 && children("sw-long").get(0).get("status").asText().equals("Running"));

        Result cancel = cli("--url", url, "job", "cancel", "sw-long");

        assertThat(cancel.code()).as(cancel.err()).isZero();
        JsonNode sweep = waitForEnd("sw-long");
        assertThat(sweep.get("status").asText()).isEqualTo("Canceled");
        assertThat(children("sw-long")).hasSize(2);
        for (JsonNode k : children("sw-long")) {
            assertThat(k.get("status").asText()).isEqualTo("Canceled");
        }
        assertThat(run("sw-long").get("info").get("status").asText()).isEqualTo("KILLED");
    }

    @Test
    void aServerRestartEndsARunningSweepAndItsTrials() throws Exception {
        Path yml = write("restart-sweep.yml", """
                type: sweep
                trial: {command: 'sleep 60 # ${{search_space.x}}'}
                sampling_algorithm: random
                search_space: {x: {type: uniform, min_value: 0, max_value: 1}}
                objective: {primary_metric: loss, goal: minimize}
                limits: {max_total_trials: 4, max_concurrent_trials: 2}
                """);
        assertThat(cli("--url", url, "job", "create", "-f", yml.toString(), "--name", "sw-restart").code()).isZero();
        Poll.until("two trials of sw-restart, the first running", Duration.ofSeconds(20),
                () -> children("sw-restart").size() >= 2 && children("sw-restart").get(0).get("status").asText().equals("Running"));

        server.close();
        server = CeruleanServer.start(new WorkspaceConfig(dir.resolve("home"), db, null), "127.0.0.1", 0);
        url = server.url();

        JsonNode sweep = job("sw-restart");
        assertThat(sweep.get("status").asText()).isEqualTo("Failed");
        assertThat(sweep.get("error").asText()).contains("server stopped");
        assertThat(sweep.get("trials_active").asInt()).isZero();
        for (JsonNode k : children("sw-restart")) {
            assertThat(k.get("status").asText()).isIn("Failed", "Canceled");
        }
    }

    @Test
    void badSweepsAreRefusedNamingTheField() {
        String base = """
                "type": "sweep", "trial": {"command": "echo ${{search_space.lr}}"},
                "objective": {"primary_metric": "acc", "goal": "maximize"},
                """;
        record Case(String body, String field) {
        }
        List<Case> cases = List.of(
                new Case("{" + base + """
                        "sampling_algorithm": "grid", "search_space": {"lr": {"type": "uniform", "min_value": 0, "max_value": 1}}}""",
                        "search_space.lr"),
                new Case("{" + base + """
                        "sampling_algorithm": "random", "search_space": {"lr": {"type": "choice", "values": [1, 2]}},
                        "early_termination": {"type": "bandit", "slack_factor": 0.1, "slack_amount": 0.2}}""",
                        "early_termination.slack_amount"),
                new Case("{" + base + """
                        "sampling_algorithm": "random", "search_space": {"lr": {"type": "choice", "values": [1, 2]}},
                        "early_termination": {"type": "patience"}}""", "early_termination.type"),
                new Case("""
                        {"type": "sweep", "trial": {"command": "echo ${{search_space.lr}}"}, "sampling_algorithm": "random",
                         "search_space": {"lr": {"type": "choice", "values": [1, 2]}}}""", "objective"),
                new Case("{" + base + """
                        "sampling_algorithm": "random", "search_space": {"rate": {"type": "choice", "values": [1, 2]}}}""",
                        "trial.command"));
        for (Case c : cases) {
            Http.Response resp = Http.send("POST", url + "/api/v1/jobs", c.body());
            assertThat(resp.status()).as(resp.body()).isEqualTo(400);
            assertThat(resp.body()).as(c.body()).contains(c.field() + ":");
        }
        assertThat(Http.send("GET", url + "/api/v1/jobs", null).json().get("items")).isEmpty();
    }

    @Test
    void theCliChecksASweepInFullBeforeSubmittingIt() throws Exception {
        Path yml = write("bad-grid.yml", """
                type: sweep
                trial: {command: 'python3 train.py ${{search_space.lr}}'}
                sampling_algorithm: grid
                search_space: {lr: {type: uniform, min_value: 0, max_value: 1}}
                objective: {primary_metric: acc, goal: maximize}
                """);

        Result validate = cli("validate", "-f", yml.toString());
        Result create = cli("--url", url, "job", "create", "-f", yml.toString());

        assertThat(validate.code()).isEqualTo(1);
        assertThat(validate.err()).contains("search_space.lr: grid sampling supports only choice expressions");
        assertThat(create.code()).isNotZero();
        assertThat(create.err()).contains("search_space.lr");
        assertThat(Http.send("GET", url + "/api/v1/jobs", null).json().get("items")).isEmpty();
    }
}
