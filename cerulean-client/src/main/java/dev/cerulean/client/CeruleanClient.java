package dev.cerulean.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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
import java.util.StringJoiner;

/**
 * Talks to a Cerulean server. Responses are JSON trees in the server's own field names; an error
 * response is thrown as a {@link CeruleanException} with the server's code, message and target.
 */
public final class CeruleanClient {
    /** The header that names the caller until authentication lands. */
    public static final String USER_HEADER = "X-Cerulean-User";

    private final URI base;
    private final String user;
    private final HttpClient http;
    private final ObjectMapper json = ApiJson.create();

    /**
     * @param base the server's base URL ({@code http://127.0.0.1:5000})
     * @param user the caller's name, sent with every request (null for anonymous)
     */
    public CeruleanClient(URI base, String user) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.user = user;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI base() {
        return base;
    }

    public ObjectMapper json() {
        return json;
    }

    /** True when a Cerulean server answers {@code /health} within the timeout. */
    public boolean ping(Duration timeout) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"status\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // --- generic ------------------------------------------------------------------------------

    public JsonNode get(String path, Map<String, String> query) {
        return send(request(path, query).GET().build());
    }

    public JsonNode get(String path) {
        return get(path, Map.of());
    }

    public JsonNode post(String path, Object body, Map<String, String> query) {
        try {
            byte[] bytes = json.writeValueAsBytes(body);
            return send(request(path, query).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the request body", e);
        }
    }

    /** PATCH a JSON body. */
    public JsonNode patch(String path, Object body) {
        try {
            byte[] bytes = json.writeValueAsBytes(body);
            return send(request(path, Map.of()).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise the request body", e);
        }
    }

    /** DELETE a resource. */
    public JsonNode delete(String path) {
        return send(request(path, Map.of()).DELETE().build());
    }

    /**
     * POST raw bytes with extra headers (scoring requests, which carry an endpoint key); an error answer in
     * Cerulean's format is thrown as a {@link CeruleanException}.
     */
    public JsonNode postBytes(String path, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder b = request(path, Map.of()).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (v != null) {
                b.header(k, v);
            }
        });
        return send(b.build());
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "");
        q.setEmptyValue("");
        query.forEach((k, v) -> {
            if (v != null) {
                q.add(enc(k) + "=" + enc(v));
            }
        });
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + q)).timeout(Duration.ofMinutes(30))
                .header("Accept", "application/json");
        if (user != null) {
            b.header(USER_HEADER, user);
        }
        return b;
    }

    private JsonNode send(HttpRequest req) {
        HttpResponse<byte[]> r = exchange(req, HttpResponse.BodyHandlers.ofByteArray());
        return parse(r.statusCode(), r.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(req, handler);
        } catch (ConnectException e) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "cannot connect to Cerulean at " + base + " (is the server running?)");
        } catch (HttpTimeoutException e) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "Cerulean at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "interrupted");
        }
    }

    private JsonNode parse(int status, byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            if (status >= 400) {
                throw new CeruleanException(status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_PARAMETER,
                        "HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8));
            }
            throw new CeruleanException(ErrorCode.INTERNAL, "the server's answer is not JSON: " + e.getMessage());
        }
        if (status >= 400) {
            throw error(status, node);
        }
        return node;
    }

    private static CeruleanException error(int status, JsonNode node) {
        if (node.hasNonNull("error_code")) {
            // MLflow's format, from the /api/2.0/mlflow routes.
            ErrorCode code = switch (node.get("error_code").asText()) {
                case "RESOURCE_DOES_NOT_EXIST", "ENDPOINT_NOT_FOUND" -> ErrorCode.NOT_FOUND;
                case "RESOURCE_ALREADY_EXISTS" -> ErrorCode.ALREADY_EXISTS;
                case "RESOURCE_CONFLICT" -> ErrorCode.CONFLICT;
                case "INVALID_STATE" -> ErrorCode.INVALID_STATE;
                case "PERMISSION_DENIED" -> ErrorCode.PERMISSION_DENIED;
                case "UNAUTHENTICATED" -> ErrorCode.UNAUTHENTICATED;
                case "TEMPORARILY_UNAVAILABLE" -> ErrorCode.UNAVAILABLE;
                case "INTERNAL_ERROR" -> ErrorCode.INTERNAL;
                default -> ErrorCode.INVALID_PARAMETER;
            };
            return new CeruleanException(code, node.path("message").asText());
        }
        JsonNode e = node.path("error");
        if (!e.isObject()) {
            return new CeruleanException(status >= 500 ? ErrorCode.INTERNAL : ErrorCode.INVALID_PARAMETER, "HTTP " + status + ": " + node);
        }
        List<String> details = new ArrayList<>();
        e.path("details").forEach(d -> details.add(d.asText()));
        return new CeruleanException(ErrorCode.fromName(e.path("code").asText()), e.path("message").asText(),
                e.hasNonNull("target") ? e.get("target").asText() : null, details, null);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path whose segments are each URL-encoded. */
    static String segments(String path) {
        StringJoiner j = new StringJoiner("/");
        for (String s : path.split("/", -1)) {
            j.add(enc(s));
        }
        return j.toString();
    }

    // --- MLflow ---------------------------------------------------------------------------------

    /** GET an MLflow route ({@code runs/get}) with query parameters; repeated values are not needed by the CLI. */
    public JsonNode mlflowGet(String route, Map<String, String> query) {
        return get("/api/2.0/mlflow/" + route, query);
    }

    /** POST an MLflow route with a JSON body. */
    public JsonNode mlflowPost(String route, Object body) {
        return post("/api/2.0/mlflow/" + route, body, Map.of());
    }

    /** Every file under a folder of the artifact proxy, recursively, as paths relative to that folder. */
    public List<String> artifactFiles(String folder) {
        List<String> out = new ArrayList<>();
        collect(folder, "", out);
        return out;
    }

    private void collect(String root, String rel, List<String> out) {
        JsonNode page = get("/api/2.0/mlflow-artifacts/artifacts", Map.of("path", rel.isEmpty() ? root : root + "/" + rel));
        for (JsonNode f : page.path("files")) {
            String child = rel.isEmpty() ? f.get("path").asText() : rel + "/" + f.get("path").asText();
            if (f.path("is_dir").asBoolean()) {
                collect(root, child, out);
            } else {
                out.add(child);
            }
        }
    }

    /** Downloads one file of the artifact proxy to a local file, atomically (temporary file, then rename). */
    public void downloadArtifact(String path, Path target) throws IOException {
        HttpRequest req = request("/api/2.0/mlflow-artifacts/artifacts/" + segments(path), Map.of()).GET().build();
        HttpResponse<InputStream> r = exchange(req, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() >= 400) {
            try (InputStream in = r.body()) {
                throw error(r.statusCode(), json.readTree(in.readAllBytes()));
            }
        }
        writeAtomically(r.body(), target);
    }

    /** Writes a stream to a temporary file beside the target, then renames it into place. */
    private static void writeAtomically(InputStream body, Path target) throws IOException {
        Path t = target.toAbsolutePath();
        Files.createDirectories(t.getParent());
        Path part = Files.createTempFile(t.getParent(), "." + t.getFileName(), ".part");
        try {
            try (InputStream in = body; OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            Files.move(part, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** A model version with Cerulean's details: flavors, signature, where its files are. */
    public JsonNode modelVersion(String name, String version) {
        return get("/api/v1/models/" + enc(name) + "/versions/" + enc(version));
    }

    /** A PNG chart of one metric of one run. */
    public byte[] metricChart(String runId, String key) {
        HttpRequest req = request("/api/v1/runs/" + enc(runId) + "/metrics/" + enc(key) + "/chart.png", Map.of()).GET().build();
        HttpResponse<byte[]> r = exchange(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() >= 400) {
            parse(r.statusCode(), r.body());
        }
        return r.body();
    }

    // --- workspace ----------------------------------------------------------------------------

    public JsonNode workspace() {
        return get("/api/v1/workspace");
    }

    // --- data ---------------------------------------------------------------------------------

    /** Registers a data version from a validated data spec; {@code reference} points at the data instead of copying it. */
    public JsonNode createData(ObjectNode spec, boolean reference) {
        return post("/api/v1/data", spec, reference ? Map.of("reference", "true") : Map.of());
    }

    public JsonNode listData() {
        return get("/api/v1/data");
    }

    public JsonNode dataVersions(String name) {
        return get("/api/v1/data/" + enc(name) + "/versions");
    }

    /** @param version a version number or {@code latest} */
    public JsonNode data(String name, String version) {
        return get("/api/v1/data/" + enc(name) + "/versions/" + enc(version));
    }

    public JsonNode dataFiles(String name, String version) {
        return get("/api/v1/data/" + enc(name) + "/versions/" + enc(version) + "/files");
    }

    public JsonNode profile(String name, String version) {
        return get("/api/v1/data/" + enc(name) + "/versions/" + enc(version) + "/profile");
    }

    /**
     * Downloads every file of a data version into a folder, each written to a temporary file,
     * checked against its SHA-256 and then renamed into place.
     *
     * @return the files written
     */
    public List<Path> downloadData(String name, String version, Path dir) throws IOException {
        JsonNode asset = data(name, version);
        String v = asset.get("version").asText();
        Path root = dir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        for (JsonNode f : dataFiles(name, v).path("items")) {
            String rel = f.get("path").asText();
            Path target = root.resolve(rel).normalize();
            if (!target.startsWith(root)) {
                throw new CeruleanException(ErrorCode.INVALID_PARAMETER, "refusing to write '" + rel + "' outside " + root);
            }
            Files.createDirectories(target.getParent());
            HttpRequest req = request("/api/v1/data/" + enc(name) + "/versions/" + enc(v) + "/files/" + segments(rel), Map.of())
                    .GET().build();
            HttpResponse<InputStream> r = exchange(req, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() >= 400) {
                try (InputStream in = r.body()) {
                    throw error(r.statusCode(), json.readTree(in.readAllBytes()));
                }
            }
            Path part = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
            try {
                MessageDigest d = MessageDigest.getInstance("SHA-256");
                try (InputStream in = r.body(); OutputStream out = new DigestOutputStream(Files.newOutputStream(part), d)) {
                    in.transferTo(out);
                }
                String sha = HexFormat.of().formatHex(d.digest());
                if (!sha.equals(f.get("sha256").asText())) {
                    throw new CeruleanException(ErrorCode.INTERNAL, "'" + rel + "' arrived with SHA-256 " + sha + " but "
                            + f.get("sha256").asText() + " was registered; the referenced data may have changed");
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

    public JsonNode createDatastore(ObjectNode spec) {
        return post("/api/v1/datastores", spec, Map.of());
    }

    public JsonNode datastores() {
        return get("/api/v1/datastores");
    }

    public JsonNode datastore(String name) {
        return get("/api/v1/datastores/" + enc(name));
    }

    public JsonNode lineage(String kind, String name, String version) {
        return get("/api/v1/lineage/" + enc(kind) + "/" + enc(name) + (version == null || version.isEmpty() ? "" : "/" + enc(version)));
    }

    public JsonNode audit(String principal, String action, int limit) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("principal", principal);
        q.put("action", action);
        q.put("limit", Integer.toString(limit));
        return get("/api/v1/audit", q);
    }

    // --- jobs, compute, blobs ------------------------------------------------------------------

    /**
     * Submits a job spec (already parsed on this side, local paths absolute). Every local code
     * folder and data path it names is frozen and uploaded first, so the server runs exactly these
     * bytes even when it is on another machine.
     *
     * @param localPaths the spec's local paths to upload (as they appear in the spec)
     */
    public JsonNode submitJob(ObjectNode spec, List<String> localPaths) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.set("spec", spec);
        ObjectNode uploads = body.putObject("uploads");
        for (String p : localPaths) {
            uploads.set(p, uploadSnapshot(Path.of(p)));
        }
        return post("/api/v1/jobs", body, Map.of());
    }

    /**
     * Freezes a local file or folder (honouring {@code .amlignore}/{@code .gitignore}) and uploads the
     * blobs the server lacks.
     *
     * @return the snapshot manifest, {@code {"type": "folder"|"file", "files": [{path, sha256, size}]}}
     */
    public ObjectNode uploadSnapshot(Path source) throws IOException {
        List<dev.cerulean.files.LocalFiles.Entry> entries = dev.cerulean.files.LocalFiles.walk(source);
        ObjectNode snap = json.createObjectNode().put("type", Files.isDirectory(source) ? "folder" : "file");
        var files = snap.putArray("files");
        Map<String, Path> byDigest = new LinkedHashMap<>();
        for (var e : entries) {
            String sha = dev.cerulean.files.LocalFiles.sha256(e.file());
            files.addObject().put("path", e.path()).put("sha256", sha).put("size", Files.size(e.file()));
            byDigest.putIfAbsent(sha, e.file());
        }
        for (int from = 0; from < byDigest.size(); from += 1000) {
            List<String> batch = new ArrayList<>(byDigest.keySet()).subList(from, Math.min(byDigest.size(), from + 1000));
            JsonNode missing = post("/api/v1/blobs/missing", Map.of("sha256", batch), Map.of()).path("missing");
            for (JsonNode d : missing) {
                putBlob(d.asText(), byDigest.get(d.asText()));
            }
        }
        return snap;
    }

    private void putBlob(String sha256, Path file) throws IOException {
        HttpRequest req = request("/api/v1/blobs/" + sha256, Map.of()).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<byte[]> r = exchange(req, HttpResponse.BodyHandlers.ofByteArray());
        parse(r.statusCode(), r.body());
    }

    public JsonNode job(String name) {
        return get("/api/v1/jobs/" + enc(name));
    }

    public JsonNode jobs(String status, String parent, int limit) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("status", status);
        q.put("parent", parent);
        q.put("limit", Integer.toString(limit));
        return get("/api/v1/jobs", q);
    }

    public JsonNode cancelJob(String name) {
        return post("/api/v1/jobs/" + enc(name) + "/cancel", Map.of(), Map.of());
    }

    /** A piece of a job's log: {@code {text, next_offset, status, ended}}. */
    public JsonNode jobLogs(String name, long offset) {
        return get("/api/v1/jobs/" + enc(name) + "/logs", Map.of("offset", Long.toString(offset)));
    }

    public JsonNode createCompute(ObjectNode spec) {
        return post("/api/v1/compute", spec, Map.of());
    }

    public JsonNode computes() {
        return get("/api/v1/compute");
    }

    public JsonNode compute(String name) {
        return get("/api/v1/compute/" + enc(name));
    }

    public void deleteCompute(String name) {
        send(request("/api/v1/compute/" + enc(name), Map.of()).DELETE().build());
    }

    /**
     * Scores a file (CSV, Parquet or JSON lines) with a registered model and writes the predictions
     * as CSV, atomically.
     *
     * @return the number of rows scored
     */
    public int predict(String model, String version, Path input, Path output) throws IOException {
        HttpRequest req = request("/api/v1/models/" + enc(model) + "/versions/" + enc(version) + "/predict",
                Map.of("file", input.getFileName().toString())).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(input)).build();
        HttpResponse<InputStream> r = exchange(req, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() >= 400) {
            try (InputStream in = r.body()) {
                parse(r.statusCode(), in.readAllBytes());
            }
        }
        writeAtomically(r.body(), output);
        return Integer.parseInt(r.headers().firstValue("X-Rows").orElse("-1"));
    }
}
