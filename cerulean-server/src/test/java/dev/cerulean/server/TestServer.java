package dev.cerulean.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link CeruleanServer} on a free port over a workspace in a temporary home, one per test class
 * ({@code @RegisterExtension static final TestServer server = new TestServer();}), and raw HTTP to it:
 * tests see status, headers and body bytes exactly as any client does. Not through
 * {@code cerulean-client}, whose own tests start this server: a dependency on it would be a cycle.
 */
final class TestServer implements BeforeAllCallback, AfterAllCallback {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Path home;
    private CeruleanServer server;
    /** Classes running: the one that registered this and its {@code @Nested} ones, which share the server. */
    private int classes;
    String url;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (classes++ > 0) {
            return;
        }
        home = Files.createTempDirectory("cerulean-server-test");
        server = CeruleanServer.start(WorkspaceConfig.at(home), "127.0.0.1", 0);
        url = server.url();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (--classes > 0) {
            return;
        }
        server.close();
        try (Stream<Path> s = Files.walk(home)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** An answer: its status, the headers a test looks at, and the body as text. */
    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> h = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            return new Response(r.statusCode(), h, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Response post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** POSTs to the MLflow API and returns the answer's JSON, failing on an error status. */
    JsonNode mlflow(String op, String body) {
        Response r = post("/api/2.0/mlflow/" + op, body, "Content-Type", "application/json");
        if (r.status() != 200) {
            throw new AssertionError(op + ": " + r.status() + " " + r.body());
        }
        return r.json();
    }

    /** Uploads a model folder to a new run and registers it as the next version of {@code name}. */
    void register(String name, Path modelDir) throws IOException {
        String run = mlflow("runs/create", "{\"experiment_id\": \"0\"}").get("run").get("info").get("run_id").asText();
        List<Path> files;
        try (Stream<Path> s = Files.walk(modelDir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String rel = modelDir.relativize(f).toString().replace('\\', '/');
            HttpRequest put = HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow-artifacts/artifacts/0/" + run + "/artifacts/model/"
                    + rel)).PUT(HttpRequest.BodyPublishers.ofFile(f)).build();
            try {
                HttpResponse<String> r = HTTP.send(put, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new AssertionError("upload: " + r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        if (send("GET", "/api/2.0/mlflow/registered-models/get?name=" + name, null).status() == 404) {
            mlflow("registered-models/create", "{\"name\": \"" + name + "\"}");
        }
        mlflow("model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"runs:/" + run + "/model\"}");
    }

}
