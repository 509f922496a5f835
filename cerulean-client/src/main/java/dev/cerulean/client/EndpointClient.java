package dev.cerulean.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Online and batch endpoints over a {@link CeruleanClient}: {@code /api/v1/online-endpoints},
 * {@code /api/v1/batch-endpoints} and scoring at {@code /endpoints/{name}/score}. Answers are JSON
 * trees in the server's field names; errors are thrown as {@link dev.cerulean.core.CeruleanException}.
 */
public final class EndpointClient {
    private static final String ONLINE = "/api/v1/online-endpoints";
    private static final String BATCH = "/api/v1/batch-endpoints";

    private final CeruleanClient client;

    public EndpointClient(CeruleanClient client) {
        this.client = client;
    }

    private static String seg(String s) {
        return CeruleanClient.enc(s);
    }

    // --- online ---------------------------------------------------------------------------------

    public JsonNode createOnline(ObjectNode spec) {
        return client.post(ONLINE, spec, Map.of());
    }

    public JsonNode online(String name) {
        return client.get(ONLINE + "/" + seg(name));
    }

    public JsonNode onlineList() {
        return client.get(ONLINE);
    }

    /** Changes traffic, mirror traffic, description or tags (null leaves a field as it is). */
    public JsonNode updateOnline(String name, Map<String, Integer> traffic, Map<String, Integer> mirror, String description) {
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
        return client.patch(ONLINE + "/" + seg(name), body);
    }

    public JsonNode deleteOnline(String name) {
        return client.delete(ONLINE + "/" + seg(name));
    }

    /** {@code {"primary_key", "secondary_key"}}. */
    public JsonNode keys(String name) {
        return client.get(ONLINE + "/" + seg(name) + "/keys");
    }

    public JsonNode regenerateKey(String name, String keyType) {
        return client.post(ONLINE + "/" + seg(name) + "/keys/regenerate", Map.of("key_type", keyType), Map.of());
    }

    public JsonNode createDeployment(String endpoint, ObjectNode spec) {
        return client.post(ONLINE + "/" + seg(endpoint) + "/deployments", spec, Map.of());
    }

    public JsonNode deployment(String endpoint, String name) {
        return client.get(ONLINE + "/" + seg(endpoint) + "/deployments/" + seg(name));
    }

    public JsonNode deployments(String endpoint) {
        return client.get(ONLINE + "/" + seg(endpoint) + "/deployments");
    }

    public JsonNode deleteDeployment(String endpoint, String name) {
        return client.delete(ONLINE + "/" + seg(endpoint) + "/deployments/" + seg(name));
    }

    public JsonNode logs(String endpoint, String name, int lines) {
        return client.get(ONLINE + "/" + seg(endpoint) + "/deployments/" + seg(name) + "/logs", Map.of("lines", Integer.toString(lines)));
    }

    /**
     * Scores a request body at {@code /endpoints/{name}/score} with the endpoint's key.
     *
     * @param deployment the deployment to send it to, or null to route by traffic
     */
    public JsonNode score(String endpoint, String key, String deployment, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + key);
        headers.put("azureml-model-deployment", deployment);
        return client.postBytes("/endpoints/" + seg(endpoint) + "/score", body, "application/json", headers);
    }

    /** Scores an MLflow {@code /invocations} body ({@code dataframe_split}, {@code dataframe_records}, ...) with the endpoint's key. */
    public JsonNode invocations(String endpoint, String key, byte[] body) {
        return client.postBytes("/endpoints/" + seg(endpoint) + "/invocations", body, "application/json",
                Map.of("Authorization", "Bearer " + key));
    }

    /** Scores an Open Inference Protocol v2 request at {@code /v2/models/{endpoint}/infer} with the endpoint's key. */
    public JsonNode infer(String endpoint, String key, byte[] body) {
        return client.postBytes("/v2/models/" + seg(endpoint) + "/infer", body, "application/json", Map.of("Authorization", "Bearer " + key));
    }

    // --- batch ----------------------------------------------------------------------------------

    public JsonNode createBatch(ObjectNode spec) {
        return client.post(BATCH, spec, Map.of());
    }

    public JsonNode batch(String name) {
        return client.get(BATCH + "/" + seg(name));
    }

    public JsonNode batchList() {
        return client.get(BATCH);
    }

    public JsonNode setDefaultDeployment(String name, String deployment) {
        return client.patch(BATCH + "/" + seg(name), Map.of("defaults", Map.of("deployment_name", deployment)));
    }

    public JsonNode deleteBatch(String name) {
        return client.delete(BATCH + "/" + seg(name));
    }

    public JsonNode createBatchDeployment(String endpoint, ObjectNode spec, boolean setDefault) {
        return client.post(BATCH + "/" + seg(endpoint) + "/deployments", spec, setDefault ? Map.of("set_default", "true") : Map.of());
    }

    public JsonNode batchDeployment(String endpoint, String name) {
        return client.get(BATCH + "/" + seg(endpoint) + "/deployments/" + seg(name));
    }

    public JsonNode batchDeployments(String endpoint) {
        return client.get(BATCH + "/" + seg(endpoint) + "/deployments");
    }

    public JsonNode deleteBatchDeployment(String endpoint, String name) {
        return client.delete(BATCH + "/" + seg(endpoint) + "/deployments/" + seg(name));
    }

    /** Starts a batch job; null arguments are left out. */
    public JsonNode invoke(String endpoint, String input, String deployment, String outputName, String idColumn) {
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
        return client.post(BATCH + "/" + seg(endpoint) + "/jobs", body, Map.of());
    }

    public JsonNode job(String endpoint, String id) {
        return client.get(BATCH + "/" + seg(endpoint) + "/jobs/" + seg(id));
    }

    public JsonNode jobs(String endpoint) {
        return client.get(BATCH + "/" + seg(endpoint) + "/jobs");
    }

    public JsonNode cancelJob(String endpoint, String id) {
        return client.post(BATCH + "/" + seg(endpoint) + "/jobs/" + seg(id) + "/cancel", Map.of(), Map.of());
    }
}
