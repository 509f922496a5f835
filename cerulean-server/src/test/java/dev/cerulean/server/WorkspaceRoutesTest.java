package dev.cerulean.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The workspace routes: references resolve in the services, files stream with their size and digest. */
class WorkspaceRoutesTest {
    @TempDir
    static Path files;
    @RegisterExtension
    static final TestServer server = new TestServer();

    @BeforeAll
    static void createDataAndModels() throws Exception {
        Path csv = Files.writeString(files.resolve("a.csv"), "x,y\n1,2\n");
        for (int v = 1; v <= 2; v++) {
            assertThat(server.post("/api/v1/data", "{\"name\": \"d\", \"type\": \"uri_file\", \"path\": \"" + csv.toString().replace("\\", "/")
                    + "\", \"description\": \"v" + v + "\"}").status()).isIn(200, 201);
            Files.writeString(csv, "x,y\n1,2\n3,4\n");
        }
        server.register("m", TestModel.incomePackage());
        server.register("m", TestModel.incomePackage());
    }

    @Nested
    class References {
        @Test
        void latestIsTheHighestVersionOfAModel() {
            JsonNode v = server.get("/api/v1/models/m/versions/latest").json();
            assertThat(v.get("version").asInt()).isEqualTo(2);
            assertThat(server.get("/api/v1/models/m/versions/1").json().get("version").asInt()).isEqualTo(1);
        }

        @Test
        void aVersionThatIsNeitherANumberNorLatestIsA400() {
            TestServer.Response r = server.get("/api/v1/models/m/versions/abc");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error").get("target").asText()).isEqualTo("version");
        }

        @Test
        void latestIsTheHighestVersionOfADataAsset() {
            assertThat(server.get("/api/v1/data/d/versions/latest").json().get("version").asInt()).isEqualTo(2);
            assertThat(server.get("/api/v1/lineage/data/d").json().get("root").get("version").asText()).isEqualTo("2");
            assertThat(server.get("/api/v1/lineage/data/d/latest").json().get("root").get("version").asText()).isEqualTo("2");
            assertThat(server.get("/api/v1/lineage/data/d/1").json().get("root").get("version").asText()).isEqualTo("1");
        }

        @Test
        void aJobNameIsAsLongAsJobsAllow() {
            assertThat(server.get("/api/v1/lineage/job/" + "j".repeat(256)).status()).isEqualTo(200);
            TestServer.Response r = server.get("/api/v1/lineage/job/" + "j".repeat(257));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error").get("message").asText()).isEqualTo("'name' must be a job name of 1 to 256 characters");
        }
    }

    @Nested
    class Files_ {
        @Test
        void aDataFileStreamsWithItsSizeAndDigest() {
            TestServer.Response r = server.get("/api/v1/data/d/versions/1/files/a.csv");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("x,y\n1,2\n");
            assertThat(r.header("content-type")).isEqualTo("application/octet-stream");
            assertThat(r.header("content-length")).isEqualTo("8");
            assertThat(r.header("x-content-sha256")).matches("[0-9a-f]{64}");
            TestServer.Response missing = server.get("/api/v1/data/d/versions/1/files/b.csv");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().get("error").get("target").asText()).isEqualTo("path");
        }
    }
}
