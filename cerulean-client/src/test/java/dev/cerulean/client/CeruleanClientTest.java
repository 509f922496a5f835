package dev.cerulean.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.Principal;
import dev.cerulean.core.Version;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.Leaderboard;
import dev.cerulean.core.jobs.SearchSummary;
import dev.cerulean.core.jobs.Snapshot;
import dev.cerulean.core.jobs.SweepSummary;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call of the client against the real server on a free port: what it returns is the record
 * the server holds (read back through the workspace), its JSON is the server's document, and an
 * error answer is the exception the service raised, with its code, message, target and details.
 */
class CeruleanClientTest {
    static final ObjectMapper JSON = ApiJson.create();
    static final Principal TESTER = new Principal("tester");
    static final Duration JOB_LIMIT = Duration.ofMinutes(3);
    static final Path IRIS = Path.of("../samples/data/sk_iris.csv").toAbsolutePath().normalize();
    static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path dir;
    static CeruleanServer server;
    static Workspace ws;
    static CeruleanClient client;
    static String model;

    @BeforeAll
    static void start() {
        server = CeruleanServer.start(WorkspaceConfig.at(dir.resolve("home")), "127.0.0.1", 0);
        ws = server.workspace();
        client = new CeruleanClient(URI.create(server.url()), TESTER.name());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A name no other test uses. */
    static String name(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    static Path file(String name, String content) throws IOException {
        Path f = dir.resolve("files").resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    /**
     * The record, written back as JSON by the mapper the server uses, is the server's document:
     * every field the record holds came across with its value (the server may add more beside it).
     */
    static void sameAsTheServerSent(Object value, JsonNode sent) throws IOException {
        JsonNode written = JSON.readTree(JSON.writeValueAsString(value));
        JsonNode received = JSON.readTree(JSON.writeValueAsString(sent));
        assertThat(written.size()).as("fields of %s", value.getClass().getSimpleName()).isPositive();
        for (Iterator<Map.Entry<String, JsonNode>> it = written.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            assertThat(received.get(f.getKey())).as("field %s of %s", f.getKey(), sent).isEqualTo(f.getValue());
        }
    }

    /**
     * What a create answered is the record the server then stores. The answer carries its times as
     * the service made them, the store keeps milliseconds: times are compared to the millisecond.
     */
    static void sameAsStored(Object created, Object stored) throws IOException {
        JsonNode a = JSON.valueToTree(created);
        JsonNode b = JSON.valueToTree(stored);
        assertThat(a.size()).isEqualTo(b.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().endsWith("_at")) {
                assertThat(Instant.parse(f.getValue().asText()).truncatedTo(ChronoUnit.MILLIS)).as(f.getKey())
                        .isEqualTo(Instant.parse(b.get(f.getKey()).asText()).truncatedTo(ChronoUnit.MILLIS));
            } else {
                assertThat(f.getValue()).as(f.getKey()).isEqualTo(b.get(f.getKey()));
            }
        }
    }

    /** An MLflow route called as MLflow's clients call it. */
    static JsonNode mlflow(String route, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + route))
                .header("Content-Type", "application/json").header(CeruleanClient.USER_HEADER, TESTER.name())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static ObjectNode spec(String yamlLikeJson) throws IOException {
        return (ObjectNode) JSON.readTree(yamlLikeJson);
    }

    /** Submits a job and polls it to its end. */
    static Typed<JobDetail> run(ObjectNode spec, List<String> localPaths) throws Exception {
        String job = client.submitJob(spec, localPaths).value().name();
        return Poll.of(() -> client.job(job)).every(Duration.ofMillis(50), Duration.ofMillis(500))
                .within(JOB_LIMIT, "job " + job, j -> j.value().job().status().toString()).until(j -> j.value().job().status().isTerminal());
    }

    /** A registered model trained on iris, made once for the tests that need one. */
    static synchronized String model() throws Exception {
        if (model == null) {
            Typed<JobDetail> trained = run(spec("""
                    {"type": "train", "name": "iris-train", "data": "%s", "target": "target", "algorithm": "lightgbm", "cv_folds": 0,
                     "experiment_name": "client-tests", "hyperparameters": {"num_iterations": 10}}""".formatted(IRIS)), List.of());
            assertThat(trained.value().job().status()).as(trained.json().toString()).isEqualTo(JobStatus.COMPLETED);
            client.tracking().createRegisteredModel("iris-model");
            client.tracking().createModelVersion("iris-model", "runs:/iris-train/model", "iris-train", "for the client's tests");
            model = "iris-model";
        }
        return model;
    }

    @Test
    void theWorkspaceIsTheOneTheServerServes() throws IOException {
        Typed<WorkspaceInfo> w = client.workspace();

        assertThat(w.value().home()).isEqualTo(ws.info().home()).isEqualTo(w.json().get("home").asText());
        assertThat(w.value().database()).isEqualTo(ws.info().database());
        assertThat(w.value().artifacts()).isEqualTo(ws.info().artifacts());
        assertThat(w.value().versions()).isEqualTo(ws.info().versions()).containsEntry("cerulean", Version.get());
        // In the server's order, as workspace show prints them.
        assertThat(w.value().versions().keySet()).containsExactlyElementsOf(ws.info().versions().keySet());
        sameAsTheServerSent(w.value(), w.json());
        assertThat(client.ping(Duration.ofSeconds(5))).isTrue();
    }

    @Nested
    class Data {
        @Test
        void aRegisteredVersionIsTheRecordTheServerStores() throws IOException {
            String n = name("iris");
            Path csv = file(n + ".csv", "sepal,species\n5.1,setosa\n4.9,setosa\n6.3,virginica\n");
            ObjectNode spec = JSON.createObjectNode().put("name", n).put("type", "uri_file").put("path", csv.toString())
                    .put("description", "flowers");
            spec.putObject("tags").put("source", "uci").put("team", "risk");

            Typed<DataAsset> created = client.createData(spec, false);

            DataAsset stored = ws.data().get(AssetRef.of(n, 1));
            sameAsStored(created.value(), stored);
            sameAsTheServerSent(created.value(), created.json());
            assertThat(client.data(n, "1").value()).isEqualTo(stored);
            assertThat(client.data(n, "latest").value()).isEqualTo(stored);
            assertThat(client.dataVersions(n).value()).containsExactly(stored);
            assertThat(client.listData().value()).contains(stored);
            assertThat(client.listData().json().get("count").asInt()).isEqualTo(client.listData().value().size());
            assertThat(client.dataFiles(n, "1").value()).isEqualTo(ws.data().files(AssetRef.of(n, 1)));
        }

        @Test
        void aProfileCarriesEveryStatisticTheServerComputed() throws IOException {
            String n = name("flowers");
            client.createData(JSON.createObjectNode().put("name", n).put("type", "uri_file").put("path", IRIS.toString()), false);

            Typed<DataProfile> p = client.profile(n, "1");

            var server = ws.data().profile(AssetRef.of(n, 1));
            assertThat(p.value().rowCount()).isEqualTo(server.rowCount()).isEqualTo(150);
            assertThat(p.value().columns()).hasSameSizeAs(server.columns());
            for (int i = 0; i < server.columns().size(); i++) {
                var expected = server.columns().get(i);
                DataProfile.ColumnProfile got = p.value().columns().get(i);
                assertThat(got.name()).isEqualTo(expected.name());
                assertThat(got.kind()).isEqualTo(expected.kind());
                assertThat(got.missing()).isEqualTo(expected.missing());
                assertThat(got.distinct()).isEqualTo(expected.distinct());
                assertThat(got.mean()).isEqualTo(expected.mean());
                assertThat(got.quantiles()).isEqualTo(expected.quantiles() == null ? Map.of() : expected.quantiles());
                assertThat(got.histogram()).extracting(DataProfile.Bin::count)
                        .containsExactlyElementsOf(expected.histogram() == null ? List.of() : expected.histogram().stream().map(b -> b.count()).toList());
                assertThat(got.top() == null ? List.of() : got.top().stream().map(DataProfile.ValueCount::value).toList())
                        .isEqualTo(expected.top() == null ? List.of() : expected.top().stream().map(t -> t.value()).toList());
            }
            assertThat(p.value().columns().get(0).min().asDouble()).isEqualTo(4.3);
            assertThat(p.value().columns().get(4).top()).extracting(DataProfile.ValueCount::count).containsOnly(50L);
            assertThat(p.value().correlations().columns()).isEqualTo(server.correlations().columns());
            assertThat(p.value().correlations().matrix()).isEqualTo(server.correlations().matrix());
        }

        @Test
        void everyFileIsDownloadedAndCheckedAgainstItsHash() throws IOException {
            String n = name("parts");
            file(n + "/a.csv", "x\n1\n");
            file(n + "/sub/b.csv", "x\n2\n");
            client.createData(JSON.createObjectNode().put("name", n).put("type", "uri_folder").put("path", dir.resolve("files/" + n).toString()),
                    false);

            List<Path> got = client.downloadData(n, "latest", dir.resolve("out/" + n));

            assertThat(got).extracting(p -> dir.resolve("out/" + n).relativize(p).toString()).containsExactlyInAnyOrder("a.csv", "sub/b.csv");
            assertThat(Files.readString(dir.resolve("out/" + n + "/sub/b.csv"))).isEqualTo("x\n2\n");
        }
    }

    @Nested
    class DatastoresLineageAndAudit {
        @Test
        void aDatastoreIsTheRecordTheServerStores() throws IOException {
            String n = name("raw");
            Files.createDirectories(dir.resolve(n));

            var created = client.createDatastore(JSON.createObjectNode().put("name", n).put("type", "local").put("path", dir.resolve(n).toString())
                    .put("description", "landing zone"));

            sameAsStored(created.value(), ws.datastores().get(n));
            sameAsTheServerSent(created.value(), created.json());
            assertThat(client.datastore(n).value()).isEqualTo(ws.datastores().get(n));
            assertThat(client.datastores().value()).contains(ws.datastores().get(n)).extracting(d -> d.name()).contains("workspaceblobstore");
        }

        @Test
        void theAuditLogIsTheServersNewestFirst() throws IOException {
            client.createData(JSON.createObjectNode().put("name", name("audited")).put("type", "uri_file")
                    .put("path", file(name("a") + ".csv", "x\n1\n").toString()), false);

            var events = client.audit(TESTER.name(), "data.", 5);

            assertThat(events.value()).isNotEmpty().isEqualTo(ws.auditEvents(TESTER.name(), "data.", 5));
            assertThat(events.value().get(0).action()).isEqualTo("data.create");
            sameAsTheServerSent(events.value().get(0), events.json().get("items").get(0));
        }
    }

    @Nested
    class Jobs {
        @Test
        void aCommandJobIsTheJobTheServerRunsWithItsLogOutputsAndLineage() throws Exception {
            String n = name("hello");
            Typed<JobDetail> done = run(spec("""
                    {"name": "%s", "command": "echo hello from the job && mkdir -p ${{outputs.result}} && echo ok > ${{outputs.result}}/r.txt",
                     "outputs": {"result": {"name": "%s-result"}}, "experiment_name": "client-tests", "display_name": "hi",
                     "tags": {"team": "risk"}}""".formatted(n, n)), List.of());

            Job job = done.value().job();
            assertThat(job).isEqualTo(ws.jobs().get(n));
            assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(done.value().search()).isNull();
            assertThat(done.value().bestRun()).isEmpty();
            sameAsTheServerSent(job, done.json());
            assertThat(client.jobs(null, null, 1000).value()).contains(job);
            assertThat(client.jobs("Completed", null, 1000).value()).contains(job).allMatch(j -> j.status() == JobStatus.COMPLETED);

            LogChunk log = client.jobLogs(n, 0);
            assertThat(log.text()).contains("hello from the job");
            assertThat(log.ended()).isTrue();
            assertThat(log.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(log.nextOffset()).isEqualTo(log.text().getBytes(StandardCharsets.UTF_8).length);
            assertThat(client.jobLogs(n, log.nextOffset()).text()).isEmpty();

            // The run's artifacts, through MLflow's artifact proxy.
            String root = client.tracking().run(n).value().info().artifactUri().replaceFirst("^mlflow-artifacts:/+", "");
            assertThat(client.tracking().artifactFiles(root + "/outputs")).containsExactly("result/r.txt");
            client.tracking().downloadArtifact(root + "/outputs/result/r.txt", dir.resolve("out/" + n + "/r.txt"));
            assertThat(Files.readString(dir.resolve("out/" + n + "/r.txt"))).isEqualTo("ok\n");

            var lineage = client.lineage("job", n, null);
            assertThat(lineage.value()).isEqualTo(ws.lineage(new LineageNode(LineageKind.JOB, n, "")));
            assertThat(lineage.value().downstream()).extracting(e -> e.to().name()).contains(n + "-result");
        }

        @Test
        void localCodeTravelsAsASnapshotOfTheFilesNotIgnored() throws Exception {
            String n = name("code");
            Path code = dir.resolve(n);
            file(n + "/run.sh", "echo running from the snapshot\n");
            file(n + "/.amlignore", "secret.txt\n");
            file(n + "/secret.txt", "not uploaded\n");
            Files.move(dir.resolve("files/" + n), code);

            Snapshot snap = client.uploadSnapshot(code);
            assertThat(snap.folder()).isTrue();
            assertThat(snap.toJson().get("type").asText()).isEqualTo("folder");
            assertThat(snap.files()).extracting(dev.cerulean.core.data.DataFile::path).containsExactly(".amlignore", "run.sh");
            assertThat(ws.blobs().missing(snap.files().stream().map(dev.cerulean.core.data.DataFile::sha256).toList())).isEmpty();

            Typed<JobDetail> done = run(spec("""
                    {"name": "%s", "command": "bash run.sh", "code": "%s", "experiment_name": "client-tests"}""".formatted(n, code)),
                    List.of(code.toString()));
            assertThat(done.value().job().status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(done.value().job().codeHash()).startsWith("sha256:");
            assertThat(client.jobLogs(n, 0).text()).contains("running from the snapshot");
        }

        @Test
        void aCanceledJobComesBackCanceled() throws Exception {
            String n = name("long");
            client.submitJob(spec("""
                    {"name": "%s", "command": "sleep 60", "experiment_name": "client-tests"}""".formatted(n)), List.of());

            Typed<Job> canceled = client.cancelJob(n);

            assertThat(canceled.value().name()).isEqualTo(n);
            sameAsTheServerSent(canceled.value(), canceled.json());
            Job ended = Poll.of(() -> client.job(n).value().job()).every(Duration.ofMillis(50), Duration.ofMillis(500))
                    .within(JOB_LIMIT, "job " + n, j -> j.status().toString()).until(j -> j.status().isTerminal());
            assertThat(ended.status()).isEqualTo(JobStatus.CANCELED);
            assertThat(ended).isEqualTo(ws.jobs().get(n));
        }

        @Test
        void aSweepCarriesTheSummaryTheServerAddsAndItsTrialsAreItsChildren() throws Exception {
            String n = name("sweep");
            Typed<JobDetail> done = run(spec("""
                    {"name": "%s", "type": "sweep", "experiment_name": "client-tests",
                     "trial": {"type": "train", "data": "%s", "target": "target", "algorithm": "lightgbm", "cv_folds": 0,
                               "hyperparameters": {"num_iterations": 5}},
                     "sampling_algorithm": "grid", "search_space": {"num_leaves": {"type": "choice", "values": [3, 7]}},
                     "objective": {"primary_metric": "validation_accuracy", "goal": "maximize"},
                     "limits": {"max_total_trials": 2, "max_concurrent_trials": 2}}""".formatted(n, IRIS)), List.of());

            assertThat(done.value().job().status()).as(done.json().toString()).isEqualTo(JobStatus.COMPLETED);
            SweepSummary s = done.value().sweep().orElseThrow();
            assertThat(JSON.<JsonNode>valueToTree(s)).isEqualTo(JSON.<JsonNode>valueToTree(ws.jobs().sweepSummary(ws.jobs().get(n)).orElseThrow()));
            assertThat(s.trialsTotal()).isEqualTo(2);
            assertThat(s.trialsCompleted()).isEqualTo(2);
            assertThat(s.goal()).isEqualTo("maximize");
            assertThat(done.value().bestRun()).contains(s.bestRun());
            sameAsTheServerSent(s, done.json());
            assertThat(client.jobs(null, n, 100).value()).extracting(Job::parent).containsOnly(n).hasSize(2);
            assertThat(client.jobs(null, n, 100).value()).extracting(Job::name).contains(s.bestRun());
            Leaderboard board = client.leaderboard(n).value();
            assertThat(board).isEqualTo(ws.jobs().leaderboard(n));
            assertThat(board.entries()).hasSize(2);
            assertThat(board.best()).hasValueSatisfying(b -> assertThat(b.run()).isEqualTo(s.bestRun()));
        }

        @Test
        void anAutoMlJobCarriesItsBestRunAndValue() throws Exception {
            String n = name("automl");
            Typed<JobDetail> done = run(spec("""
                    {"name": "%s", "type": "automl", "experiment_name": "client-tests", "task": "classification",
                     "primary_metric": "accuracy", "target_column_name": "target", "training_data": {"type": "mltable", "path": "%s"},
                     "limits": {"max_trials": 2, "timeout_minutes": 0.2}}""".formatted(n, IRIS)), List.of());

            assertThat(done.value().job().status()).as(done.json().toString()).isEqualTo(JobStatus.COMPLETED);
            SearchSummary a = done.value().search();
            assertThat(a).isEqualTo(ws.jobs().autoMlSummary(ws.jobs().get(n)).orElseThrow());
            Leaderboard board = client.leaderboard(n).value();
            assertThat(board).isEqualTo(ws.jobs().leaderboard(n));
            assertThat(board.primaryMetric()).isEqualTo("accuracy");
            assertThat(board.ranked()).isNotEmpty().allSatisfy(e -> assertThat(e.details()).containsKey("algorithm"));
            assertThat(a.primaryMetric()).isEqualTo("accuracy");
            assertThat(a.bestRun()).isNotNull();
            assertThat(done.value().bestRun()).contains(a.bestRun());
            assertThat(done.value().sweep()).isEmpty();
        }
    }

    @Nested
    class Compute {
        @Test
        void aComputeTargetIsTheServersWithItsLoad() throws IOException {
            String n = name("small");

            var created = client.createCompute(JSON.createObjectNode().put("name", n).put("max_concurrent_jobs", 3).put("description", "tiny"));

            sameAsStored(created.value(), ws.compute().get(n));
            sameAsTheServerSent(created.value(), created.json());
            assertThat(client.computes().value()).contains(ws.compute().get(n));
            Typed<ComputeStatus> status = client.compute(n);
            assertThat(status.value().target()).isEqualTo(ws.compute().get(n));
            assertThat(new int[] {status.value().queuedJobs(), status.value().runningJobs()}).isEqualTo(ws.compute().load(n));
            assertThat(status.json().get("queued_jobs").asInt()).isEqualTo(status.value().queuedJobs());

            client.deleteCompute(n);

            assertThat(catchThrowableOfType(CeruleanException.class, () -> client.compute(n)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class Models {
        /** A version as MLflow's API shows it: without Cerulean's own details, which come from /api/v1/models. */
        ModelVersion asMlflowShowsIt(ModelVersion v) {
            return new ModelVersion(v.name(), v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(), v.userId(), v.currentStage(),
                    v.description(), v.source(), v.runId(), v.runLink(), v.status(), v.statusMessage(), v.tags(), v.aliases(), null, List.of(),
                    null);
        }

        @Test
        void aVersionWithCeruleansDetailsIsTheServersAndLatestResolves() throws Exception {
            String m = model();

            Typed<ModelVersion> v = client.modelVersion(m, "1");

            assertThat(v.value()).isEqualTo(ws.registry().getVersion(m, "1"));
            assertThat(v.value().storageLocation()).startsWith("mlflow-artifacts:/");
            assertThat(v.value().flavors()).isNotEmpty();
            assertThat(v.value().signature()).contains("inputs");
            sameAsTheServerSent(v.value(), v.json());
            assertThat(client.modelVersion(m, "latest").value()).isEqualTo(v.value());
        }

        @Test
        void theRegistryReadsThroughMlflowsApi() throws Exception {
            String m = model();
            mlflow("registered-models/alias", "{\"name\": \"" + m + "\", \"alias\": \"champion\", \"version\": \"1\"}");

            RegisteredModel got = client.tracking().registeredModel(m).value();
            RegisteredModel stored = ws.registry().get(m);
            assertThat(got.name()).isEqualTo(stored.name());
            assertThat(got.aliases()).isEqualTo(stored.aliases()).containsEntry("champion", 1);
            assertThat(got.creationTimestamp()).isEqualTo(stored.creationTimestamp());
            assertThat(got.latestVersions()).isEqualTo(stored.latestVersions().stream().map(this::asMlflowShowsIt).toList());
            assertThat(client.tracking().modelVersionByAlias(m, "champion").value())
                    .isEqualTo(asMlflowShowsIt(ws.registry().getVersion(m, "1")));
            assertThat(client.tracking().searchRegisteredModels("name = '" + m + "'", 10).value().items()).extracting(RegisteredModel::name)
                    .containsExactly(m);
            PageOf<ModelVersion> versions = client.tracking().searchModelVersions("name = '" + m + "'", List.of("version_number DESC"), 10).value();
            assertThat(versions.items()).containsExactly(asMlflowShowsIt(ws.registry().getVersion(m, "1")));
            assertThat(versions.nextPageToken()).isNull();
        }

        @Test
        void aNewVersionIsTheOneTheServerCreated() throws Exception {
            String m = model();

            ModelVersion created = client.tracking().createModelVersion(m, "runs:/iris-train/model", "iris-train", null).value();

            assertThat(created).isEqualTo(asMlflowShowsIt(ws.registry().getVersion(m, Integer.toString(created.version()))));
            assertThat(created.runId()).isEqualTo("iris-train");
        }

        @Test
        void predictionsAreWrittenAndChartsComeAsPng() throws Exception {
            String m = model();
            Path out = dir.resolve("out/predictions.csv");

            int rows = client.predict(m, "1", IRIS, out);

            assertThat(rows).isEqualTo(150);
            assertThat(Files.readAllLines(out)).hasSize(151);
            String metric = client.tracking().run("iris-train").value().metrics().get(0).key();
            byte[] png = client.metricChart("iris-train", metric);
            assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    @Nested
    class Tracking {
        @Test
        void experimentsAreTheServers() throws Exception {
            String n = name("exp");
            String id = mlflow("experiments/create", "{\"name\": \"" + n + "\", \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}")
                    .get("experiment_id").asText();

            assertThat(client.tracking().experiment(id).value()).isEqualTo(ws.tracking().experiment(id));
            assertThat(client.tracking().experimentByName(n).value()).isEqualTo(ws.tracking().experiment(id));
            assertThat(client.tracking().experiment(id).json().get("name").asText()).isEqualTo(n);
            assertThat(client.tracking().searchExperiments("name = '" + n + "'", false, 10).value().items())
                    .containsExactly(ws.tracking().experiment(id));
        }

        @Test
        void runsWithTheirMetricsParamsTagsAndInputsAreTheServers() throws Exception {
            String exp = mlflow("experiments/create", "{\"name\": \"" + name("runs") + "\"}").get("experiment_id").asText();
            List<String> ids = new ArrayList<>();
            for (String n : List.of("a", "b", "c")) {
                String id = mlflow("runs/create", "{\"experiment_id\": \"" + exp + "\", \"run_name\": \"" + n + "\", \"user_id\": \"ann\", "
                        + "\"start_time\": 1000}").get("run").get("info").get("run_id").asText();
                mlflow("runs/log-batch", "{\"run_id\": \"" + id + "\", \"params\": [{\"key\": \"model\", \"value\": \"" + n + "\"}], "
                        + "\"tags\": [{\"key\": \"stage\", \"value\": \"dev\"}], \"metrics\": [{\"key\": \"loss\", \"value\": 0.9, \"timestamp\": 1, "
                        + "\"step\": 0}, {\"key\": \"loss\", \"value\": " + (n.equals("b") ? "0.1" : "0.5") + ", \"timestamp\": 2, \"step\": 1}]}");
                ids.add(id);
            }
            mlflow("runs/log-inputs", "{\"run_id\": \"" + ids.get(0) + "\", \"datasets\": [{\"tags\": [{\"key\": \"mlflow.data.context\", "
                    + "\"value\": \"train\"}], \"dataset\": {\"name\": \"t\", \"digest\": \"abc\", \"source_type\": \"local\", \"source\": \"{}\"}}]}");
            mlflow("runs/update", "{\"run_id\": \"" + ids.get(0) + "\", \"status\": \"FINISHED\", \"end_time\": 2000}");

            for (String id : ids) {
                assertThat(client.tracking().run(id).value()).isEqualTo(ws.tracking().run(id));
            }
            Run first = client.tracking().run(ids.get(0)).value();
            assertThat(first.inputs()).hasSize(1);
            assertThat(first.info().endTime()).isEqualTo(2000L);
            assertThat(first.params()).containsEntry("model", "a");

            RunSearch notC = RunSearch.in(exp).withFilter("params.model != 'c'").withOrderBy(List.of("metrics.loss ASC")).withMaxResults(1);
            PageOf<Run> best = client.tracking().searchRuns(notC).value();
            assertThat(best.items()).extracting(r -> r.info().runName()).containsExactly("b");
            assertThat(best.nextPageToken()).isNotNull();
            PageOf<Run> next = client.tracking().searchRuns(notC.withPageToken(best.nextPageToken())).value();
            assertThat(next.items()).extracting(r -> r.info().runName()).containsExactly("a");
            assertThat(client.tracking().searchAllRuns(RunSearch.in(exp).withMaxResults(2))).extracting(r -> r.info().runId())
                    .containsExactlyInAnyOrderElementsOf(ids);

            var history = client.tracking().metricHistory(ids.get(1), "loss", null).value();
            assertThat(history.items()).isEqualTo(ws.tracking().metricHistory(ids.get(1), "loss", null, null).items());
            assertThat(history.items()).extracting(m -> m.value()).containsExactly(0.9, 0.1);
        }
    }

    @Nested
    class Endpoints {
        @Test
        void anOnlineEndpointWithItsDeploymentScoresInEveryProtocol() throws Exception {
            String m = model();
            String n = name("web");
            EndpointClient ec = client.endpoints();
            ObjectNode spec = JSON.createObjectNode().put("name", n).put("auth_mode", "key").put("description", "the web");
            spec.putObject("tags").put("owner", "me");

            Typed<OnlineEndpointDetail> created = ec.createOnline(spec);

            sameAsStored(created.value().endpoint(), ws.endpoints().get(n));
            assertThat(created.value().scoringUri()).isEqualTo(server.url() + "/endpoints/" + n + "/score")
                    .isEqualTo(created.json().get("scoring_uri").asText());
            assertThat(created.value().invocationsUri()).endsWith("/endpoints/" + n + "/invocations");
            assertThat(created.value().inferenceUri()).endsWith("/v2/models/" + n + "/infer");
            sameAsTheServerSent(created.value().endpoint(), created.json());
            assertThat(ec.online(n).value().endpoint()).isEqualTo(ws.endpoints().get(n));
            assertThat(ec.onlineList().value()).contains(ec.online(n).value());

            Typed<OnlineDeploymentDetail> d = ec.createDeployment(n, JSON.createObjectNode().put("name", "blue").put("endpoint_name", n)
                    .put("model", "azureml:" + m + ":1").put("instance_count", 1));
            var info = ws.endpoints().deployment(n, "blue");
            sameAsStored(d.value().deployment(), info.deployment());
            assertThat(d.value().provisioningState()).isEqualTo(info.provisioningState()).isEqualTo("Succeeded");
            assertThat(d.value().status().ready()).isTrue();
            assertThat(d.value().status().state()).isEqualTo("Ready");
            assertThat(d.value().status().replicas()).hasSize(1);
            sameAsTheServerSent(d.value().deployment(), d.json());
            assertThat(ec.deployment(n, "blue").value().deployment()).isEqualTo(info.deployment());
            assertThat(ec.deployments(n).value()).extracting(OnlineDeploymentDetail::deployment).containsExactly(info.deployment());
            assertThat(ec.logs(n, "blue", 50).value()).isNotEmpty().isEqualTo(ws.endpoints().logs(n, "blue", 50));

            Typed<OnlineEndpointDetail> routed = ec.updateOnline(n, Map.of("blue", 100), null, "now live");
            sameAsStored(routed.value().endpoint(), ws.endpoints().get(n));
            assertThat(routed.value().endpoint().traffic()).isEqualTo(Map.of("blue", 100));
            assertThat(routed.value().endpoint().description()).isEqualTo("now live");

            String key = ec.keys(n).value().primaryKey();
            String secondary = ec.keys(n).value().secondaryKey();
            byte[] rows = ("{\"input_data\": {\"columns\": [\"sepal_length_cm\", \"sepal_width_cm\", \"petal_length_cm\", \"petal_width_cm\"], "
                    + "\"data\": [[5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]]}}").getBytes(StandardCharsets.UTF_8);
            assertThat(ec.score(n, key, null, rows)).hasSize(2);
            assertThat(ec.score(n, key, "blue", rows)).hasSize(2);
            assertThat(ec.invocations(n, key, ("{\"dataframe_split\": {\"columns\": [\"sepal_length_cm\", \"sepal_width_cm\", "
                    + "\"petal_length_cm\", \"petal_width_cm\"], \"data\": [[5.1, 3.5, 1.4, 0.2]]}}").getBytes(StandardCharsets.UTF_8))
                    .get("predictions")).hasSize(1);
            String oip = "{\"inputs\": [" + String.join(", ", List.of("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm")
                    .stream().map(c -> "{\"name\": \"" + c + "\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1.0]}").toList()) + "]}";
            assertThat(ec.infer(n, key, oip.getBytes(StandardCharsets.UTF_8)).get("outputs")).isNotEmpty();

            var regenerated = ec.regenerateKey(n, "primary").value();
            assertThat(regenerated.primaryKey()).isNotEqualTo(key);
            assertThat(regenerated.secondaryKey()).isEqualTo(secondary);
            CeruleanException refused = catchThrowableOfType(CeruleanException.class, () -> ec.score(n, key, null, rows));
            assertThat(refused.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);

            ec.updateOnline(n, Map.of(), null, null);
            assertThat(ec.deleteDeployment(n, "blue").value()).isEqualTo(new Deleted("blue", true));
            Typed<Deleted> gone = ec.deleteOnline(n);
            assertThat(gone.value()).isEqualTo(new Deleted(n, true));
            assertThat(gone.json().get("deleted").asBoolean()).isTrue();
            assertThat(catchThrowableOfType(CeruleanException.class, () -> ec.online(n)).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void aBatchEndpointScoresADataAssetInAJob() throws Exception {
            String m = model();
            String n = name("nightly");
            String data = name("to-score");
            client.createData(JSON.createObjectNode().put("name", data).put("type", "uri_file").put("path", IRIS.toString()), false);
            EndpointClient ec = client.endpoints();

            var created = ec.createBatch(JSON.createObjectNode().put("name", n).put("description", "batch"));
            sameAsStored(created.value(), ws.batchEndpoints().get(n));
            sameAsTheServerSent(created.value(), created.json());

            ObjectNode dep = JSON.createObjectNode().put("name", "bd").put("endpoint_name", n).put("type", "model").put("model", "azureml:" + m + ":1");
            dep.putObject("settings").put("max_concurrency_per_instance", 2).put("mini_batch_rows", 40);
            var deployment = ec.createBatchDeployment(n, dep, true);
            sameAsStored(deployment.value(), ws.batchEndpoints().deployment(n, "bd"));
            assertThat(deployment.json().get("model").asText()).isEqualTo(deployment.value().model());
            sameAsTheServerSent(deployment.value(), deployment.json());
            assertThat(ec.batchDeployment(n, "bd").value()).isEqualTo(ws.batchEndpoints().deployment(n, "bd"));
            assertThat(ec.batchDeployments(n).value()).containsExactly(ws.batchEndpoints().deployment(n, "bd"));
            sameAsStored(ec.setDefaultDeployment(n, "bd").value(), ws.batchEndpoints().get(n));
            assertThat(ec.batch(n).value().defaultDeployment()).isEqualTo("bd");
            assertThat(ec.batchList().value()).contains(ws.batchEndpoints().get(n));

            String id = ec.invoke(n, data + ":1", null, null, null).value().id();
            Typed<dev.cerulean.core.endpoint.BatchJob> done = Poll.of(() -> ec.job(n, id)).every(Duration.ofMillis(50), Duration.ofMillis(500))
                    .within(JOB_LIMIT, "batch job " + id, j -> j.value().status().toString()).until(j -> j.value().status().isFinal());

            assertThat(done.value()).isEqualTo(ws.batchEndpoints().job(n, id));
            assertThat(done.value().rowsScored()).isEqualTo(150);
            assertThat(done.value().miniBatches()).isEqualTo(4);
            assertThat(done.json().get("rows_skipped").asLong()).isEqualTo(done.value().rowsSkipped());
            sameAsTheServerSent(done.value(), done.json());
            assertThat(ec.jobs(n).value()).containsExactly(done.value());

            assertThat(ec.deleteBatchDeployment(n, "bd").value()).isEqualTo(new Deleted("bd", true));
            assertThat(ec.deleteBatch(n).value()).isEqualTo(new Deleted(n, true));
        }
    }

    @Nested
    class Errors {
        /** The client's exception is the one the service raised: same code, message, target and details. */
        void sameAs(CeruleanException got, CeruleanException raised) {
            assertThat(got.code()).isEqualTo(raised.code());
            assertThat(got.getMessage()).isEqualTo(raised.getMessage());
            assertThat(got.target()).isEqualTo(raised.target());
            assertThat(got.details()).isEqualTo(raised.details());
        }

        @Test
        void aMissingResourceIsNotFoundWithTheServersMessageAndTarget() {
            CeruleanException got = catchThrowableOfType(CeruleanException.class, () -> client.data("nope", "3"));
            CeruleanException raised = catchThrowableOfType(CeruleanException.class, () -> ws.data().get(AssetRef.of("nope", 3)));

            assertThat(got.code()).isEqualTo(ErrorCode.NOT_FOUND);
            sameAs(got, raised);
        }

        @Test
        void aSpecWithSeveralProblemsListsEachInItsDetails() throws IOException {
            ObjectNode bad = JSON.createObjectNode().put("name", "bad name!").put("type", "uri_fil").put("colour", "blue");

            CeruleanException got = catchThrowableOfType(CeruleanException.class, () -> client.createData(bad.deepCopy(), false));
            CeruleanException raised = catchThrowableOfType(CeruleanException.class, () -> ws.data().create(TESTER, bad.deepCopy(), false));

            assertThat(got.details()).hasSizeGreaterThan(1);
            sameAs(got, raised);
        }

        @Test
        void aBadValueNamesItsField() {
            CeruleanException got = catchThrowableOfType(CeruleanException.class, () -> client.jobs("Sleeping", null, 10));

            assertThat(got.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(got.target()).isEqualTo("status");
            assertThat(got.getMessage()).contains("'Sleeping' is not a job status");
        }

        @Test
        void mlflowsErrorCodesComeBackAsCeruleansCodes() throws Exception {
            String m = model();

            CeruleanException missing = catchThrowableOfType(CeruleanException.class, () -> client.tracking().run("0123456789abcdef0123456789abcdef"));
            CeruleanException twice = catchThrowableOfType(CeruleanException.class, () -> client.tracking().createRegisteredModel(m));
            CeruleanException noAlias = catchThrowableOfType(CeruleanException.class, () -> client.tracking().modelVersionByAlias(m, "nobody"));

            assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(missing.getMessage()).isEqualTo(catchThrowableOfType(CeruleanException.class,
                    () -> ws.tracking().run("0123456789abcdef0123456789abcdef")).getMessage());
            assertThat(twice.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
            assertThat(twice.getMessage()).contains(m);
            assertThat(noAlias.code()).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void aServerThatIsNotThereIsUnavailable() throws IOException {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            CeruleanClient nobody = new CeruleanClient(URI.create("http://127.0.0.1:" + port), null);

            assertThat(nobody.ping(Duration.ofMillis(500))).isFalse();
            CeruleanException e = catchThrowableOfType(CeruleanException.class, nobody::workspace);
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains("cannot connect to Cerulean at http://127.0.0.1:" + port);
        }
    }
}
