package dev.cerulean.store;

/**
 * The workspace's metadata: one database, several stores over it. Closing it releases the
 * connection pool.
 */
public interface MetadataStore extends AutoCloseable {
    DataAssetStore dataAssets();

    DatastoreStore datastores();

    LineageStore lineage();

    AuditStore audit();

    TrackingStore tracking();

    /** Units of work spanning these stores. */
    Transactions transactions();

    RegistryStore registry();

    JobStore jobs();
    /** Online and batch endpoints, deployments and batch jobs. */
    EndpointStore endpoints();

    /** A description of the database for {@code workspace show} (URL without credentials, product and version). */
    String describe();

    @Override
    void close();
}
