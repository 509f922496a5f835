package dev.cerulean.store;

import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.BatchEndpoint;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.core.endpoint.OnlineEndpoint;
import java.util.List;
import java.util.Optional;

/**
 * Online and batch endpoints, their deployments, and batch jobs. Inserts of an existing name fail with
 * {@link dev.cerulean.core.AlreadyExistsException}; the service checks first, so inside a unit of work
 * the violation only happens to concurrent creators, whose unit runs again.
 */
public interface EndpointStore {
    // --- online ---------------------------------------------------------------------------------

    void insertOnlineEndpoint(OnlineEndpoint endpoint, EndpointKeys keys);

    Optional<OnlineEndpoint> onlineEndpoint(String name);

    /** Every online endpoint, by name. */
    List<OnlineEndpoint> onlineEndpoints();

    /** Replaces description, tags, traffic, mirror traffic and the update time. */
    void updateOnlineEndpoint(OnlineEndpoint endpoint);

    Optional<EndpointKeys> keys(String endpoint);

    void updateKeys(String endpoint, EndpointKeys keys);

    /** Deletes an endpoint and its deployments; false when it did not exist. */
    boolean deleteOnlineEndpoint(String name);

    void insertOnlineDeployment(OnlineDeployment deployment);

    Optional<OnlineDeployment> onlineDeployment(String endpoint, String name);

    /** The deployments of one endpoint, by name. */
    List<OnlineDeployment> onlineDeployments(String endpoint);

    boolean deleteOnlineDeployment(String endpoint, String name);

    // --- batch ----------------------------------------------------------------------------------

    void insertBatchEndpoint(BatchEndpoint endpoint);

    Optional<BatchEndpoint> batchEndpoint(String name);

    List<BatchEndpoint> batchEndpoints();

    /** Replaces description, tags, default deployment and the update time. */
    void updateBatchEndpoint(BatchEndpoint endpoint);

    /** Deletes an endpoint and its deployments (its jobs stay); false when it did not exist. */
    boolean deleteBatchEndpoint(String name);

    void insertBatchDeployment(BatchDeployment deployment);

    Optional<BatchDeployment> batchDeployment(String endpoint, String name);

    List<BatchDeployment> batchDeployments(String endpoint);

    boolean deleteBatchDeployment(String endpoint, String name);

    void insertBatchJob(BatchJob job);

    /** Replaces everything but the id, endpoint, creation time and creator. */
    void updateBatchJob(BatchJob job);

    Optional<BatchJob> batchJob(String id);

    /** An endpoint's jobs, newest first. */
    List<BatchJob> batchJobs(String endpoint, int limit);

    /** Jobs that are queued or running (left so by a stopped server when found at start-up). */
    List<BatchJob> unfinishedBatchJobs();
}
