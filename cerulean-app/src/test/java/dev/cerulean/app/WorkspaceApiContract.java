package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace REST API through a real server on a random port; subclassed per database. */
abstract class WorkspaceApiContract {
    @TempDir
    Path home;
    @TempDir
    Path src;

    CeruleanServer server;
    CeruleanClient client;
    String base;

    /** The JDBC URL of a fresh database, or null for the embedded H2 file under the home. */
    abstract String dbUrl();

    @BeforeEach
    void start() {
        server = CeruleanServer.start(new WorkspaceConfig(home, dbUrl(), null), "127.0.0.1", 0);
        client = new CeruleanClient(URI.create(server.url()), "alice");
        base = server.url();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Path file(String name, String content) throws IOException {
        Path f = src.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    static ObjectNode spec(String name, String type, Path path) {
        return ApiJson.create().createObjectNode().put("name", name).put("type", type).put("path", path.toString());
    }

    long blobs() throws IOException {
        try (Stream<Path> s = Files.walk(home.resolve("artifacts").resolve("sha256"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void answersHealthAndPrometheusMetrics() {
        assertThat(Http.send("GET", base + "/health", null).json().get("status").asText()).isEqualTo("ok");
        client.listData();

        Http.Response metrics = Http.send("GET", base + "/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds_count").contains("uri=\"/api/v1/data\"")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void showsTheWorkspace() {
        JsonNode w = client.workspace().json();

        assertThat(w.get("home").asText()).isEqualTo(home.toString());
        assertThat(w.get("artifacts").asText()).isEqualTo(home.resolve("artifacts").toString());
        assertThat(w.get("versions").has("cerulean")).isTrue();
        assertThat(w.get("database").asText()).doesNotContain("password=p");
    }

    @Nested
    class DataLifecycle {
        @Test
        void registersListsShowsProfilesAndDownloads() throws IOException {
            Path f = file("iris.csv", "sepal,species\n5.1,setosa\n4.9,setosa\n6.3,virginica\n");
            ObjectNode s = spec("iris", "uri_file", f);
            s.put("description", "flowers").putObject("tags").put("source", "uci");

            Http.Response created = Http.send("POST", base + "/api/v1/data", s.toString());
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("version").asInt()).isEqualTo(1);
            assertThat(created.json().get("content_hash").asText()).startsWith("sha256:");
            assertThat(created.json().get("schema").get(0).get("type").asText()).isEqualTo("DOUBLE");

            assertThat(client.listData().json().get("items")).hasSize(1);
            assertThat(client.data("iris", "latest").json().get("tags").get("source").asText()).isEqualTo("uci");
            assertThat(client.dataVersions("iris").json().get("count").asInt()).isEqualTo(1);
            JsonNode profile = client.profile("iris", "1").json();
            assertThat(profile.get("row_count").asInt()).isEqualTo(3);
            assertThat(profile.get("columns").get(1).get("top").get(0).get("value").asText()).isEqualTo("setosa");

            List<Path> got = client.downloadData("iris", "1", src.resolve("out"));
            assertThat(got).containsExactly(src.resolve("out").resolve("iris.csv"));
            assertThat(Files.readString(got.get(0))).isEqualTo(Files.readString(f));
        }

        @Test
        void reRegisteringTheSameContentAnswers200AndCreatesNothing() throws IOException {
            Path f = file("a.csv", "x\n1\n");
            ObjectNode s = spec("a", "uri_file", f).put("version", 1);
            assertThat(Http.send("POST", base + "/api/v1/data", s.toString()).status()).isEqualTo(201);

            assertThat(Http.send("POST", base + "/api/v1/data", s.toString()).status()).isEqualTo(200);
            assertThat(client.dataVersions("a").json().get("count").asInt()).isEqualTo(1);
        }

        @Test
        void downloadsAFolderAssetFileByFile() throws IOException {
            file("parts/a.csv", "x\n1\n");
            file("parts/sub/b.csv", "x\n2\n");
            client.createData(spec("parts", "uri_folder", src.resolve("parts")), false);

            List<Path> got = client.downloadData("parts", "latest", src.resolve("dl"));

            assertThat(got).hasSize(2);
            assertThat(Files.readString(src.resolve("dl/sub/b.csv"))).isEqualTo("x\n2\n");
        }

        @Test
        void registersFromADatastore() throws IOException {
            file("store/t.csv", "x\n1\n");
            client.createDatastore(ApiJson.create().createObjectNode().put("name", "raw").put("type", "local")
                    .put("path", src.resolve("store").toString()));

            JsonNode a = client.createData(ApiJson.create().createObjectNode().put("name", "t").put("type", "uri_file")
                    .put("path", "azureml://datastores/raw/paths/t.csv"), false).json();

            assertThat(a.get("source").asText()).isEqualTo(src.resolve("store/t.csv").toString());
            assertThat(client.datastores().json().get("items")).extracting(d -> d.get("name").asText())
                    .containsExactly("raw", "workspaceblobstore");
        }

        @Test
        void recordsWhoDidWhatInTheAuditLog() throws IOException {
            client.createData(spec("a", "uri_file", file("a.csv", "x\n1\n")), false);
            Http.send("POST", base + "/api/v1/data", spec("b", "uri_file", src.resolve("missing.csv")).toString());

            JsonNode events = client.audit("alice", "data.", 10).json().get("items");
            assertThat(events).hasSize(2);
            assertThat(events.get(0).get("outcome").asText()).isEqualTo("failure");
            assertThat(events.get(1).get("target").asText()).isEqualTo("data:a:1");
            assertThat(events.get(1).get("principal").asText()).isEqualTo("alice");
        }

        @Test
        void auditsRequestsRejectedBeforeAnyServiceSawThem() {
            Http.send("POST", base + "/api/v1/data", "{not json");

            JsonNode e = client.audit("alice", null, 1).json().get("items").get(0);
            assertThat(e.get("action").asText()).isEqualTo("POST /api/v1/data");
            assertThat(e.get("outcome").asText()).isEqualTo("failure");
            assertThat(e.get("error_code").asText()).isEqualTo("INVALID_PARAMETER");
        }
    }

    @Nested
    class BadInput {
        void assertNothingLeftBehind() throws IOException {
            assertThat(client.listData().json().get("count").asInt()).isZero();
            assertThat(blobs()).isZero();
        }

        JsonNode error(Http.Response r, int status) {
            assertThat(r.status()).as(r.body()).isEqualTo(status);
            return r.json().get("error");
        }

        @Test
        void malformedJsonIs400() throws IOException {
            JsonNode e = error(Http.send("POST", base + "/api/v1/data", "{\"name\": "), 400);

            assertThat(e.get("code").asText()).isEqualTo("INVALID_PARAMETER");
            assertThat(e.get("message").asText()).contains("not valid JSON");
            assertNothingLeftBehind();
        }

        @Test
        void unknownFieldIsNamedWithASuggestion() throws IOException {
            ObjectNode s = spec("a", "uri_file", file("a.csv", "x\n1\n"));
            s.put("descripton", "typo");

            JsonNode e = error(Http.send("POST", base + "/api/v1/data", s.toString()), 400);

            assertThat(e.get("code").asText()).isEqualTo("INVALID_SPEC");
            assertThat(e.get("target").asText()).isEqualTo("descripton");
            assertThat(e.get("message").asText()).contains("unknown field 'descripton'").contains("did you mean 'description'?");
            assertNothingLeftBehind();
        }

        @Test
        void missingFileIs400() throws IOException {
            JsonNode e = error(Http.send("POST", base + "/api/v1/data", spec("a", "uri_file", src.resolve("no.csv")).toString()), 400);

            assertThat(e.get("message").asText()).contains("does not exist");
            assertNothingLeftBehind();
        }

        @Test
        void emptyFileIs400() throws IOException {
            JsonNode e = error(Http.send("POST", base + "/api/v1/data", spec("a", "uri_file", file("e.csv", "")).toString()), 400);

            assertThat(e.get("message").asText()).contains("empty");
            assertNothingLeftBehind();
        }

        @Test
        void raggedRowNamesItsLine() throws IOException {
            Path f = file("r.csv", "a,b\n1,2\n3,4\n5,6,7\n8,9\n");

            JsonNode e = error(Http.send("POST", base + "/api/v1/data", spec("r", "uri_file", f).toString()), 400);

            assertThat(e.get("message").asText()).contains("line 4").contains("more fields than the header");
            assertNothingLeftBehind();
        }

        @Test
        void invalidNameIs400() throws IOException {
            JsonNode e = error(Http.send("POST", base + "/api/v1/data",
                    spec("bad name!", "uri_file", file("a.csv", "x\n1\n")).toString()), 400);

            assertThat(e.get("target").asText()).isEqualTo("name");
            assertNothingLeftBehind();
        }

        @Test
        void versionThatIsNotAPositiveIntegerIs400() throws IOException {
            ObjectNode s = spec("a", "uri_file", file("a.csv", "x\n1\n")).put("version", "v2");

            JsonNode e = error(Http.send("POST", base + "/api/v1/data", s.toString()), 400);

            assertThat(e.get("target").asText()).isEqualTo("version");
            assertThat(error(Http.send("GET", base + "/api/v1/data/a/versions/0", null), 400).get("target").asText())
                    .isEqualTo("version");
            assertNothingLeftBehind();
        }

        @Test
        void pathEscapingTheDatastoreIs400() throws IOException {
            file("store/t.csv", "x\n1\n");
            file("secret.csv", "x\n1\n");
            client.createDatastore(ApiJson.create().createObjectNode().put("name", "raw").put("path", src.resolve("store").toString()));
            ObjectNode s = ApiJson.create().createObjectNode().put("name", "s").put("type", "uri_file")
                    .put("path", "azureml://datastores/raw/paths/../secret.csv");

            JsonNode e = error(Http.send("POST", base + "/api/v1/data", s.toString()), 400);

            assertThat(e.get("message").asText()).contains("escapes the root");
            assertNothingLeftBehind();
        }

        @Test
        void duplicateVersionWithOtherContentIs409NamingBothHashes() throws IOException {
            JsonNode first = client.createData(spec("a", "uri_file", file("a.csv", "x\n1\n")).put("version", 1), false).json();
            long before = blobs();

            JsonNode e = error(Http.send("POST", base + "/api/v1/data",
                    spec("a", "uri_file", file("b.csv", "x\n2\n")).put("version", 1).toString()), 409);

            assertThat(e.get("code").asText()).isEqualTo("CONFLICT");
            assertThat(e.get("message").asText()).contains(first.get("content_hash").asText())
                    .containsPattern("sha256:[0-9a-f]{64}.*sha256:[0-9a-f]{64}");
            assertThat(blobs()).isEqualTo(before);
            assertThat(client.dataVersions("a").json().get("count").asInt()).isEqualTo(1);
        }

        @Test
        void unknownThingsAre404AndWrongMethodsAre405() {
            assertThat(error(Http.send("GET", base + "/api/v1/data/nope/versions/latest", null), 404).get("code").asText())
                    .isEqualTo("NOT_FOUND");
            assertThat(error(Http.send("GET", base + "/api/v1/nothing-here", null), 404).get("message").asText())
                    .contains("/api/v1/nothing-here");
            assertThat(Http.send("DELETE", base + "/api/v1/data", null).status()).isEqualTo(405);
            assertThat(error(Http.send("GET", base + "/api/v1/lineage/data/nope/1", null), 404).get("code").asText())
                    .isEqualTo("NOT_FOUND");
            assertThat(error(Http.send("GET", base + "/api/v1/lineage/widget/x/1", null), 400).get("message").asText())
                    .contains("not a lineage kind");
            assertThat(error(Http.send("GET", base + "/api/v1/audit?limit=0", null), 400).get("target").asText()).isEqualTo("limit");
        }

        @Test
        void theClientSeesTheServersErrorCode() {
            assertThatThrownBy(() -> client.data("nope", "1")).isInstanceOf(CeruleanException.class)
                    .satisfies(e -> assertThat(((CeruleanException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void walksLineageOfADataVersion() throws IOException {
        client.createData(spec("a", "uri_file", file("a.csv", "x\n1\n")), false);

        JsonNode g = client.lineage("data", "a", "latest").json();

        assertThat(g.get("root").get("version").asText()).isEqualTo("1");
        assertThat(g.get("upstream")).isEmpty();
        assertThat(g.get("downstream")).isEmpty();
    }

    @Test
    void validatesSpecsSentAsJson() {
        ObjectNode body = ApiJson.create().createObjectNode().put("kind", "datastore");
        body.putObject("spec").put("name", "raw").put("type", "azure_blob").put("account_name", "a");

        JsonNode e = Http.send("POST", base + "/api/v1/specs/validate", body.toString()).json().get("error");

        assertThat(e.get("message").asText()).contains("not supported yet");
    }
}
