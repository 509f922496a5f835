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
        this.dataAssets = new JdbcDataAssetStore(database.jdbi());
        this.datastores = new JdbcDatastoreStore(database.jdbi());
        this.lineage = new JdbcLineageStore(database.jdbi());
        this.audit = new JdbcAuditStore(database.jdbi());
        this.tracking = new JdbcTrackingStore(database.jdbi(), database.dialect());
        this.registry = new JdbcRegistryStore(database.jdbi());
        this.transactions = new JdbcTransactions(database.jdbi());
        this.jobs = new JdbcJobStore(database.jdbi());
        this.endpoints = new JdbcEndpointStore(database.jdbi());
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
