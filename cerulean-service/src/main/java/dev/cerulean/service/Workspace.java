package dev.cerulean.service;

import dev.cerulean.core.AssetRef;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.StoreException;
import dev.cerulean.core.Version;
import dev.cerulean.core.audit.AuditEvent;
import dev.cerulean.core.lineage.LineageGraph;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.engine.Engine;
import dev.cerulean.files.LocalSpecFiles;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.data.DataLocations;
import dev.cerulean.service.data.DatastoreService;
import dev.cerulean.service.data.TableSources;
import dev.cerulean.service.jobs.BlobService;
import dev.cerulean.service.jobs.ComputeService;
import dev.cerulean.service.jobs.JobService;
import dev.cerulean.service.endpoints.BatchEndpointService;
import dev.cerulean.service.endpoints.OnlineEndpointService;
import dev.cerulean.serving.ServingLimits;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.service.tracking.PredictionService;
import dev.cerulean.service.tracking.ArtifactService;
import dev.cerulean.service.tracking.RegistryService;
import dev.cerulean.service.tracking.TrackingService;
import dev.cerulean.store.artifact.ArtifactTree;
import dev.cerulean.store.ArtifactStore;
import dev.cerulean.store.Artifacts;
import dev.cerulean.store.MetadataStore;
import dev.cerulean.store.StoreInUseException;
import dev.cerulean.store.Stores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workspace: its stores and the services over them. The composition root that the server and the
 * embedded CLI both open; close it to release the database.
 */
public final class Workspace implements AutoCloseable {
    private final WorkspaceConfig config;
    private final MetadataStore metadata;
    private final ArtifactStore artifacts;
    private final SpecParser specs;
    private final Auditor auditor;
    private final DataAssetService data;
    private final DatastoreService datastores;
    private final LineageService lineage;
    private final TrackingService tracking;
    private final ArtifactService runArtifacts;
    private final RegistryService registry;
    private final ComputeService compute;
    private final JobService jobs;
    private final BlobService blobs;
    private final PredictionService predictions;
    private final java.util.concurrent.atomic.AtomicReference<String> serverUrl = new java.util.concurrent.atomic.AtomicReference<>();
    private final OnlineEndpointService endpoints;
    private final BatchEndpointService batchEndpoints;
    private final Clock clock;
    private final Engine engine;

    private Workspace(WorkspaceConfig config, MetadataStore metadata, ArtifactStore artifacts, ArtifactTree tree, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.metadata = metadata;
        this.artifacts = artifacts;
        this.specs = new SpecParser(dev.cerulean.service.jobs.SweepSchemas.workspace(), LocalSpecFiles.INSTANCE);
        this.auditor = new Auditor(metadata.audit(), metadata.transactions(), clock);
        this.datastores = new DatastoreService(metadata.datastores(), specs, auditor, clock);
        this.data = new DataAssetService(metadata.dataAssets(), artifacts, new DataLocations(metadata.datastores()),
                new TableSources(specs), specs, auditor, clock);
        this.lineage = new LineageService(metadata.lineage(), clock);
        this.tracking = new TrackingService(metadata.tracking(), data, lineage, auditor, clock);
        this.runArtifacts = new ArtifactService(tree, tracking, auditor);
        this.registry = new RegistryService(metadata.registry(), tracking, runArtifacts, lineage, auditor, clock);
        // The engine runs every kind of work; each service registers the executors of the kinds it owns.
        this.engine = new Engine(this::computeSlots, config.home().resolve("jobs"), clock);
        this.compute = new ComputeService(metadata.jobs(), specs, auditor, clock, engine);
        this.blobs = new BlobService(artifacts, auditor);
        this.jobs = new JobService(metadata.jobs(), compute, tracking, runArtifacts, registry, data, new DataLocations(metadata.datastores()),
                lineage, artifacts, specs, auditor, clock, engine, serverUrl::get);
        this.predictions = new PredictionService(registry);
        this.endpoints = new OnlineEndpointService(metadata.endpoints(), registry, data, lineage, specs, auditor, config.home(),
                ServingLimits.fromSystemProperties(), clock);
        this.batchEndpoints = new BatchEndpointService(metadata.endpoints(), registry, data, lineage, specs, auditor, clock, engine, compute);
    }

    /**
     * Opens a workspace, creating its home, database schema and default datastore on first use.
     *
     * @throws dev.cerulean.core.CeruleanException UNAVAILABLE when the database cannot be opened
     */
    public static Workspace open(WorkspaceConfig config) {
        return open(config, Clock.systemUTC());
    }

    public static Workspace open(WorkspaceConfig config, Clock clock) {
        try {
            Files.createDirectories(config.home());
        } catch (IOException e) {
            throw new StoreException("cannot create the workspace home " + config.home() + ": " + e.getMessage(), e);
        }
        MetadataStore metadata;
        try {
            metadata = Stores.metadata(config.dbUrl());
        } catch (StoreInUseException e) {
            throw WorkspaceOwner.inUse(config.home(), e);
        }
        Workspace ws = null;
        try {
            Artifacts artifacts = Stores.artifacts(config.artifacts().toUri());
            ws = new Workspace(config, metadata, artifacts.blobs(), artifacts.runs(), clock);
            ws.tracking.ensureDefaultExperiment();
            ws.compute.ensureLocal();
            Path defaultStore = config.home().resolve("datastores").resolve(DatastoreService.DEFAULT);
            Files.createDirectories(defaultStore);
            ws.datastores.ensureDefault(defaultStore);
            // deployments reload their models in the background; jobs a stopped server left running are marked failed
            ws.endpoints.restore();
            ws.batchEndpoints.restore();
            return ws;
        } catch (IOException e) {
            closeAfterFailure(ws, metadata);
            throw new StoreException("cannot create the default datastore in " + config.home() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(ws, metadata);
            throw e;
        }
    }

    private static void closeAfterFailure(Workspace ws, MetadataStore metadata) {
        if (ws != null) {
            ws.close();
        } else {
            metadata.close();
        }
    }

    /** The slots of a compute target, for the engine (built before the compute service, which needs it). */
    private int computeSlots(String name) {
        return compute.slots(name);
    }

    public WorkspaceConfig config() {
        return config;
    }

    public SpecParser specs() {
        return specs;
    }

    public Auditor auditor() {
        return auditor;
    }

    public DataAssetService data() {
        return data;
    }

    public DatastoreService datastores() {
        return datastores;
    }

    public LineageService lineage() {
        return lineage;
    }

    public TrackingService tracking() {
        return tracking;
    }

    /** Run artifacts (MLflow's artifact proxy). */
    public ArtifactService runArtifacts() {
        return runArtifacts;
    }

    public RegistryService registry() {
        return registry;
    }

    public ComputeService compute() {
        return compute;
    }

    public JobService jobs() {
        return jobs;
    }

    public BlobService blobs() {
        return blobs;
    }

    public PredictionService predictions() {
        return predictions;
    }

    /**
     * Tells the workspace the URL it is served at (jobs give it to their processes as
     * MLFLOW_TRACKING_URI) and resumes its jobs: queued ones run, ones that were running when the
     * server stopped are marked failed.
     */
    public void attachServer(String url) {
        serverUrl.set(url);
        WorkspaceOwner.claim(config.home(), url, clock.instant());
        jobs.recover();
    }

    /** Online endpoints and their deployments, and the runtime that serves them. */
    public OnlineEndpointService endpoints() {
        return endpoints;
    }

    /** Batch endpoints, their deployments and jobs. */
    public BatchEndpointService batchEndpoints() {
        return batchEndpoints;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    /** Where things are, and the versions of what runs. */
    public WorkspaceInfo info() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("cerulean", Version.get());
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        v.put("duckdb", implementationVersion("org.duckdb.DuckDBDriver"));
        return new WorkspaceInfo(config.home().toString(), metadata.describe(), artifacts.describe(), v);
    }

    private static String implementationVersion(String className) {
        try {
            String v = Class.forName(className).getPackage().getImplementationVersion();
            return v == null ? "unknown" : v;
        } catch (ClassNotFoundException e) {
            return "absent";
        }
    }

    /**
     * The lineage around a node.
     *
     * @throws NotFoundException for a data asset version that does not exist
     */
    public LineageGraph lineage(LineageNode node) {
        LineageNode root = node;
        if (node.kind() == LineageKind.DATA) {
            var asset = data.get(AssetRef.of(node.name(), node.version()));
            root = new LineageNode(LineageKind.DATA, asset.name(), Integer.toString(asset.version()));
        }
        return lineage.graph(root);
    }

    /**
     * Audit events, newest first.
     *
     * @param limit 1 to 10,000
     */
    public List<AuditEvent> auditEvents(String principal, String action, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new InvalidParameterException("'limit' value " + limit + " is out of range: expected 1 to 10000", "limit");
        }
        return metadata.audit().list(principal, action, limit);
    }

    @Override
    public void close() {
        // work first (running jobs record their end), then serving (draining requests and the last data-collector
        // windows still write to the database), the database last
        try {
            engine.close();
            endpoints.close();
            predictions.close();
        } finally {
            metadata.close();
            WorkspaceOwner.release(config.home());
        }
    }
}
