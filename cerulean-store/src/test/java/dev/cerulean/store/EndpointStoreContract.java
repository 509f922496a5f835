package dev.cerulean.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.BatchEndpoint;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.endpoint.BatchSettings;
import dev.cerulean.core.endpoint.DataCollectorSettings;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.core.endpoint.OnlineEndpoint;
import dev.cerulean.core.endpoint.ProbeSettings;
import dev.cerulean.core.endpoint.RequestSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The behaviour of {@link EndpointStore} on every database; subclassed once per database. */
public abstract class EndpointStoreContract {
    protected MetadataStore store;

    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    EndpointStore endpoints() {
        return store.endpoints();
    }

    static OnlineEndpoint endpoint(String name) {
        return new OnlineEndpoint(name, "key", "scores income", Map.of("team", "risk"), Map.of(), Map.of(), T0, "alice", T0);
    }

    static OnlineDeployment deployment(String endpoint, String name, DataCollectorSettings collector) {
        return new OnlineDeployment(endpoint, name, "", Map.of("v", "1"), "adult", 3, 2, new RequestSettings(4, 3000, 100),
                ProbeSettings.LIVENESS_DEFAULT, new ProbeSettings(1, 2, 3, 4, 5), Map.of("MODE", "prod"), collector, T0, "bob");
    }

    @Nested
    class Online {
        @Test
        void roundTripsAnEndpointWithItsKeys() {
            EndpointKeys keys = EndpointKeys.generate();
            endpoints().insertOnlineEndpoint(endpoint("ep"), keys);

            assertThat(endpoints().onlineEndpoint("ep")).contains(endpoint("ep"));
            assertThat(endpoints().keys("ep")).contains(keys);
            assertThat(endpoints().onlineEndpoint("nope")).isEmpty();
        }

        @Test
        void refusesADuplicateName() {
            endpoints().insertOnlineEndpoint(endpoint("ep"), EndpointKeys.generate());

            assertThatThrownBy(() -> endpoints().insertOnlineEndpoint(endpoint("ep"), EndpointKeys.generate()))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("'ep'");
        }

        @Test
        void updatesTrafficAndKeys() {
            endpoints().insertOnlineEndpoint(endpoint("ep"), EndpointKeys.generate());
            OnlineEndpoint changed = endpoint("ep").withTraffic(Map.of("blue", 90, "green", 10), Map.of("red", 20), T0.plusSeconds(5));
            endpoints().updateOnlineEndpoint(changed);
            EndpointKeys keys = EndpointKeys.generate();
            endpoints().updateKeys("ep", keys);

            OnlineEndpoint back = endpoints().onlineEndpoint("ep").orElseThrow();
            assertThat(back.traffic()).containsExactly(Map.entry("blue", 90), Map.entry("green", 10));
            assertThat(back.mirrorTraffic()).containsExactly(Map.entry("red", 20));
            assertThat(back.updatedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(endpoints().keys("ep")).contains(keys);
        }

        @Test
        void roundTripsADeploymentWithEverySetting() {
            endpoints().insertOnlineEndpoint(endpoint("ep"), EndpointKeys.generate());
            DataCollectorSettings collector = new DataCollectorSettings(0.25, DataCollectorSettings.RollingRate.MINUTE,
                    List.of(new DataCollectorSettings.Collection("model_inputs", "ep-blue-inputs")));
            OnlineDeployment d = deployment("ep", "blue", collector);
            endpoints().insertOnlineDeployment(d);
            endpoints().insertOnlineDeployment(deployment("ep", "green", null));

            assertThat(endpoints().onlineDeployment("ep", "blue")).contains(d);
            assertThat(endpoints().onlineDeployment("ep", "green").orElseThrow().dataCollector()).isNull();
            assertThat(endpoints().onlineDeployments("ep")).extracting(OnlineDeployment::name).containsExactly("blue", "green");
            assertThatThrownBy(() -> endpoints().insertOnlineDeployment(d)).isInstanceOf(AlreadyExistsException.class);
        }

        @Test
        void deletingAnEndpointDeletesItsDeployments() {
            endpoints().insertOnlineEndpoint(endpoint("ep"), EndpointKeys.generate());
            endpoints().insertOnlineDeployment(deployment("ep", "blue", null));

            assertThat(endpoints().deleteOnlineDeployment("ep", "nope")).isFalse();
            assertThat(endpoints().deleteOnlineEndpoint("ep")).isTrue();
            assertThat(endpoints().onlineDeployments("ep")).isEmpty();
            assertThat(endpoints().deleteOnlineEndpoint("ep")).isFalse();
            assertThat(endpoints().keys("ep")).isEmpty();
        }

        @Test
        void anEndpointDeletedInsideARolledBackUnitStays() {
            endpoints().insertOnlineEndpoint(endpoint("ep"), EndpointKeys.generate());

            assertThatThrownBy(() -> store.transactions().inTransaction(() -> {
                endpoints().deleteOnlineEndpoint("ep");
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(endpoints().onlineEndpoint("ep")).isPresent();
        }
    }

    @Nested
    class Batch {
        BatchSettings settings = new BatchSettings(2, 500, 3, BatchSettings.OutputAction.SUMMARY_ONLY, "out.csv", 7, 1, 60, "debug",
                Map.of("A", "b"));

        @Test
        void roundTripsEndpointsAndDeployments() {
            BatchEndpoint e = new BatchEndpoint("scorer", "aad_token", "d", Map.of(), null, T0, "alice", T0);
            endpoints().insertBatchEndpoint(e);
            BatchDeployment d = new BatchDeployment("scorer", "d1", "first", Map.of("k", "v"), "adult", 2, "azureml:cpu", 2, settings, T0, "bob");
            endpoints().insertBatchDeployment(d);
            endpoints().updateBatchEndpoint(e.withDefaultDeployment("d1", T0.plusSeconds(1)));

            assertThat(endpoints().batchEndpoint("scorer").orElseThrow().defaultDeployment()).isEqualTo("d1");
            assertThat(endpoints().batchDeployment("scorer", "d1")).contains(d);
            assertThat(endpoints().batchDeployments("scorer")).containsExactly(d);
            assertThat(endpoints().batchEndpoints()).extracting(BatchEndpoint::name).containsExactly("scorer");
            assertThatThrownBy(() -> endpoints().insertBatchEndpoint(e)).isInstanceOf(AlreadyExistsException.class);
            assertThat(endpoints().deleteBatchEndpoint("scorer")).isTrue();
            assertThat(endpoints().batchDeployments("scorer")).isEmpty();
        }

        @Test
        void jobsAreUpdatedListedNewestFirstAndFoundWhenUnfinished() {
            BatchJob queued = new BatchJob("j1", "scorer", "d1", "adult:1", "scorer-out", BatchJob.Status.QUEUED, -1, 0, 0, -1, 0, 0, null,
                    null, T0, "alice", null, null);
            BatchJob later = new BatchJob("j2", "scorer", "d1", "adult:2", "scorer-out", BatchJob.Status.QUEUED, -1, 0, 0, -1, 0, 0, null,
                    null, T0.plusSeconds(1), "alice", null, null);
            endpoints().insertBatchJob(queued);
            endpoints().insertBatchJob(later);
            BatchJob done = new BatchJob("j1", "scorer", "d1", "adult:1", "scorer-out", BatchJob.Status.FAILED, 100, 90, 10, 4, 4, 3,
                    "scorer-out:1", "x".repeat(5000), T0, "alice", T0.plusSeconds(2), T0.plusSeconds(3));
            endpoints().updateBatchJob(done);

            BatchJob back = endpoints().batchJob("j1").orElseThrow();
            assertThat(back.status()).isEqualTo(BatchJob.Status.FAILED);
            assertThat(back.rowsScored()).isEqualTo(90);
            assertThat(back.output()).isEqualTo("scorer-out:1");
            assertThat(back.error()).hasSize(4000).endsWith("...");
            assertThat(back.finishedAt()).isEqualTo(T0.plusSeconds(3));
            assertThat(endpoints().batchJobs("scorer", 10)).extracting(BatchJob::id).containsExactly("j2", "j1");
            assertThat(endpoints().batchJobs("scorer", 1)).extracting(BatchJob::id).containsExactly("j2");
            assertThat(endpoints().unfinishedBatchJobs()).extracting(BatchJob::id).containsExactly("j2");
        }
    }
}
