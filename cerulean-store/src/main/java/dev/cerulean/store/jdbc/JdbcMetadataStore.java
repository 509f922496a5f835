package dev.cerulean.store.jdbc;

import dev.cerulean.store.AuditStore;
import dev.cerulean.store.DataAssetStore;
import dev.cerulean.store.DatastoreStore;
import dev.cerulean.store.EndpointStore;
import dev.cerulean.store.LineageStore;
import dev.cerulean.store.JobStore;
import dev.cerulean.store.MetadataStore;
import dev.cerulean.store.RegistryStore;
import dev.cerulean.store.TrackingStore;
import dev.cerulean.store.Transactions;

/** The metadata stores over one {@link Database}. */
public final class JdbcMetadataStore implements MetadataStore {
    private final Database database;
    private final DataAssetStore dataAssets;
    private final DatastoreStore datastores;
    private final LineageStore lineage;
    private final AuditStore audit;
    private final TrackingStore tracking;
    private final RegistryStore registry;
    private final Transactions transactions;
    private final JobStore jobs;
    private final EndpointStore endpoints;

    public JdbcMetadataStore(Database database) {
        this.database = database;
        // One unit of work per database: its stores share the transaction handle of the unit a thread runs.
        JdbcTransactions tx = new JdbcTransactions(database.jdbi());
        this.transactions = tx;
        this.dataAssets = new JdbcDataAssetStore(tx);
        this.datastores = new JdbcDatastoreStore(tx);
        this.lineage = new JdbcLineageStore(tx);
        this.audit = new JdbcAuditStore(tx);
        this.tracking = new JdbcTrackingStore(tx, database.dialect());
        this.registry = new JdbcRegistryStore(tx);
        this.jobs = new JdbcJobStore(tx);
        this.endpoints = new JdbcEndpointStore(tx);
    }

    /** Opens the database at a JDBC URL, migrating it. */
    public static JdbcMetadataStore open(String url) {
        return new JdbcMetadataStore(Database.open(url));
    }

    public Database database() {
        return database;
    }

    @Override
    public DataAssetStore dataAssets() {
        return dataAssets;
    }

    @Override
    public DatastoreStore datastores() {
        return datastores;
    }

    @Override
    public LineageStore lineage() {
        return lineage;
    }

    @Override
    public AuditStore audit() {
        return audit;
    }

    @Override
    public TrackingStore tracking() {
        return tracking;
    }

    @Override
    public JobStore jobs() {
        return jobs;
    }

    @Override
    public Transactions transactions() {
        return transactions;
    }

    @Override
    public RegistryStore registry() {
        return registry;
    }

    @Override
    public EndpointStore endpoints() {
        return endpoints;
    }

    @Override
    public String describe() {
        return database.describe();
    }

    @Override
    public void close() {
        database.close();
    }
}
