package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLflow routes the Java client does not cover, driven with the payloads MLflow's protos define. */
class MlflowRestIT {
    @TempDir
    Path home;
    @TempDir
    Path src;

    CeruleanServer server;
    String api;

    @BeforeEach
    void start() {
        server = CeruleanServer.start(WorkspaceConfig.at(home), "127.0.0.1", 0);
        api = server.url() + "/api/2.0/mlflow/";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    JsonNode ok(String method, String path, String body) {
        Http.Response r = Http.send(method, api + path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    JsonNode error(String method, String path, String body, int status, String code) {
        Http.Response r = Http.send(method, api + path, body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error_code").asText()).as(r.body()).isEqualTo(code);
        return r.json();
    }

    String newRun() {
        return ok("POST", "runs/create", "{\"experiment_id\": \"0\", \"start_time\": \"1700000000000\"}").get("run").get("info")
                .get("run_id").asText();
    }

    byte[] put(String path, byte[] content) throws IOException, InterruptedException {
        HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow-artifacts/artifacts/" + path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return content;
    }

    @Test
    void acceptsInt64AsStringsAndNumbersAndRunUuid() {
        String run = newRun();
        ok("POST", "runs/log-metric", "{\"run_uuid\": \"" + run + "\", \"key\": \"a\", \"value\": 1.5, \"timestamp\": \"12\", \"step\": \"3\"}");
        ok("POST", "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"a\", \"value\": \"2.5\", \"timestamp\": 13, \"step\": 4}");
        ok("POST", "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"b\", \"value\": NaN, \"timestamp\": 13}");

        JsonNode r = ok("GET", "runs/get?run_id=" + run, null).get("run");
        assertThat(r.get("info").get("start_time").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(r.get("info").get("start_time").isNumber()).isTrue();
        assertThat(r.get("data").get("metrics").get(0).get("value").asDouble()).isEqualTo(2.5);
        assertThat(r.get("data").get("metrics").get(1).get("value").asText()).isEqualTo("NaN");
        JsonNode h = ok("GET", "metrics/get-history?run_uuid=" + run + "&metric_key=a&max_results=1", null);
        assertThat(h.get("metrics")).hasSize(1);
        JsonNode h2 = ok("GET", "metrics/get-history?run_id=" + run + "&metric_key=a&max_results=1&page_token="
                + h.get("next_page_token").asText(), null);
        assertThat(h2.get("metrics").get(0).get("step").asLong()).isEqualTo(4);
    }

    @Test
    void servesTheSameHandlersUnderAjaxApi() {
        Http.Response r = Http.send("GET", server.url() + "/ajax-api/2.0/mlflow/experiments/get?experiment_id=0", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("experiment").get("name").asText()).isEqualTo("Default");
    }

    @Test
    void getsHistoryOfManyRunsAtIntervals() {
        String a = newRun();
        String b = newRun();
        StringBuilder batch = new StringBuilder("{\"run_id\": \"" + a + "\", \"metrics\": [");
        for (int i = 0; i < 100; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"key\": \"loss\", \"value\": ").append(100 - i).append(", \"timestamp\": ")
                    .append(i).append(", \"step\": ").append(i).append('}');
        }
        ok("POST", "runs/log-batch", batch.append("]}").toString());
        ok("POST", "runs/log-metric", "{\"run_id\": \"" + b + "\", \"key\": \"loss\", \"value\": 3, \"timestamp\": 1, \"step\": 0}");

        JsonNode m = ok("GET", "metrics/get-history-bulk-interval?run_ids=" + a + "&run_ids=" + b + "&metric_key=loss&max_results=10", null)
                .get("metrics");

        assertThat(m).hasSize(11);
        assertThat(m.get(0).get("run_id").asText()).isEqualTo(a);
        assertThat(m.get(9).get("step").asLong()).isEqualTo(99);
    }

    @Test
    void experimentTagsCanBeDeleted() {
        ok("POST", "experiments/set-experiment-tag", "{\"experiment_id\": \"0\", \"key\": \"k\", \"value\": \"v\"}");
        ok("POST", "experiments/delete-experiment-tag", "{\"experiment_id\": \"0\", \"key\": \"k\"}");

        assertThat(ok("GET", "experiments/get?experiment_id=0", null).get("experiment").has("tags")).isFalse();
    }

    @Test
    void updatesRunName() {
        String run = newRun();
        JsonNode info = ok("POST", "runs/update", "{\"run_id\": \"" + run + "\", \"run_name\": \"renamed\", \"status\": \"FAILED\", "
                + "\"end_time\": \"1700000001000\"}").get("run_info");

        assertThat(info.get("run_name").asText()).isEqualTo("renamed");
        assertThat(info.get("status").asText()).isEqualTo("FAILED");
        assertThat(ok("GET", "runs/get?run_id=" + run, null).get("run").get("data").get("tags").toString()).contains("renamed");
    }

    @Nested
    class Artifacts {
        @Test
        void uploadsListsDownloadsAndDeletesThroughTheProxy() throws Exception {
            String run = newRun();
            String root = "0/" + run + "/artifacts";
            byte[] big = new byte[3 * 1024 * 1024];
            Arrays.fill(big, (byte) 7);
            put(root + "/model/model.bin", big);
            put(root + "/model/MLmodel", "flavors: {}\n".getBytes());
            put(root + "/notes.txt", "hello".getBytes());

            JsonNode files = ok("GET", "artifacts/list?run_id=" + run, null);
            assertThat(files.get("root_uri").asText()).isEqualTo("mlflow-artifacts:/0/" + run + "/artifacts");
            assertThat(files.get("files")).extracting(f -> f.get("path").asText() + ":" + f.get("is_dir").asBoolean())
                    .containsExactly("model:true", "notes.txt:false");
            JsonNode sub = ok("GET", "artifacts/list?run_id=" + run + "&path=model", null);
            assertThat(sub.get("files")).extracting(f -> f.get("path").asText()).containsExactly("model/MLmodel", "model/model.bin");
            assertThat(sub.get("files").get(1).get("file_size").asLong()).isEqualTo(big.length);

            Http.Response proxyList = Http.send("GET", server.url() + "/api/2.0/mlflow-artifacts/artifacts?path=" + root + "/model", null);
            assertThat(proxyList.json().get("files")).extracting(f -> f.get("path").asText()).containsExactly("MLmodel", "model.bin");

            HttpResponse<byte[]> got = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url()
                    + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/model.bin")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.body()).isEqualTo(big);

            assertThat(Http.send("DELETE", server.url() + "/api/2.0/mlflow-artifacts/artifacts/" + root + "/notes.txt", null).status())
                    .isEqualTo(200);
            assertThat(ok("GET", "artifacts/list?run_id=" + run, null).get("files")).hasSize(1);
        }

        @Test
        void refusesPathsThatLeaveTheRoot() {
            Http.Response r = Http.send("GET", server.url() + "/api/2.0/mlflow-artifacts/artifacts/0/..%2F..%2Fdb/cerulean.mv.db", null);
            assertThat(r.status()).isIn(400, 404);
            assertThat(Http.send("GET", api + "artifacts/list?run_id=" + newRun() + "&path=../../", null).status()).isEqualTo(400);
        }
    }

    @Nested
    class Registry {
        @Test
        void registersAModelFromRunArtifactsWithItsFlavorsAndSignature() throws Exception {
            String run = newRun();
            String root = "0/" + run + "/artifacts/model";
            put(root + "/MLmodel", """
                    artifact_path: model
                    flavors:
                      python_function: {loader_module: mlflow.xgboost, data: model.xgb}
                      xgboost: {xgb_version: 2.0.3, data: model.xgb, model_class: xgboost.sklearn.XGBClassifier}
                    signature:
                      inputs: '[{"type": "double", "name": "age"}]'
                      outputs: '[{"type": "long"}]'
                    """.getBytes());
            put(root + "/model.xgb", new byte[] {1, 2, 3});
            ok("POST", "registered-models/create", "{\"name\": \"income\", \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}");

            JsonNode v = ok("POST", "model-versions/create", "{\"name\": \"income\", \"source\": \"runs:/" + run + "/model\", \"run_id\": \""
                    + run + "\"}").get("model_version");
            assertThat(v.get("version").asText()).isEqualTo("1");
            assertThat(v.get("status").asText()).isEqualTo("READY");

            String uri = ok("GET", "model-versions/get-download-uri?name=income&version=1", null).get("artifact_uri").asText();
            assertThat(uri).isEqualTo("mlflow-artifacts:/models/income/1");
            Http.Response files = Http.send("GET", server.url() + "/api/2.0/mlflow-artifacts/artifacts?path=models/income/1", null);
            assertThat(files.json().get("files")).extracting(f -> f.get("path").asText()).containsExactly("MLmodel", "model.xgb");

            // the registered copy survives the run's artifacts being deleted
            Http.send("DELETE", server.url() + "/api/2.0/mlflow-artifacts/artifacts/" + root, null);
            assertThat(Http.send("GET", server.url() + "/api/2.0/mlflow-artifacts/artifacts/models/income/1/model.xgb", null).status())
                    .isEqualTo(200);

            JsonNode lineage = Http.send("GET", server.url() + "/api/v1/lineage/model/income/1", null).json();
            assertThat(lineage.get("upstream").get(0).get("from").get("name").asText()).isEqualTo(run);
        }

        @Test
        void theFilterMlflow221ClientsAddToRegistrySearchesReturnsTheModelsButNotPrompts() throws Exception {
            ok("POST", "registered-models/create", "{\"name\": \"income\"}");
            ok("POST", "registered-models/create", "{\"name\": \"churn\", \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}");
            ok("POST", "registered-models/create", "{\"name\": \"summarize\", \"tags\": [{\"key\": \"mlflow.prompt.is_prompt\", "
                    + "\"value\": \"true\"}]}");
            ok("POST", "model-versions/create", "{\"name\": \"income\", \"source\": \"s3://b/1\"}");
            String prompts = "tags.`mlflow.prompt.is_prompt` != 'true'";

            JsonNode got = ok("GET", "registered-models/search?filter=" + enc(prompts) + "&max_results=100", null);
            assertThat(got.get("registered_models")).extracting(m -> m.get("name").asText()).containsExactly("churn", "income");
            JsonNode posted = ok("POST", "registered-models/search", Http.JSON.writeValueAsString(
                    Map.of("filter", "name LIKE 'inc%' AND " + prompts, "max_results", 10)));
            assertThat(posted.get("registered_models")).extracting(m -> m.get("name").asText()).containsExactly("income");
            JsonNode versions = ok("GET", "model-versions/search?filter=" + enc("name = 'income' AND " + prompts), null);
            assertThat(versions.get("model_versions")).extracting(v -> v.get("name").asText()).containsExactly("income");
            assertThat(ok("GET", "registered-models/search?filter=" + enc("tags.team != 'ops'"), null).get("registered_models"))
                    .as("any other tag must be present, as in MLflow").extracting(m -> m.get("name").asText()).containsExactly("churn");
        }

        @Test
        void modelsNamedWithDotsSpacesAtSignsAndAccentsRoundTripThroughTheProxyAndTheCli() throws Exception {
            byte[] weights = {1, 2, 3, 4};
            int n = 0;
            for (String name : List.of("fraud.v2", "a b", "x@y", "modèle-ü", "50%+off")) {
                n++;
                String run = newRun();
                String root = "0/" + run + "/artifacts/model";
                put(root + "/MLmodel", "flavors: {}\n".getBytes(StandardCharsets.UTF_8));
                put(root + "/weights/w.bin", weights);
                ok("POST", "registered-models/create", Http.JSON.writeValueAsString(Map.of("name", name)));
                JsonNode v = ok("POST", "model-versions/create", Http.JSON.writeValueAsString(Map.of("name", name, "source",
                        "runs:/" + run + "/model", "run_id", run))).get("model_version");
                assertThat(v.get("name").asText()).isEqualTo(name);

                assertThat(ok("GET", "registered-models/search?filter=" + enc("name = '" + name + "'"), null).get("registered_models"))
                        .extracting(m -> m.get("name").asText()).containsExactly(name);
                String uri = ok("GET", "model-versions/get-download-uri?name=" + enc(name) + "&version=1", null).get("artifact_uri")
                        .asText();
                assertThat(uri).as(name).startsWith("mlflow-artifacts:/models/").endsWith("/1");

                // as MLflow's Python client does: the location's path goes verbatim into a ?path= value (which it
                // encodes) to list, and into the request path to download
                String tail = uri.substring("mlflow-artifacts:/".length());
                JsonNode listing = Http.send("GET", server.url() + "/api/2.0/mlflow-artifacts/artifacts?path=" + enc(tail), null).json();
                assertThat(listing.get("files")).as(name).extracting(f -> f.get("path").asText() + ":" + f.get("is_dir").asBoolean())
                        .containsExactly("MLmodel:false", "weights:true");
                HttpResponse<byte[]> file = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(server.url()
                        + "/api/2.0/mlflow-artifacts/artifacts/" + tail + "/weights/w.bin")).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(file.statusCode()).as(name + ": " + new String(file.body(), StandardCharsets.UTF_8)).isEqualTo(200);
                assertThat(file.body()).isEqualTo(weights);

                Path to = src.resolve("download-" + n);
                CliIT.Result dl = CliIT.cli("--url", server.url(), "model", "download", name + ":1", "--to", to.toString());
                assertThat(dl.code()).as(name + ": " + dl.err()).isZero();
                assertThat(to.resolve("weights/w.bin")).as(name).hasBinaryContent(weights);
                assertThat(to.resolve("MLmodel")).as(name).exists();
            }
        }

        @Test
        void aVersionWhoseSourceHasNoFilesIsCreatedButCannotBeDeployed() throws Exception {
            String run = newRun();
            ok("POST", "registered-models/create", "{\"name\": \"elsewhere\"}");
            JsonNode v = ok("POST", "model-versions/create", "{\"name\": \"elsewhere\", \"source\": \"runs:/" + run + "/model\", "
                    + "\"run_id\": \"" + run + "\"}").get("model_version");
            assertThat(v.get("version").asText()).isEqualTo("1");
            assertThat(v.get("status").asText()).isEqualTo("READY");
            put("0/" + run + "/artifacts/empty/.keep", new byte[0]);
            Http.send("DELETE", server.url() + "/api/2.0/mlflow-artifacts/artifacts/0/" + run + "/artifacts/empty/.keep", null);
            ok("POST", "model-versions/create", "{\"name\": \"elsewhere\", \"source\": \"runs:/" + run + "/empty\"}");
            assertThat(ok("GET", "model-versions/get?name=elsewhere&version=2", null).get("model_version").has("storage_location")).isFalse();

            CliIT.Result show = CliIT.cli("--url", server.url(), "model", "show", "elsewhere:1");
            assertThat(show.code()).as(show.err()).isZero();
            assertThat(show.out()).contains("none in this workspace").contains("cannot be deployed");

            String v1 = server.url() + "/api/v1/";
            assertThat(Http.send("POST", v1 + "online-endpoints", "{\"name\": \"ep\", \"auth_mode\": \"key\"}").status()).isEqualTo(201);
            Http.Response online = Http.send("POST", v1 + "online-endpoints/ep/deployments", "{\"name\": \"blue\", "
                    + "\"model\": \"azureml:elsewhere:1\"}");
            assertThat(online.status()).as(online.body()).isEqualTo(400);
            assertThat(online.json().get("error").get("target").asText()).isEqualTo("model");
            assertThat(online.json().get("error").get("message").asText()).contains("model 'elsewhere:1'").contains("has no files")
                    .contains("runs:/" + run + "/model");
            Http.Response endpoint = Http.send("GET", v1 + "online-endpoints/ep", null);
            assertThat(endpoint.status()).isEqualTo(200);
            assertThat(endpoint.json().get("name").asText()).isEqualTo("ep");
            assertThat(Http.send("GET", v1 + "online-endpoints/ep/deployments", null).json().get("items")).isEmpty();

            assertThat(Http.send("POST", v1 + "batch-endpoints", "{\"name\": \"nightly\"}").status()).isEqualTo(201);
            Http.Response batch = Http.send("POST", v1 + "batch-endpoints/nightly/deployments", "{\"name\": \"b\", "
                    + "\"model\": \"azureml:elsewhere:2\", \"compute\": \"azureml:cpu\"}");
            assertThat(batch.status()).as(batch.body()).isEqualTo(400);
            assertThat(batch.json().get("error").get("message").asText()).contains("model 'elsewhere:2'").contains("has no files");
        }

        @Test
        void aVersionWithoutAnMlmodelCannotBeDeployed() throws Exception {
            String run = newRun();
            put("0/" + run + "/artifacts/model/weights.bin", new byte[] {1});
            ok("POST", "registered-models/create", "{\"name\": \"raw\"}");
            ok("POST", "model-versions/create", "{\"name\": \"raw\", \"source\": \"runs:/" + run + "/model\"}");

            String v1 = server.url() + "/api/v1/";
            Http.send("POST", v1 + "online-endpoints", "{\"name\": \"ep\", \"auth_mode\": \"key\"}");
            Http.Response online = Http.send("POST", v1 + "online-endpoints/ep/deployments", "{\"name\": \"blue\", \"model\": \"azureml:raw:1\"}");
            assertThat(online.status()).as(online.body()).isEqualTo(400);
            assertThat(online.json().get("error").get("message").asText()).contains("model 'raw:1'").contains("no MLmodel file");
            assertThat(Http.send("GET", v1 + "online-endpoints/ep", null).status()).isEqualTo(200);
        }

        @Test
        void aliasesTagsRenameUpdateDeleteAndSearch() {
            ok("POST", "registered-models/create", "{\"name\": \"m\"}");
            ok("POST", "model-versions/create", "{\"name\": \"m\", \"source\": \"s3://b/1\"}");
            ok("POST", "model-versions/create", "{\"name\": \"m\", \"source\": \"s3://b/2\"}");
            ok("POST", "registered-models/alias", "{\"name\": \"m\", \"alias\": \"champion\", \"version\": \"2\"}");
            assertThat(ok("GET", "registered-models/alias?name=m&alias=champion", null).get("model_version").get("version").asText())
                    .isEqualTo("2");
            assertThat(ok("GET", "registered-models/get?name=m", null).get("registered_model").get("aliases").get(0).get("alias").asText())
                    .isEqualTo("champion");
            error("POST", "registered-models/alias", "{\"name\": \"m\", \"alias\": \"latest\", \"version\": \"1\"}", 400,
                    "INVALID_PARAMETER_VALUE");

            ok("POST", "registered-models/set-tag", "{\"name\": \"m\", \"key\": \"k\", \"value\": \"v\"}");
            ok("POST", "model-versions/set-tag", "{\"name\": \"m\", \"version\": \"1\", \"key\": \"k\", \"value\": \"v\"}");
            assertThat(ok("GET", "model-versions/search?filter=" + enc("tags.k = 'v'"), null).get("model_versions")).hasSize(1);
            ok("DELETE", "model-versions/delete-tag", "{\"name\": \"m\", \"version\": \"1\", \"key\": \"k\"}");
            ok("DELETE", "registered-models/delete-tag", "{\"name\": \"m\", \"key\": \"k\"}");
            ok("PATCH", "model-versions/update", "{\"name\": \"m\", \"version\": \"1\", \"description\": \"first\"}");
            ok("PATCH", "registered-models/update", "{\"name\": \"m\", \"description\": \"desc\"}");

            JsonNode renamed = ok("POST", "registered-models/rename", "{\"name\": \"m\", \"new_name\": \"m2\"}").get("registered_model");
            assertThat(renamed.get("name").asText()).isEqualTo("m2");
            assertThat(ok("GET", "model-versions/get?name=m2&version=1", null).get("model_version").get("description").asText())
                    .isEqualTo("first");
            assertThat(ok("GET", "registered-models/search?filter=" + enc("name LIKE 'm%'"), null).get("registered_models")).hasSize(1);

            ok("DELETE", "model-versions/delete", "{\"name\": \"m2\", \"version\": \"2\"}");
            error("GET", "registered-models/alias?name=m2&alias=champion", null, 404, "RESOURCE_DOES_NOT_EXIST");
            JsonNode v3 = ok("POST", "model-versions/create", "{\"name\": \"m2\", \"source\": \"s3://b/3\"}").get("model_version");
            assertThat(v3.get("version").asText()).isEqualTo("3");
            ok("DELETE", "registered-models/delete", "{\"name\": \"m2\"}");
            error("GET", "registered-models/get?name=m2", null, 404, "RESOURCE_DOES_NOT_EXIST");
            error("POST", "registered-models/create", "{\"name\": \"\"}", 400, "INVALID_PARAMETER_VALUE");
        }
    }

    @Test
    void linksDatasetInputsToRegisteredDataAssets() throws IOException {
        Path csv = src.resolve("t.csv");
        Files.writeString(csv, "x\n1\n");
        JsonNode asset = new dev.cerulean.client.CeruleanClient(URI.create(server.url()), "alice").createData(
                dev.cerulean.core.ApiJson.create().createObjectNode().put("name", "t").put("type", "uri_file").put("path", csv.toString()),
                false).json();
        String run = newRun();

        ok("POST", "runs/log-inputs", "{\"run_id\": \"" + run + "\", \"datasets\": [{\"tags\": [{\"key\": \"mlflow.data.context\", "
                + "\"value\": \"train\"}], \"dataset\": {\"name\": \"t\", \"digest\": \"" + asset.get("content_hash").asText().substring(7, 15)
                + "\", \"source_type\": \"local\", \"source\": \"{\\\"uri\\\": \\\"" + csv + "\\\"}\"}}]}");

        JsonNode r = ok("GET", "runs/get?run_id=" + run, null).get("run");
        assertThat(r.get("inputs").get("dataset_inputs").get(0).get("dataset").get("name").asText()).isEqualTo("t");
        JsonNode search = ok("POST", "runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"datasets.context = 'train'\"}");
        assertThat(search.get("runs")).hasSize(1);
        JsonNode lineage = Http.send("GET", server.url() + "/api/v1/lineage/data/t/1", null).json();
        assertThat(lineage.get("downstream").get(0).get("to").get("name").asText()).isEqualTo(run);
    }

    @Nested
    class Errors {
        @Test
        void malformedJsonIsMalformedRequest() {
            error("POST", "runs/create", "{\"experiment_id\": ", 400, "MALFORMED_REQUEST");
        }

        @Test
        void wrongTypesAreInvalidParameterValue() {
            String run = newRun();
            JsonNode e = error("POST", "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"a\", \"value\": \"abc\", \"timestamp\": 1}",
                    400, "INVALID_PARAMETER_VALUE");
            assertThat(e.get("message").asText()).contains("'value'");
            error("POST", "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"a\", \"value\": 1, \"timestamp\": [1]}", 400,
                    "INVALID_PARAMETER_VALUE");
            error("POST", "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"../x\", \"value\": 1, \"timestamp\": 1}", 400,
                    "INVALID_PARAMETER_VALUE");
        }

        @Test
        void oversizedBatchesUseMlflowsMessages() {
            String run = newRun();
            StringBuilder b = new StringBuilder("{\"run_id\": \"" + run + "\", \"metrics\": [");
            for (int i = 0; i < 1001; i++) {
                b.append(i == 0 ? "" : ",").append("{\"key\": \"m\", \"value\": 1, \"timestamp\": 1, \"step\": ").append(i).append('}');
            }
            JsonNode e = error("POST", "runs/log-batch", b.append("]}").toString(), 400, "INVALID_PARAMETER_VALUE");
            assertThat(e.get("message").asText()).isEqualTo("A batch logging request can contain at most 1000 metrics. Got 1001 metrics. "
                    + "Please split up metrics across multiple requests and try again.");
            StringBuilder p = new StringBuilder("{\"run_id\": \"" + run + "\", \"params\": [");
            for (int i = 0; i < 101; i++) {
                p.append(i == 0 ? "" : ",").append("{\"key\": \"p").append(i).append("\", \"value\": \"1\"}");
            }
            assertThat(error("POST", "runs/log-batch", p.append("]}").toString(), 400, "INVALID_PARAMETER_VALUE").get("message").asText())
                    .contains("at most 100 params");
            assertThat(ok("GET", "runs/get?run_id=" + run, null).get("run").get("data").has("metrics")).isFalse();
        }

        @Test
        void unknownRunsAreResourceDoesNotExist() {
            error("GET", "runs/get?run_id=0123456789abcdef0123456789abcdef", null, 404, "RESOURCE_DOES_NOT_EXIST");
            error("POST", "runs/log-metric", "{\"run_id\": \"0123456789abcdef0123456789abcdef\", \"key\": \"a\", \"value\": 1, "
                    + "\"timestamp\": 1}", 404, "RESOURCE_DOES_NOT_EXIST");
        }

        @Test
        void badFiltersAndTokensAreInvalidParameterValue() {
            error("POST", "runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"metrics.rmse < 'x'\"}", 400, "INVALID_PARAMETER_VALUE");
            error("POST", "runs/search", "{\"experiment_ids\": [\"0\"], \"filter\": \"foo = 1\"}", 400, "INVALID_PARAMETER_VALUE");
            error("POST", "runs/search", "{\"experiment_ids\": [\"0\"], \"page_token\": \"%%%\"}", 400, "INVALID_PARAMETER_VALUE");
            error("POST", "runs/search", "{\"experiment_ids\": [\"0\"], \"max_results\": 50001}", 400, "INVALID_PARAMETER_VALUE");
        }

        @Test
        void loggingToADeletedRunIsInvalidState() {
            String run = newRun();
            ok("POST", "runs/delete", "{\"run_id\": \"" + run + "\"}");
            error("POST", "runs/set-tag", "{\"run_id\": \"" + run + "\", \"key\": \"a\", \"value\": \"b\"}", 400, "INVALID_STATE");
        }

        @Test
        void unknownEndpointsAreEndpointNotFound() {
            error("GET", "nothing/here", null, 404, "ENDPOINT_NOT_FOUND");
        }
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
