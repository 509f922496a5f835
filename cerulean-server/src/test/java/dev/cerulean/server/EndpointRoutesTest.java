package dev.cerulean.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an endpoint change may touch is the endpoint service's rule; the route passes the body on. */
class EndpointRoutesTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void createEndpoint() {
        assertThat(server.post("/api/v1/online-endpoints", "{\"name\": \"ep\", \"description\": \"first\"}").status()).isEqualTo(201);
    }

    static JsonNode error(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        return r.json().get("error");
    }

    @Test
    void onlyTrafficMirrorDescriptionAndTagsChange() {
        JsonNode e = error(server.send("PATCH", "/api/v1/online-endpoints/ep", "{\"auth_mode\": \"aml_token\"}"));
        assertThat(e.get("message").asText()).isEqualTo("'auth_mode' cannot be changed: an endpoint's traffic, mirror_traffic, description "
                + "and tags can");
        assertThat(e.get("target").asText()).isEqualTo("auth_mode");
        JsonNode changed = server.send("PATCH", "/api/v1/online-endpoints/ep", "{\"description\": \"second\", \"tags\": {\"t\": 1}}").json();
        assertThat(changed.get("description").asText()).isEqualTo("second");
        assertThat(changed.get("tags").toString()).isEqualTo("{\"t\":\"1\"}");
        assertThat(changed.get("scoring_uri").asText()).isEqualTo(server.url + "/endpoints/ep/score");
    }

    @Test
    void trafficIsAnObjectOfWholePercentages() {
        assertThat(error(server.send("PATCH", "/api/v1/online-endpoints/ep", "{\"traffic\": [1]}")).get("message").asText())
                .isEqualTo("'traffic' must be an object of deployment names to percentages, like {\"blue\": 90, \"green\": 10}");
        assertThat(error(server.send("PATCH", "/api/v1/online-endpoints/ep", "{\"traffic\": {\"blue\": \"x\"}}")).get("message").asText())
                .isEqualTo("'traffic.blue' must be a whole percentage from 0 to 100, got \"x\"");
        assertThat(error(server.send("PATCH", "/api/v1/online-endpoints/ep", "{\"mirror_traffic\": {\"blue\": 10}}")).get("target")
                .asText()).isEqualTo("mirror_traffic");
        assertThat(error(server.send("PATCH", "/api/v1/online-endpoints/ep", "{\"tags\": 3}")).get("message").asText())
                .isEqualTo("'tags' must be an object of names to strings");
    }

    @Test
    void aBatchInvocationNamesAnUnknownField() {
        assertThat(server.post("/api/v1/batch-endpoints", "{\"name\": \"be\"}").status()).isEqualTo(201);
        JsonNode e = error(server.post("/api/v1/batch-endpoints/be/jobs", "{\"inputs\": \"d:1\"}"));
        assertThat(e.get("message").asText()).isEqualTo("unknown field 'inputs': an invocation has input, deployment_name, output_name and "
                + "id_column");
        assertThat(e.get("target").asText()).isEqualTo("inputs");
    }
}
