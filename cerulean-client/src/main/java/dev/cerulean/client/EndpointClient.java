package dev.cerulean.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.BatchEndpoint;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.core.endpoint.OnlineEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online and batch endpoints: {@code /api/v1/online-endpoints}, {@code /api/v1/batch-endpoints}
 * and scoring at {@code /endpoints/{name}/score}. Answers are core's endpoint records (with the
 * client's records around those the server adds to); errors are thrown as
 * {@link dev.cerulean.core.CeruleanException}. Scoring answers are the model's output in the
 * protocol's shape, so they stay JSON trees.
 */
public final class EndpointClient {
    private static final String ONLINE = "/api/v1/online-endpoints";
    private static final String BATCH = "/api/v1/batch-endpoints";

    private final Http http;
    private final ApiMapping api;

    EndpointClient(Http http, ApiMapping api) {
        this.http = http;
        this.api = api;
    }

    private static String seg(String s) {
        return Http.enc(s);
    }

    private static String onlinePath(String name) {
        return ONLINE + "/" + seg(name);
    }

    private static String batchPath(String name) {
        return BATCH + "/" + seg(name);
    }

    // --- online ---------------------------------------------------------------------------------

    public Typed<OnlineEndpointDetail> createOnline(ObjectNode spec) {
        return onlineEndpoint(http.post(ONLINE, spec));
    }

    public Typed<OnlineEndpointDetail> online(String name) {
        return onlineEndpoint(http.get(onlinePath(name)));
    }

    public Typed<List<OnlineEndpointDetail>> onlineList() {
        JsonNode page = http.get(ONLINE);
        return new Typed<>(each(page, n -> onlineEndpoint(n).value()), page);
    }

    /** Changes traffic, mirror traffic or description (null leaves a field as it is). */
    public Typed<OnlineEndpointDetail> updateOnline(String name, Map<String, Integer> traffic, Map<String, Integer> mirror,
            String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (traffic != null) {
            body.put("traffic", traffic);
        }
        if (mirror != null) {
            body.put("mirror_traffic", mirror);
        }
        if (description != null) {
            body.put("description", description);
        }
        return onlineEndpoint(http.patch(onlinePath(name), body));
    }

    public Typed<Deleted> deleteOnline(String name) {
        return api.one(http.delete(onlinePath(name)), Deleted.class);
    }

    public Typed<EndpointKeys> keys(String name) {
        return api.one(http.get(onlinePath(name) + "/keys"), EndpointKeys.class);
    }

    /** @param keyType {@code primary} or {@code secondary} */
    public Typed<EndpointKeys> regenerateKey(String name, String keyType) {
        return api.one(http.post(onlinePath(name) + "/keys/regenerate", Map.of("key_type", keyType)), EndpointKeys.class);
    }

    public Typed<OnlineDeploymentDetail> createDeployment(String endpoint, ObjectNode spec) {
        return onlineDeployment(http.post(onlinePath(endpoint) + "/deployments", spec));
    }

    public Typed<OnlineDeploymentDetail> deployment(String endpoint, String name) {
        return onlineDeployment(http.get(onlinePath(endpoint) + "/deployments/" + seg(name)));
    }

    public Typed<List<OnlineDeploymentDetail>> deployments(String endpoint) {
        JsonNode page = http.get(onlinePath(endpoint) + "/deployments");
        return new Typed<>(each(page, n -> onlineDeployment(n).value()), page);
    }

    public Typed<Deleted> deleteDeployment(String endpoint, String name) {
        return api.one(http.delete(onlinePath(endpoint) + "/deployments/" + seg(name)), Deleted.class);
    }

    /** The deployment's last log lines. */
    public Typed<List<String>> logs(String endpoint, String name, int lines) {
        JsonNode n = http.get(onlinePath(endpoint) + "/deployments/" + seg(name) + "/logs", Map.of("lines", Integer.toString(lines)));
        return new Typed<>(api.strings(n.path("lines")), n);
    }

    /**
     * Scores a request body at {@code /endpoints/{name}/score} with the endpoint's key.
     *
     * @param deployment the deployment to send it to, or null to route by traffic
     * @return the model's answer, as Azure ML's protocol shapes it
     */
    public JsonNode score(String endpoint, String key, String deployment, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + key);
        headers.put("azureml-model-deployment", deployment);
        return http.postBytes("/endpoints/" + seg(endpoint) + "/score", body, "application/json", headers);
    }

    /** Scores an MLflow {@code /invocations} body ({@code dataframe_split}, {@code dataframe_records}, ...) with the endpoint's key. */
    public JsonNode invocations(String endpoint, String key, byte[] body) {
        return http.postBytes("/endpoints/" + seg(endpoint) + "/invocations", body, "application/json", Map.of("Authorization", "Bearer " + key));
    }

    /** Scores an Open Inference Protocol v2 request at {@code /v2/models/{endpoint}/infer} with the endpoint's key. */
    public JsonNode infer(String endpoint, String key, byte[] body) {
        return http.postBytes("/v2/models/" + seg(endpoint) + "/infer", body, "application/json", Map.of("Authorization", "Bearer " + key));
    }

    // --- batch ----------------------------------------------------------------------------------

    public Typed<BatchEndpoint> createBatch(ObjectNode spec) {
        return api.one(http.post(BATCH, spec), BatchEndpoint.class);
    }

    public Typed<BatchEndpoint> batch(String name) {
        return api.one(http.get(batchPath(name)), BatchEndpoint.class);
    }

    public Typed<List<BatchEndpoint>> batchList() {
        return api.items(http.get(BATCH), BatchEndpoint.class);
    }

    public Typed<BatchEndpoint> setDefaultDeployment(String name, String deployment) {
        return api.one(http.patch(batchPath(name), Map.of("defaults", Map.of("deployment_name", deployment))), BatchEndpoint.class);
    }

    public Typed<Deleted> deleteBatch(String name) {
        return api.one(http.delete(batchPath(name)), Deleted.class);
    }

    /** @param setDefault make it the endpoint's default deployment */
    public Typed<BatchDeployment> createBatchDeployment(String endpoint, ObjectNode spec, boolean setDefault) {
        return api.one(http.post(batchPath(endpoint) + "/deployments", spec, setDefault ? Map.of("set_default", "true") : Map.of()),
                BatchDeployment.class);
    }

    public Typed<BatchDeployment> batchDeployment(String endpoint, String name) {
        return api.one(http.get(batchPath(endpoint) + "/deployments/" + seg(name)), BatchDeployment.class);
    }

    public Typed<List<BatchDeployment>> batchDeployments(String endpoint) {
        return api.items(http.get(batchPath(endpoint) + "/deployments"), BatchDeployment.class);
    }

    public Typed<Deleted> deleteBatchDeployment(String endpoint, String name) {
        return api.one(http.delete(batchPath(endpoint) + "/deployments/" + seg(name)), Deleted.class);
    }

    /**
     * Starts a batch job.
     *
     * @param input      the data asset version to score, {@code name:version}
     * @param deployment the deployment, or null for the endpoint's default
     * @param outputName the data asset to register the output as, or null
     * @param idColumn   the input column that identifies rows, or null
     */
    public Typed<BatchJob> invoke(String endpoint, String input, String deployment, String outputName, String idColumn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", input);
        if (deployment != null) {
            body.put("deployment_name", deployment);
        }
        if (outputName != null) {
            body.put("output_name", outputName);
        }
        if (idColumn != null) {
            body.put("id_column", idColumn);
        }
        return api.one(http.post(batchPath(endpoint) + "/jobs", body), BatchJob.class);
    }

    public Typed<BatchJob> job(String endpoint, String id) {
        return api.one(http.get(batchPath(endpoint) + "/jobs/" + seg(id)), BatchJob.class);
    }

    public Typed<List<BatchJob>> jobs(String endpoint) {
        return api.items(http.get(batchPath(endpoint) + "/jobs"), BatchJob.class);
    }

    public Typed<BatchJob> cancelJob(String endpoint, String id) {
        return api.one(http.post(batchPath(endpoint) + "/jobs/" + seg(id) + "/cancel", Map.of()), BatchJob.class);
    }

    // --- mapping --------------------------------------------------------------------------------

    /** The endpoint, and the scoring URIs the server adds beside its fields. */
    private Typed<OnlineEndpointDetail> onlineEndpoint(JsonNode n) {
        return new Typed<>(new OnlineEndpointDetail(api.read(n, OnlineEndpoint.class), n.path("scoring_uri").asText(),
                n.path("invocations_uri").asText(), n.path("inference_uri").asText()), n);
    }

    /** The deployment's settings, and the state and counts the server adds beside them. */
    private Typed<OnlineDeploymentDetail> onlineDeployment(JsonNode n) {
        Map<Integer, Long> requests = new LinkedHashMap<>();
        n.path("requests").fields().forEachRemaining(e -> requests.put(Integer.valueOf(e.getKey()), e.getValue().asLong()));
        return new Typed<>(new OnlineDeploymentDetail(api.read(n, OnlineDeployment.class), n.path("provisioning_state").asText(),
                api.read(n.path("status"), DeploymentState.class), requests), n);
    }

    private static <T> List<T> each(JsonNode page, java.util.function.Function<JsonNode, T> read) {
        List<T> out = new ArrayList<>();
        page.path("items").forEach(n -> out.add(read.apply(n)));
        return List.copyOf(out);
    }
}
