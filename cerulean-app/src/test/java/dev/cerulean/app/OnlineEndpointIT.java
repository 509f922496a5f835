package dev.cerulean.app;

import static dev.cerulean.app.ServingFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online endpoints end to end on H2: YAML through the CLI and REST, the three scoring protocols, keys,
 * signature checks, overload, mirroring, a blue/green rollout under load, failing models, restarts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class OnlineEndpointIT {
    @TempDir
    static Path dir;
    CeruleanServer server;
    String url;

    @BeforeAll
    void start() throws Exception {
        server = CeruleanServer.start(WorkspaceConfig.at(dir.resolve("home")), "127.0.0.1", 0);
        url = server.url();
        Path pkgs = ServingFixture.packages();
        assertThat(ServingFixture.register(url, "adult-lgbm", pkgs.resolve("v1"))).isEqualTo(1);
        assertThat(ServingFixture.register(url, "adult-lgbm", pkgs.resolve("v2"))).isEqualTo(2);
        assertThat(ServingFixture.register(url, "broken", ServingFixture.failingOnnx(dir))).isEqualTo(1);
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

    JsonNode ok(String method, String path, String body, int status) {
        Http.Response r = Http.send(method, url + path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return r.json();
    }

    /** An endpoint with deployments {@code name → model version}, the first with all live traffic. Returns the primary key. */
    String endpoint(String name, String settings, Map<String, Integer> deployments) {
        ok("POST", "/api/v1/online-endpoints", "{\"name\": \"" + name + "\", \"auth_mode\": \"key\"}", 201);
        String first = null;
        for (Map.Entry<String, Integer> d : deployments.entrySet()) {
            JsonNode dep = ok("POST", "/api/v1/online-endpoints/" + name + "/deployments", "{\"name\": \"" + d.getKey() + "\", \"model\": "
                    + "\"azureml:" + (d.getValue() > 0 ? "adult-lgbm:" + d.getValue() : "broken:1") + "\"" + settings + "}", 201);
            assertThat(dep.get("provisioning_state").asText()).isEqualTo("Succeeded");
            first = first == null ? d.getKey() : first;
        }
        ok("PATCH", "/api/v1/online-endpoints/" + name, "{\"traffic\": {\"" + first + "\": 100}}", 200);
        return ok("GET", "/api/v1/online-endpoints/" + name + "/keys", null, 200).get("primary_key").asText();
    }

    static final String ROW = "[39, \"State-gov\", 77516, \"Bachelors\", 13, \"Never-married\", \"Adm-clerical\", \"Not-in-family\", "
            + "\"White\", \"Male\", 2174, 0, 40, \"United-States\"]";

    /** Deployments in order: name, model version (0 for the failing ONNX model), name, version... */
    static Map<String, Integer> deps(Object... pairs) {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return m;
    }

    static Map<String, String> auth(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    @Test
    void aYamlEndpointAndDeploymentMadeWithTheCliScoreWithEachProtocol() throws Exception {
        Path ep = write("cli/endpoint.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json
                name: income
                auth_mode: key
                description: Census income
                identity:
                  type: system_assigned
                """);
        Path blue = write("cli/blue.yml", """
                $schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
                name: blue
                endpoint_name: income
                model: azureml:adult-lgbm@latest
                instance_type: Standard_DS3_v2
                instance_count: 2
                request_settings:
                  request_timeout_ms: 10000
                """);
        CliIT.Result created = CliIT.cli("--url", url, "online-endpoint", "create", "-f", ep.toString());
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.err()).contains("identity").contains("ignored");
        CliIT.Result dep = CliIT.cli("--url", url, "online-deployment", "create", "-f", blue.toString(), "--all-traffic", "-o", "json");
        assertThat(dep.code()).as(dep.err()).isZero();
        assertThat(dep.json().get("model").asText()).isEqualTo("azureml:adult-lgbm:2");
        assertThat(dep.json().get("status").get("replicas")).hasSize(2);
        assertThat(CliIT.cli("--url", url, "online-endpoint", "show", "--name", "income").out()).contains("traffic:").contains("blue=100");
        assertThat(CliIT.cli("--url", url, "online-deployment", "list", "--endpoint-name", "income").out()).contains("blue")
                .contains("Succeeded");
        assertThat(CliIT.cli("--url", url, "validate", "-f", blue.toString()).code()).isZero();

        Path request = write("cli/request.json", ServingFixture.scoreRequest(3));
        CliIT.Result invoked = CliIT.cli("--url", url, "online-endpoint", "invoke", "--name", "income", "--request-file", request.toString());
        assertThat(invoked.code()).as(invoked.err()).isZero();
        assertThat(invoked.json()).hasSize(3);
        assertThat(invoked.json().get(0).get("prediction").asText()).isIn("<=50K", ">50K");

        String key = CliIT.cli("--url", url, "online-endpoint", "get-credentials", "--name", "income", "-o", "json").json().get("primary_key")
                .asText();
        ServingFixture.Reply score = call("POST", url + "/endpoints/income/score", "application/json", ServingFixture.scoreRequest(2),
                auth(key));
        assertThat(score.status()).as(score.body()).isEqualTo(200);
        assertThat(score.header("azureml-model-deployment")).isEqualTo("blue");
        assertThat(score.header("x-request-id")).hasSize(32);
        String first = score.json().get(0).get("prediction").asText();

        String split = ServingFixture.scoreRequest(1).replace("\"input_data\"", "\"dataframe_split\"");
        ServingFixture.Reply mlflow = call("POST", url + "/endpoints/income/invocations", "application/json", split, auth(key));
        assertThat(mlflow.status()).as(mlflow.body()).isEqualTo(200);
        assertThat(mlflow.json().get("predictions").get(0).get("prediction").asText()).isEqualTo(first);
        String csv = String.join("\n", Files.readAllLines(ServingFixture.ADULT).subList(0, 2)).replaceAll(",[^,]*$", "")
                .replace(",income", "");
        ServingFixture.Reply mlflowCsv = call("POST", url + "/endpoints/income/invocations", "text/csv", csv, auth(key));
        assertThat(mlflowCsv.status()).as(mlflowCsv.body()).isEqualTo(200);
        assertThat(mlflowCsv.json().get("predictions").get(0).get("prediction").asText()).isEqualTo(first);

        JsonNode meta = call("GET", url + "/v2/models/income", null, null, auth(key)).json();
        assertThat(meta.get("versions").get(0).asText()).isEqualTo("blue");
        assertThat(meta.get("inputs")).hasSize(14);
        StringBuilder tensor = new StringBuilder("{\"inputs\": [");
        JsonNode row = Http.JSON.readTree(ServingFixture.scoreRequest(1)).get("input_data");
        for (int c = 0; c < row.get("columns").size(); c++) {
            JsonNode v = row.get("data").get(0).get(c);
            String dt = meta.get("inputs").get(c).get("datatype").asText();
            tensor.append(c == 0 ? "" : ", ").append("{\"name\": \"").append(row.get("columns").get(c).asText()).append("\", \"shape\": [1], ")
                    .append("\"datatype\": \"").append(dt).append("\", \"data\": [").append(v).append("]}");
        }
        ServingFixture.Reply oip = call("POST", url + "/v2/models/income/infer", "application/json", tensor.append("]}").toString(), auth(key));
        assertThat(oip.status()).as(oip.body()).isEqualTo(200);
        assertThat(oip.json().get("outputs").get(0).get("data").get(0).asText()).isEqualTo(first);
        assertThat(oip.json().get("outputs").get(1).get("name").asText()).isEqualTo("predict_proba");
        StringBuilder rows = new StringBuilder("{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 14], \"datatype\": \"BYTES\", \"data\": [");
        for (int c = 0; c < 14; c++) {
            rows.append(c == 0 ? "" : ", ").append('"').append(row.get("data").get(0).get(c).asText()).append('"');
        }
        ServingFixture.Reply oipRows = call("POST", url + "/v2/models/income/versions/blue/infer", "application/json",
                rows.append("]}]}").toString(), auth(key));
        assertThat(oipRows.status()).as(oipRows.body()).isEqualTo(200);
        assertThat(oipRows.json().get("model_version").asText()).isEqualTo("blue");
        assertThat(oipRows.json().get("outputs").get(0).get("data").get(0).asText()).isEqualTo(first);
        assertThat(call("GET", url + "/v2/models/income/ready", null, null, auth(key)).json().get("ready").asBoolean()).isTrue();
        assertThat(call("GET", url + "/v2/health/live", null, null, Map.of()).json().get("live").asBoolean()).isTrue();
        assertThat(call("GET", url + "/v2/health/ready", null, null, Map.of()).status()).isEqualTo(200);

        String metrics = Http.send("GET", url + "/metrics", null).body();
        assertThat(metrics).contains("cerulean_endpoint_requests_total{deployment=\"blue\",endpoint=\"income\",mirror=\"false\",status=\"200\"}")
                .contains("cerulean_endpoint_request_duration_seconds_bucket{deployment=\"blue\",endpoint=\"income\"");
        JsonNode lineage = Http.send("GET", url + "/api/v1/lineage/model/adult-lgbm/2", null).json();
        assertThat(lineage.get("downstream")).anySatisfy(e -> assertThat(e.get("to").get("name").asText()).isEqualTo("income"));
        assertThat(CliIT.cli("--url", url, "online-deployment", "get-logs", "--name", "blue", "--endpoint-name", "income").out())
                .contains("ready");
    }

    @Nested
    class Refusals {
        @Test
        void wrongOrMissingKeysAre401InEachProtocolsFormat() {
            String key = endpoint("keys", "", deps("blue", 1));
            String body = ServingFixture.scoreRequestUnchecked(1);

            ServingFixture.Reply none = call("POST", url + "/endpoints/keys/score", "application/json", body, Map.of());
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.json().get("error").get("code").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
            ServingFixture.Reply wrong = call("POST", url + "/endpoints/keys/invocations", "application/json", body, auth("nope"));
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().get("error_code").asText()).isEqualTo("UNAUTHENTICATED");
            ServingFixture.Reply oip = call("POST", url + "/v2/models/keys/infer", "application/json", "{}", auth(key + "x"));
            assertThat(oip.status()).isEqualTo(401);
            assertThat(oip.json().get("error").asText()).contains("not valid");
            assertThat(call("GET", url + "/v2/models/keys", null, null, Map.of()).status()).isEqualTo(401);

            JsonNode regenerated = ok("POST", "/api/v1/online-endpoints/keys/keys/regenerate", "{\"key_type\": \"primary\"}", 200);
            assertThat(call("POST", url + "/endpoints/keys/score", "application/json", body, auth(key)).status()).isEqualTo(401);
            assertThat(call("POST", url + "/endpoints/keys/score", "application/json", body,
                    auth(regenerated.get("secondary_key").asText())).status()).isEqualTo(200);
            assertThat(call("POST", url + "/endpoints/nope/score", "application/json", body, auth(key)).status()).isEqualTo(404);
        }

        @Test
        void inputsThatDoNotFitTheSignatureAre4xxNamingTheProblem() {
            String key = endpoint("checks", "", deps("blue", 1));
            String good = ServingFixture.scoreRequestUnchecked(1);

            record Case(String what, String body, String contentType, int status, String target, String words) {
            }
            List<Case> cases = List.of(
                    new Case("missing column", good.replace("\"age\", ", "").replace("[39, ", "["), "application/json", 400, "age",
                            "missing column 'age'"),
                    new Case("extra column", good.replace("\"age\", ", "\"age\", \"agee\", ").replace("[39, ", "[39, 1, "), "application/json",
                            400, "agee", "unexpected column 'agee'"),
                    new Case("wrong type", good.replace("[39, ", "[\"thirty-nine\", "), "application/json", 400, "age",
                            "column 'age' row 0: value 'thirty-nine' is not a number"),
                    new Case("too many rows", "{\"input_data\": [" + (ROW + ",").repeat(10_000) + ROW + "]}", "application/json", 413,
                            "max_rows", "10001 rows"),
                    new Case("malformed JSON", "{\"input_data\": [[39,", "application/json", 400, "body", "not valid JSON"),
                    new Case("no input_data", "{\"rows\": []}", "application/json", 400, "input_data", "no 'input_data'"),
                    new Case("media type", good, "text/plain", 415, "Content-Type", "not supported"));
            for (Case c : cases) {
                ServingFixture.Reply r = call("POST", url + "/endpoints/checks/score", c.contentType(), c.body(), auth(key));
                assertThat(r.status()).as(c.what() + ": " + r.body()).isEqualTo(c.status());
                assertThat(r.json().get("error").get("target").asText()).as(c.what()).isEqualTo(c.target());
                assertThat(r.json().get("error").get("message").asText()).as(c.what()).contains(c.words());
            }
            ServingFixture.Reply big = call("POST", url + "/endpoints/checks/score", "application/json", "{\"input_data\": \"" + "x".repeat(17 << 20)
                    + "\"}", auth(key));
            assertThat(big.status()).isEqualTo(413);
            assertThat(big.json().get("error").get("message").asText()).contains("at most 16777216 bytes");
            assertThat(call("POST", url + "/endpoints/checks/score", "application/json", good, auth(key)).status()).isEqualTo(200);
        }

        @Test
        void aDeploymentWithTrafficCannotBeDeletedAndBadTrafficIsNamed() {
            endpoint("guarded", "", deps("blue", 1));

            Http.Response r = Http.send("DELETE", url + "/api/v1/online-endpoints/guarded/deployments/blue", null);
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().get("error").get("message").asText()).contains("100% of the live traffic").contains("--traffic");
            Http.Response sum = Http.send("PATCH", url + "/api/v1/online-endpoints/guarded", "{\"traffic\": {\"blue\": 60}}");
            assertThat(sum.status()).isEqualTo(400);
            assertThat(sum.json().get("error").get("message").asText()).contains("sum to 60");
            Http.Response unknown = Http.send("PATCH", url + "/api/v1/online-endpoints/guarded", "{\"traffic\": {\"green\": 100}}");
            assertThat(unknown.json().get("error").get("message").asText()).contains("no deployment 'green'");
            Http.Response mirror = Http.send("PATCH", url + "/api/v1/online-endpoints/guarded", "{\"mirror_traffic\": {\"blue\": 10}}");
            assertThat(mirror.json().get("error").get("message").asText()).contains("cannot also receive mirrored traffic");
            Http.Response atCreation = Http.send("POST", url + "/api/v1/online-endpoints", "{\"name\": \"early\", \"traffic\": {\"a\": 100}}");
            assertThat(atCreation.status()).isEqualTo(400);
            assertThat(atCreation.json().get("error").get("target").asText()).isEqualTo("traffic");
            Http.Response script = Http.send("POST", url + "/api/v1/online-endpoints/guarded/deployments", "{\"name\": \"x\", \"model\": "
                    + "\"azureml:adult-lgbm:1\", \"code_configuration\": {\"code\": \".\", \"scoring_script\": \"score.py\"}}");
            assertThat(script.status()).isEqualTo(400);
            assertThat(script.json().get("error").get("details").get(0).asText()).startsWith("code_configuration: custom scoring scripts");
            Http.Response missingModel = Http.send("POST", url + "/api/v1/online-endpoints/guarded/deployments",
                    "{\"name\": \"x\", \"model\": \"azureml:adult-lgbm:9\"}");
            assertThat(missingModel.status()).isEqualTo(404);
            assertThat(missingModel.json().get("error").get("target").asText()).isEqualTo("model");
        }

        @Test
        void aModelThatThrowsIsA500WithItsMessageAndTheServerKeepsServing() {
            String key = endpoint("broken", "", deps("bad", 0, "good", 1));
            ok("PATCH", "/api/v1/online-endpoints/broken", "{\"traffic\": {\"bad\": 100}}", 200);

            ServingFixture.Reply r = call("POST", url + "/endpoints/broken/score", "application/json",
                    "{\"input_data\": {\"columns\": [\"a\", \"b\"], \"data\": [[1, 2]]}}", auth(key));
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.json().get("error").get("message").asText()).contains("deployment 'bad'").contains("broken:1")
                    .contains("ONNX Runtime failed");
            ServingFixture.Reply good = call("POST", url + "/endpoints/broken/score", "application/json", ServingFixture.scoreRequestUnchecked(1),
                    Map.of("Authorization", "Bearer " + key, "azureml-model-deployment", "good"));
            assertThat(good.status()).as(good.body()).isEqualTo(200);
            assertThat(Http.send("GET", url + "/api/v1/online-endpoints/broken/deployments/bad/logs", null).json().get("lines").toString())
                    .contains("ONNX Runtime failed");
        }
    }

    @Nested
    class Load {
        @Test
        void overloadIsAnswered429PromptlyAndTimeoutsAre408() throws Exception {
            String key = endpoint("busy", ", \"request_settings\": {\"max_concurrent_requests_per_instance\": 1, \"max_queue_wait_ms\": 0, "
                    + "\"request_timeout_ms\": 20000}", deps("blue", 1));
            String heavy = ServingFixture.scoreRequestUnchecked(5000);
            // each answer with the moments it was sent and received, on one logical clock shared by the threads
            record Exchange(int status, long sent, long received) {
            }
            AtomicLong tick = new AtomicLong();
            ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                Thread th = new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < 3; i++) {
                            long sent = tick.incrementAndGet();
                            ServingFixture.Reply r = call("POST", url + "/endpoints/busy/score", "application/json", heavy, auth(key));
                            exchanges.add(new Exchange(r.status(), sent, tick.incrementAndGet()));
                            if (r.status() == 429) {
                                assertThat(r.json().get("error").get("message").asText()).contains("at capacity");
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                th.start();
                threads.add(th);
            }
            go.countDown();
            for (Thread th : threads) {
                th.join();
            }
            assertThat(exchanges).extracting(Exchange::status).containsOnly(200, 429).contains(200, 429);
            // a refusal does not wait for the model: one comes back while a request that holds the slot is still being scored
            assertThat(exchanges.stream().filter(r -> r.status() == 429)).anyMatch(refused -> exchanges.stream()
                    .anyMatch(ok -> ok.status() == 200 && ok.sent() < refused.received() && refused.received() < ok.received()));

            String slowKey = endpoint("slow", ", \"request_settings\": {\"request_timeout_ms\": 1}", deps("blue", 1));
            ServingFixture.Reply timedOut = call("POST", url + "/endpoints/slow/score", "application/json", heavy, auth(slowKey));
            assertThat(timedOut.status()).isEqualTo(408);
            assertThat(timedOut.json().get("error").get("message").asText()).contains("request_timeout_ms (1 ms)");
        }

        @Test
        void mirroredTrafficIsScoredButNeverReturned() throws Exception {
            String key = endpoint("shadow", "", deps("blue", 1, "green", 2));
            ok("PATCH", "/api/v1/online-endpoints/shadow", "{\"mirror_traffic\": {\"green\": 50}}", 200);
            String body = ServingFixture.scoreRequestUnchecked(1);

            for (int i = 0; i < 60; i++) {
                ServingFixture.Reply r = call("POST", url + "/endpoints/shadow/score", "application/json", body, auth(key));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.header("azureml-model-deployment")).isEqualTo("blue");
            }
            long[] mirrored = {0};
            awaitUntil("mirrored requests counted", () -> {
                JsonNode green = ok("GET", "/api/v1/online-endpoints/shadow/deployments/green", null, 200);
                assertThat(green.get("requests").size()).isZero();
                String metrics = Http.send("GET", url + "/metrics", null).body();
                mirrored[0] = metrics.lines().filter(l -> l.startsWith("cerulean_endpoint_requests_total{deployment=\"green\","
                        + "endpoint=\"shadow\",mirror=\"true\",status=\"200\"}"))
                        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
                return mirrored[0] > 0;
            });
            assertThat(mirrored[0]).isBetween(10L, 60L);
        }

        @Test
        void blueGreenRolloutUnderLoadLosesNoRequest() throws Exception {
            String key = endpoint("rollout", "", deps("blue", 1, "green", 2));
            String body = ServingFixture.scoreRequestUnchecked(1);
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentHashMap<String, AtomicInteger> answered = new ConcurrentHashMap<>();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread c = new Thread(() -> {
                    while (running.get()) {
                        ServingFixture.Reply r = call("POST", url + "/endpoints/rollout/score", "application/json", body, auth(key));
                        if (r.status() != 200) {
                            failures.add(r.status() + " " + r.body());
                        } else {
                            answered.computeIfAbsent(r.header("azureml-model-deployment"), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
                c.start();
                clients.add(c);
            }
            // each step of the rollout serves requests before the next
            awaitAnswers(answered, 20);
            ok("PATCH", "/api/v1/online-endpoints/rollout", "{\"traffic\": {\"blue\": 50, \"green\": 50}}", 200);
            awaitAnswers(answered, 20);
            ok("PATCH", "/api/v1/online-endpoints/rollout", "{\"traffic\": {\"green\": 100}}", 200);
            awaitAnswers(answered, 20);
            ok("DELETE", "/api/v1/online-endpoints/rollout/deployments/blue", null, 200);
            awaitAnswers(answered, 20);
            running.set(false);
            for (Thread c : clients) {
                c.join();
            }
            assertThat(failures).isEmpty();
            assertThat(answered.get("blue").get()).isGreaterThan(10);
            assertThat(answered.get("green").get()).isGreaterThan(10);
            assertThat(ok("GET", "/api/v1/online-endpoints/rollout/deployments", null, 200).get("count").asInt()).isEqualTo(1);
        }
    }

    /** Checks {@code condition} every few milliseconds until it holds, failing after 10 s. */
    static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** Waits until {@code n} more requests than now have been answered, whichever deployment answered them. */
    static void awaitAnswers(Map<String, AtomicInteger> answered, int n) {
        int target = total(answered) + n;
        awaitUntil(n + " more answers", () -> total(answered) >= target);
    }

    static int total(Map<String, AtomicInteger> answered) {
        return answered.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Test
    void aRestartedServerServesTheSameEndpointsAndRegistersCollectedData() throws Exception {
        Path home = dir.resolve("restart-home");
        String key;
        try (CeruleanServer first = CeruleanServer.start(WorkspaceConfig.at(home), "127.0.0.1", 0)) {
            String u = first.url();
            ServingFixture.register(u, "adult-lgbm", ServingFixture.packages().resolve("v1"));
            Http.send("POST", u + "/api/v1/online-endpoints", "{\"name\": \"kept\"}");
            Http.Response d = Http.send("POST", u + "/api/v1/online-endpoints/kept/deployments", """
                    {"name": "blue", "model": "azureml:adult-lgbm:1",
                     "data_collector": {"collections": {"model_inputs": {"enabled": "True"}, "model_outputs": {"enabled": true}}}}""");
            assertThat(d.status()).as(d.body()).isEqualTo(201);
            Http.send("PATCH", u + "/api/v1/online-endpoints/kept", "{\"traffic\": {\"blue\": 100}}");
            key = Http.send("GET", u + "/api/v1/online-endpoints/kept/keys", null).json().get("primary_key").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(call("POST", u + "/endpoints/kept/score", "application/json", ServingFixture.scoreRequestUnchecked(2), auth(key))
                        .status()).isEqualTo(200);
            }
        }
        try (CeruleanServer second = CeruleanServer.start(WorkspaceConfig.at(home), "127.0.0.1", 0)) {
            String u = second.url();
            ServingFixture.Reply r = call("POST", u + "/endpoints/kept/score", "application/json", ServingFixture.scoreRequestUnchecked(1),
                    auth(key));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.header("azureml-model-deployment")).isEqualTo("blue");
            JsonNode inputs = Http.send("GET", u + "/api/v1/data/kept-blue-model-inputs/versions/latest", null).json();
            assertThat(inputs.get("format").asText()).isEqualTo("jsonl");
            assertThat(inputs.get("tags").get("deployment").asText()).isEqualTo("blue");
            JsonNode profile = Http.send("GET", u + "/api/v1/data/kept-blue-model-outputs/versions/latest/profile", null).json();
            assertThat(profile.get("row_count").asInt()).isEqualTo(6);
        }
    }
}
