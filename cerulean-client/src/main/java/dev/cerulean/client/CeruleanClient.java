package dev.cerulean.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.audit.AuditEvent;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.data.Datastore;
import dev.cerulean.core.jobs.ComputeTarget;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.Snapshot;
import dev.cerulean.core.jobs.Leaderboard;
import dev.cerulean.core.jobs.SearchSummary;
import dev.cerulean.core.jobs.SweepSummary;
import dev.cerulean.core.lineage.LineageGraph;
import dev.cerulean.files.LocalFiles;
import dev.cerulean.core.tracking.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Talks to a Cerulean server. Every call returns a record: core's domain records where the server
 * renders one ({@link DataAsset}, {@link Job}, ...), the client's small records where it adds to them
 * or renders something of its own ({@link JobDetail}, {@link LogChunk}, ...), each with the document
 * the server sent ({@link Typed}). An error answer is thrown as a {@link CeruleanException} with the
 * server's code, message, target and details. {@link #endpoints()} reaches online and batch
 * endpoints, {@link #tracking()} MLflow's API.
 */
public final class CeruleanClient {
    /** The header that names the caller until authentication lands. */
    public static final String USER_HEADER = "X-Cerulean-User";

    private final Http http;
    private final ApiMapping api;
    private final EndpointClient endpoints;
    private final TrackingClient tracking;

    /**
     * @param base the server's base URL ({@code http://127.0.0.1:5000})
     * @param user the caller's name, sent with every request (null for anonymous)
     */
    public CeruleanClient(URI base, String user) {
        this.http = new Http(base, user);
        this.api = new ApiMapping(http.json);
        this.endpoints = new EndpointClient(http, api);
        this.tracking = new TrackingClient(http);
    }

    public URI base() {
        return http.base;
    }

    /** The mapper answers are read with ({@code core.ApiJson}'s conventions). */
    public ObjectMapper json() {
        return http.json;
    }

    /** Online and batch endpoints, and scoring. */
    public EndpointClient endpoints() {
        return endpoints;
    }

    /** MLflow's API: experiments, runs, the model registry, artifacts. */
    public TrackingClient tracking() {
        return tracking;
    }

    /** True when a Cerulean server answers {@code /health} within the timeout. */
    public boolean ping(Duration timeout) {
        return http.ping(timeout);
    }

    private static String enc(String s) {
        return Http.enc(s);
    }

    // --- workspace ----------------------------------------------------------------------------

    public Typed<WorkspaceInfo> workspace() {
        return api.one(http.get("/api/v1/workspace"), WorkspaceInfo.class);
    }

    // --- data ---------------------------------------------------------------------------------

    /** Registers a data version from a validated data spec; {@code reference} points at the data instead of copying it. */
    public Typed<DataAsset> createData(ObjectNode spec, boolean reference) {
        return api.one(http.post("/api/v1/data", spec, reference ? Map.of("reference", "true") : Map.of()), DataAsset.class);
    }

    /** The latest version of every data asset. */
    public Typed<List<DataAsset>> listData() {
        return api.items(http.get("/api/v1/data"), DataAsset.class);
    }

    public Typed<List<DataAsset>> dataVersions(String name) {
        return api.items(http.get("/api/v1/data/" + enc(name) + "/versions"), DataAsset.class);
    }

    /** @param version a version number or {@code latest} */
    public Typed<DataAsset> data(String name, String version) {
        return api.one(http.get(dataPath(name, version)), DataAsset.class);
    }

    public Typed<List<DataFile>> dataFiles(String name, String version) {
        return api.items(http.get(dataPath(name, version) + "/files"), DataFile.class);
    }

    public Typed<DataProfile> profile(String name, String version) {
        return api.one(http.get(dataPath(name, version) + "/profile"), DataProfile.class);
    }

    private static String dataPath(String name, String version) {
        return "/api/v1/data/" + enc(name) + "/versions/" + enc(version);
    }

    /**
     * Downloads every file of a data version into a folder, each written to a temporary file,
     * checked against its SHA-256 and then renamed into place.
     *
     * @return the files written
     */
    public List<Path> downloadData(String name, String version, Path dir) throws IOException {
        String v = Integer.toString(data(name, version).value().version());
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        for (DataFile f : dataFiles(name, v).value()) {
            Path target = root.resolve(f.path()).normalize();
            if (!target.startsWith(root)) {
                throw new CeruleanException(ErrorCode.INVALID_PARAMETER, "refusing to write '" + f.path() + "' outside " + root);
            }
            Files.createDirectories(target.getParent());
            HttpResponse<InputStream> r = http.stream(http.request(dataPath(name, v) + "/files/" + Http.segments(f.path()), Map.of()).GET()
                    .build());
            Path part = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                try (InputStream in = r.body(); OutputStream out = new DigestOutputStream(Files.newOutputStream(part), d)) {
                    in.transferTo(out);
                }
                String sha = HexFormat.of().formatHex(d.digest());
                if (!sha.equals(f.sha256())) {
                    throw new CeruleanException(ErrorCode.INTERNAL, "'" + f.path() + "' arrived with SHA-256 " + sha + " but "
                            + f.sha256() + " was registered; the referenced data may have changed");
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(target);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        return written;
    }

    // --- datastores, lineage, audit -----------------------------------------------------------

    public Typed<Datastore> createDatastore(ObjectNode spec) {
        return api.one(http.post("/api/v1/datastores", spec), Datastore.class);
    }

    public Typed<List<Datastore>> datastores() {
        return api.items(http.get("/api/v1/datastores"), Datastore.class);
    }

    public Typed<Datastore> datastore(String name) {
        return api.one(http.get("/api/v1/datastores/" + enc(name)), Datastore.class);
    }

    /**
     * @param kind    data, job, model or deployment
     * @param version the version, or null for things without versions (and a data asset's latest)
     */
    public Typed<LineageGraph> lineage(String kind, String name, String version) {
        return api.one(http.get("/api/v1/lineage/" + enc(kind) + "/" + enc(name) + (version == null || version.isEmpty() ? ""
                : "/" + enc(version))), LineageGraph.class);
    }

    /**
     * Recent audit events, newest first.
     *
     * @param principal only this caller's, or null
     * @param action    only actions starting with this ({@code data.}), or null
     */
    public Typed<List<AuditEvent>> audit(String principal, String action, int limit) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("principal", principal);
        q.put("action", action);
        q.put("limit", Integer.toString(limit));
        return api.items(http.get("/api/v1/audit", q), AuditEvent.class);
    }

    // --- jobs, compute, blobs ------------------------------------------------------------------

    /**
     * Submits a job spec (already parsed on this side, local paths absolute). Every local code
     * folder and data path it names is frozen and uploaded first, so the server runs exactly these
     * bytes even when it is on another machine.
     *
     * @param localPaths the spec's local paths to upload (as they appear in the spec)
     * @return the job, queued
     */
    public Typed<Job> submitJob(ObjectNode spec, List<String> localPaths) throws IOException {
        Map<String, Snapshot> uploads = new LinkedHashMap<>();
        for (String p : localPaths) {
            uploads.put(p, uploadSnapshot(Path.of(p)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("spec", spec);
        body.put("uploads", uploads);
        return api.one(http.post("/api/v1/jobs", body), Job.class);
    }

    /**
     * Freezes a local file or folder (honouring {@code .amlignore}/{@code .gitignore}) and uploads the
     * blobs the server lacks.
     */
    public Snapshot uploadSnapshot(Path source) throws IOException {
        List<DataFile> files = new ArrayList<>();
        Map<String, Path> byDigest = new LinkedHashMap<>();
        for (LocalFiles.Entry e : LocalFiles.walk(source)) {
            String sha = LocalFiles.sha256(e.file());
            files.add(new DataFile(e.path(), sha, Files.size(e.file())));
            byDigest.putIfAbsent(sha, e.file());
        }
        List<String> digests = new ArrayList<>(byDigest.keySet());
        for (int from = 0; from < digests.size(); from += 1000) {
            List<String> batch = digests.subList(from, Math.min(digests.size(), from + 1000));
            for (String d : api.strings(http.post("/api/v1/blobs/missing", Map.of("sha256", batch)).path("missing"))) {
                putBlob(d, byDigest.get(d));
            }
        }
        return new Snapshot(Files.isDirectory(source), files);
    }

    private void putBlob(String sha256, Path file) throws IOException {
        http.send(http.request("/api/v1/blobs/" + sha256, Map.of()).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build());
    }

    /** A job, with the summary of its search for sweeps and AutoML jobs. */
    public Typed<JobDetail> job(String name) {
        JsonNode n = http.get("/api/v1/jobs/" + enc(name));
        Job job = api.read(n, Job.class);
        // The server adds the search's fields beside the job's: the objective and best run, and a sweep's trial counts.
        SearchSummary search = n.has("primary_metric") || n.has("best_run") ? api.read(n, SearchSummary.class) : null;
        SweepSummary sweep = n.has("trials_total") ? api.read(n, SweepSummary.class) : null;
        return new Typed<>(new JobDetail(job, search, sweep), n);
    }

    /** The trials of a sweep or AutoML job, with their values of its primary metric. */
    public Typed<Leaderboard> leaderboard(String job) {
        return api.one(http.get("/api/v1/jobs/" + enc(job) + "/leaderboard"), Leaderboard.class);
    }

    /**
     * Jobs, newest first.
     *
     * @param status only jobs in this state ({@code Running}), or null
     * @param parent only the trials of this sweep or AutoML job, or null
     */
    public Typed<List<Job>> jobs(String status, String parent, int limit) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("status", status);
        q.put("parent", parent);
        q.put("limit", Integer.toString(limit));
        return api.items(http.get("/api/v1/jobs", q), Job.class);
    }

    public Typed<Job> cancelJob(String name) {
        return api.one(http.post("/api/v1/jobs/" + enc(name) + "/cancel", Map.of()), Job.class);
    }

    /** The job's log from a byte offset. */
    public LogChunk jobLogs(String name, long offset) {
        return api.read(http.get("/api/v1/jobs/" + enc(name) + "/logs", Map.of("offset", Long.toString(offset))), LogChunk.class);
    }

    public Typed<ComputeTarget> createCompute(ObjectNode spec) {
        return api.one(http.post("/api/v1/compute", spec), ComputeTarget.class);
    }

    public Typed<List<ComputeTarget>> computes() {
        return api.items(http.get("/api/v1/compute"), ComputeTarget.class);
    }

    /** A compute target with its queued and running jobs. */
    public Typed<ComputeStatus> compute(String name) {
        JsonNode n = http.get("/api/v1/compute/" + enc(name));
        return new Typed<>(new ComputeStatus(api.read(n, ComputeTarget.class), n.path("queued_jobs").asInt(), n.path("running_jobs").asInt()), n);
    }

    public void deleteCompute(String name) {
        http.delete("/api/v1/compute/" + enc(name));
    }

    // --- models -------------------------------------------------------------------------------

    /**
     * A model version with Cerulean's details: flavors, signature, where its files are.
     *
     * @param version a version number or {@code latest}
     */
    public Typed<ModelVersion> modelVersion(String name, String version) {
        return api.one(http.get("/api/v1/models/" + enc(name) + "/versions/" + enc(version)), ModelVersion.class);
    }

    /** A PNG chart of one metric of one run. */
    public byte[] metricChart(String runId, String key) {
        return http.sendForBytes(http.request("/api/v1/runs/" + enc(runId) + "/metrics/" + enc(key) + "/chart.png", Map.of()).GET().build());
    }

    /**
     * Scores a file (CSV, Parquet or JSON lines) with a registered model and writes the predictions
     * as CSV, atomically.
     *
     * @return the number of rows scored
     */
    public int predict(String model, String version, Path input, Path output) throws IOException {
        HttpRequest req = http.request("/api/v1/models/" + enc(model) + "/versions/" + enc(version) + "/predict",
                Map.of("file", input.getFileName().toString())).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(input)).build();
        HttpResponse<InputStream> r = http.stream(req);
        Http.writeAtomically(r.body(), output);
        return Integer.parseInt(r.headers().firstValue("X-Rows").orElse("-1"));
    }
}
