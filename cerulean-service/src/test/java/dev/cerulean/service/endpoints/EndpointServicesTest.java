package dev.cerulean.service.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineEndpoint;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.WorkspaceConfig;
import dev.cerulean.store.MetadataStore;
import dev.cerulean.store.jdbc.JdbcMetadataStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoint rules that need no model: names, traffic checks, keys, and what a reopened workspace does with leftovers. */
class EndpointServicesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Principal ALICE = new Principal("alice");

    @TempDir
    Path dir;

    static ObjectNode spec(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void endpointNamesAreSharedByOnlineAndBatchEndpointsAndKeysRotate() throws Exception {
        try (Workspace ws = Workspace.open(WorkspaceConfig.at(dir))) {
            OnlineEndpoint e = ws.endpoints().create(ALICE, spec("{\"name\": \"ep\", \"tags\": {\"team\": \"risk\"}}"));
            assertThat(e.authMode()).isEqualTo("key");
            assertThat(e.tags()).containsEntry("team", "risk");
            assertThatThrownBy(() -> ws.batchEndpoints().create(ALICE, spec("{\"name\": \"ep\"}"))).isInstanceOf(AlreadyExistsException.class)
                    .hasMessageContaining("shared by online and batch");
            assertThatThrownBy(() -> ws.endpoints().create(ALICE, spec("{\"name\": \"ep\"}"))).isInstanceOf(AlreadyExistsException.class);

            EndpointKeys keys = ws.endpoints().keys(ALICE, "ep");
            EndpointKeys next = ws.endpoints().regenerateKeys(ALICE, "ep", EndpointKeys.KeyType.SECONDARY);
            assertThat(next.primaryKey()).isEqualTo(keys.primaryKey());
            assertThat(next.secondaryKey()).isNotEqualTo(keys.secondaryKey());
            assertThat(ws.auditEvents("alice", "online_endpoint.", 10)).extracting(a -> a.action())
                    .contains("online_endpoint.create", "online_endpoint.get_credentials", "online_endpoint.regenerate_keys");
        }
    }

    @Test
    void trafficMustNameDeploymentsAndNothingChangesWhenItDoesNot() throws Exception {
        try (Workspace ws = Workspace.open(WorkspaceConfig.at(dir))) {
            ws.endpoints().create(ALICE, spec("{\"name\": \"ep\"}"));

            assertThatThrownBy(() -> ws.endpoints().update(ALICE, "ep", new OnlineEndpointService.Update(Map.of("blue", 100), null, null, null)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("no deployment 'blue'")
                    .hasMessageContaining("none yet");
            assertThatThrownBy(() -> ws.endpoints().update(ALICE, "ep", new OnlineEndpointService.Update(Map.of("blue", 101), null, null, null)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("0 to 100");
            assertThat(ws.endpoints().get("ep").traffic()).isEmpty();
            OnlineEndpoint described = ws.endpoints().update(ALICE, "ep", new OnlineEndpointService.Update(Map.of(), Map.of(), "now", null));
            assertThat(described.description()).isEqualTo("now");
            assertThatThrownBy(() -> ws.endpoints().createDeployment(ALICE, "ep", spec("{\"name\": \"blue\", \"model\": \"azureml:nope:1\"}")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("model 'nope:1' cannot be deployed");
            assertThat(ws.endpoints().deployments("ep")).isEmpty();
        }
    }

    @Test
    void aReopenedWorkspaceServesItsEndpointsAndFailsJobsThatWereRunning() throws Exception {
        try (Workspace ws = Workspace.open(WorkspaceConfig.at(dir))) {
            ws.endpoints().create(ALICE, spec("{\"name\": \"kept\"}"));
            ws.batchEndpoints().create(ALICE, spec("{\"name\": \"scorer\"}"));
        }
        WorkspaceConfig config = WorkspaceConfig.at(dir);
        try (MetadataStore store = JdbcMetadataStore.open(config.dbUrl())) {
            store.endpoints().insertBatchJob(new BatchJob("batch-1", "scorer", "d", "adult:1", "scorer-predictions", BatchJob.Status.RUNNING,
                    1000, 400, 0, 10, 4, 0, null, null, Instant.EPOCH, "alice", Instant.EPOCH, null));
        }

        try (Workspace ws = Workspace.open(config)) {
            BatchJob j = ws.batchEndpoints().job("scorer", "batch-1");
            assertThat(j.status()).isEqualTo(BatchJob.Status.FAILED);
            assertThat(j.error()).contains("the server stopped while the job was running");
            assertThat(j.finishedAt()).isNotNull();
            assertThat(ws.endpoints().scoring().exists("kept")).isTrue();
            EndpointKeys keys = ws.endpoints().keys(ALICE, "kept");
            assertThat(ws.endpoints().scoring().describe("kept", "Bearer " + keys.primaryKey(), null).deployments()).isEmpty();
        }
    }
}
