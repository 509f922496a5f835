package dev.cerulean.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server on a fresh workspace home for each test (the embedded H2 file, or the database
 * {@link #dbUrl()} names), and the helpers the job contracts drive it with.
 */
abstract class WorkspaceContract {
    @TempDir
    Path dir;

    String db;
    CeruleanServer server;
    String url;

    /** The JDBC URL of a fresh database, or null for the embedded H2 file under the home. */
    abstract String dbUrl();

    @BeforeEach
    void start() {
        db = dbUrl();
        startServer();
    }

    /** Starts (or, after {@code server.close()}, restarts) the server on the same home and database. */
    void startServer() {
        server = CeruleanServer.start(new WorkspaceConfig(dir.resolve("home"), db, null), "127.0.0.1", 0);
        url = server.url();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    /** Copies a file of samples/data into {@code data/} under the test's folder. */
    Path copySample(String name) throws IOException {
        Path target = dir.resolve("data").resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(Path.of("../samples/data", name), target);
        return target;
    }

    JsonNode job(String name) {
        return Http.send("GET", url + "/api/v1/jobs/" + name, null).json();
    }

    JsonNode run(String id) {
        return Http.send("GET", url + "/api/2.0/mlflow/runs/get?run_id=" + id, null).json().get("run");
    }

    /** The job once it has ended (or as it stands after {@code seconds}). */
    JsonNode waitForEnd(String name, int seconds) throws InterruptedException {
        return Poll.upTo(Duration.ofSeconds(seconds), () -> job(name), j -> List.of("Completed", "Failed", "Canceled")
                .contains(j.get("status").asText()));
    }

    static String tag(JsonNode run, String key) {
        for (JsonNode t : run.path("data").path("tags")) {
            if (t.get("key").asText().equals(key)) {
                return t.get("value").asText();
            }
        }
        return null;
    }
}
