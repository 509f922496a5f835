package dev.cerulean.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.audit.AuditEvent;
import dev.cerulean.core.data.Column;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.data.Datastore;
import dev.cerulean.core.data.TableFormat;
import dev.cerulean.core.lineage.LineageEdge;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.jobs.ComputeTarget;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.RunInfo;
import dev.cerulean.core.tracking.SearchFilter;
import dev.cerulean.core.tracking.SearchFilter.Target;
import dev.cerulean.core.tracking.ViewType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MetadataStore} must have; subclassed once per database. */
public abstract class MetadataStoreContract {
    protected MetadataStore store;

    /** A new store over an empty database. */
    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    static DataAsset asset(String name, int version, String hash) {
        return new DataAsset(name, version, DataType.URI_FILE, "desc", Map.of("k", "v"), "/data/" + name + ".csv", false,
                "sha256:" + hash, 42, 1, TableFormat.CSV, List.of(new Column("a", "BIGINT")), T0, "alice");
    }

    @Nested
    class DataAssets {
        @Test
        void insertsAndReadsBackEveryField() {
            DataAsset a = asset("adult", 1, "aa");
            store.dataAssets().insert(a, List.of(new DataFile("adult.csv", "a".repeat(64), 42)));

            assertThat(store.dataAssets().get("adult", 1)).contains(a);
            assertThat(store.dataAssets().files("adult", 1)).containsExactly(new DataFile("adult.csv", "a".repeat(64), 42));
        }

        @Test
        void findsTheVersionALoggedDatasetStandsForByDigestOrSource() {
            String h1 = "0123456789abcdef".repeat(4);
            String h2 = "fedcba9876543210".repeat(4);
            store.dataAssets().insert(asset("adult", 1, h1), List.of());
            store.dataAssets().insert(asset("adult", 2, h2), List.of());
            DataAsset odd = new DataAsset("odd", 1, DataType.URI_FILE, "", Map.of(), "/data/100%_of_it.csv", false, "sha256:" + "9".repeat(64),
                    1, 1, TableFormat.CSV, List.of(), T0, "alice");
            store.dataAssets().insert(odd, List.of());

            assertThat(store.dataAssets().matching("sha256:" + h1, "")).map(DataAsset::version).contains(1);
            assertThat(store.dataAssets().matching(h2.substring(0, 8), null)).map(DataAsset::version).contains(2);
            assertThat(store.dataAssets().matching("0123", "")).as("a prefix shorter than 8").isEmpty();
            assertThat(store.dataAssets().matching("x", "see azureml:adult:1 please")).map(DataAsset::version).contains(1);
            assertThat(store.dataAssets().matching("x", "file:///data/adult.csv")).as("the newest version with that source")
                    .map(DataAsset::version).contains(2);
            assertThat(store.dataAssets().matching("x", "/data/100%_of_it.csv")).map(DataAsset::name).contains("odd");
            assertThat(store.dataAssets().matching("x", "/data/100xx_of_it.csv")).as("no wildcard in a source").isEmpty();
            assertThat(store.dataAssets().matching("x", "s3://elsewhere/t.csv")).isEmpty();
        }

        @Test
        void rejectsADuplicateVersionAndKeepsTheFirst() {
            store.dataAssets().insert(asset("adult", 1, "aa"), List.of());

            assertThatThrownBy(() -> store.dataAssets().insert(asset("adult", 1, "bb"), List.of()))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("adult:1");
            assertThat(store.dataAssets().get("adult", 1).orElseThrow().contentHash()).isEqualTo("sha256:aa");
        }

        @Test
        void aFailedInsertLeavesNoFiles() {
            store.dataAssets().insert(asset("adult", 1, "aa"), List.of(new DataFile("x", "a".repeat(64), 1)));

            assertThatThrownBy(() -> store.dataAssets().insert(asset("adult", 1, "bb"),
                    List.of(new DataFile("y", "b".repeat(64), 1)))).isInstanceOf(AlreadyExistsException.class);
            assertThat(store.dataAssets().files("adult", 1)).extracting(DataFile::path).containsExactly("x");
        }

        @Test
        void tracksLatestAndVersionsOfEachName() {
            store.dataAssets().insert(asset("adult", 1, "aa"), List.of());
            store.dataAssets().insert(asset("adult", 2, "bb"), List.of());
            store.dataAssets().insert(asset("iris", 1, "cc"), List.of());

            assertThat(store.dataAssets().maxVersion("adult")).isEqualTo(2);
            assertThat(store.dataAssets().maxVersion("none")).isZero();
            assertThat(store.dataAssets().latest("adult").orElseThrow().version()).isEqualTo(2);
            assertThat(store.dataAssets().versions("adult")).extracting(DataAsset::version).containsExactly(2, 1);
            assertThat(store.dataAssets().latestOfEach()).extracting(DataAsset::id).containsExactly("adult:2", "iris:1");
        }

        @Test
        void storesAProfileWithTheVersion() {
            store.dataAssets().insert(asset("adult", 1, "aa"), List.of());
            assertThat(store.dataAssets().profile("adult", 1)).isEmpty();

            String big = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
            store.dataAssets().saveProfile("adult", 1, big);

            assertThat(store.dataAssets().profile("adult", 1)).contains(big);
        }

        @Test
        void concurrentInsertsOfOneVersionLetExactlyOneWin() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 8; i++) {
                String hash = "h" + i;
                pool.submit(() -> {
                    try {
                        store.dataAssets().insert(asset("race", 1, hash), List.of());
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(errors).hasSize(7).allMatch(t -> t instanceof AlreadyExistsException);
            assertThat(store.dataAssets().versions("race")).hasSize(1);
        }
    }

    @Nested
    class Datastores {
        @Test
        void insertsListsAndRejectsDuplicates() {
            Datastore d = new Datastore("raw", "local", "/srv/raw", "", Map.of(), T0, "alice");
            store.datastores().insert(d);

            assertThat(store.datastores().get("raw")).contains(d);
            assertThat(store.datastores().list()).containsExactly(d);
            assertThatThrownBy(() -> store.datastores().insert(d)).isInstanceOf(AlreadyExistsException.class);
        }
    }

    @Nested
    class Lineage {
        @Test
        void recordsEdgesOnceAndFindsThemFromBothEnds() {
            LineageNode data = new LineageNode(LineageKind.DATA, "adult", "1");
            LineageNode job = new LineageNode(LineageKind.JOB, "run-1", "");
            LineageEdge e = new LineageEdge(data, job, "input", T0);
            store.lineage().add(e);
            store.lineage().add(e);

            assertThat(store.lineage().from(data)).containsExactly(e);
            assertThat(store.lineage().to(job)).containsExactly(e);
            assertThat(store.lineage().to(data)).isEmpty();
        }
    }

    @Nested
    class Audit {
        @Test
        void appendsAndListsNewestFirstWithFilters() {
            store.audit().append(new AuditEvent(0, T0, "alice", "data.create", "data:adult:1", AuditEvent.SUCCESS, null, null));
            AuditEvent failed = store.audit().append(new AuditEvent(0, T0.plusSeconds(1), "bob", "datastore.create", "datastore:x",
                    AuditEvent.FAILURE, "INVALID_PARAMETER", "bad path"));

            assertThat(failed.id()).isPositive();
            assertThat(store.audit().list(null, null, 10)).extracting(AuditEvent::principal).containsExactly("bob", "alice");
            assertThat(store.audit().list("alice", null, 10)).hasSize(1);
            assertThat(store.audit().list(null, "datastore.", 10)).containsExactly(failed);
            assertThat(store.audit().list(null, null, 1)).hasSize(1);
        }
    }

    static Job job(String name, String parent, JobStatus status, Instant created) {
        com.fasterxml.jackson.databind.node.ObjectNode spec = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("command", "echo é");
        return new Job(name, dev.cerulean.core.jobs.JobType.COMMAND, "Display " + name, "0", status, "local", spec,
                dev.cerulean.core.jobs.Resolved.NONE, "sha256:" + "c".repeat(64), null, parent, created, null, null, "alice", "about " + name,
                Map.of("team", "risk"), null);
    }

    @Nested
    class Jobs {
        @Test
        void insertsAndReadsBackEveryField() {
            var j = job("j1", null, JobStatus.QUEUED, T0);
            store.jobs().insert(j);

            assertThat(store.jobs().get("j1")).contains(j);
            assertThat(store.jobs().get("nope")).isEmpty();
            assertThatThrownBy(() -> store.jobs().insert(job("j1", null, JobStatus.QUEUED, T0)))
                    .isInstanceOf(AlreadyExistsException.class);
        }

        @Test
        void listsNewestFirstByStatusAndParent() {
            store.jobs().insert(job("sweep", null, JobStatus.RUNNING, T0));
            store.jobs().insert(job("trial-1", "sweep", JobStatus.COMPLETED, T0.plusSeconds(1)));
            store.jobs().insert(job("trial-2", "sweep", JobStatus.QUEUED, T0.plusSeconds(2)));
            store.jobs().insert(job("other", null, JobStatus.QUEUED, T0.plusSeconds(3)));

            assertThat(store.jobs().list(null, "sweep", 10)).extracting(Job::name)
                    .containsExactly("trial-2", "trial-1");
            assertThat(store.jobs().list(JobStatus.QUEUED, null, 10)).extracting(Job::name)
                    .containsExactly("other", "trial-2");
            assertThat(store.jobs().list(null, null, 2)).hasSize(2);
            // Submission order, for recovery at start-up.
            assertThat(store.jobs().inStates(List.of(JobStatus.QUEUED, JobStatus.RUNNING)))
                    .extracting(Job::name).containsExactly("sweep", "trial-2", "other");
        }

        @Test
        void movesOnlyFromTheExpectedStates() {
            store.jobs().insert(job("j", null, JobStatus.QUEUED, T0));
            var active = List.of(JobStatus.QUEUED, JobStatus.STARTING,
                    JobStatus.RUNNING);

            assertThat(store.jobs().transition("j", active, JobStatus.CANCELED, "canceled by bob", null,
                    T0.plusSeconds(5))).isTrue();
            // A worker that picked the job up at the same moment cannot mark it running.
            assertThat(store.jobs().transition("j", List.of(JobStatus.QUEUED), JobStatus.RUNNING,
                    null, T0.plusSeconds(6), null)).isFalse();
            var j = store.jobs().get("j").orElseThrow();
            assertThat(j.status()).isEqualTo(JobStatus.CANCELED);
            assertThat(j.error()).isEqualTo("canceled by bob");
            assertThat(j.endedAt()).isEqualTo(T0.plusSeconds(5));
        }

        @Test
        void keepsComputeTargets() {
            var c = new ComputeTarget("gpu-box", "local", 3, "the big one", T0, "alice");
            store.jobs().insertCompute(c);

            assertThat(store.jobs().compute("gpu-box")).contains(c);
            assertThatThrownBy(() -> store.jobs().insertCompute(c)).isInstanceOf(AlreadyExistsException.class);
            assertThat(store.jobs().computes()).extracting(ComputeTarget::name).contains("gpu-box");
            store.jobs().deleteCompute("gpu-box");
            assertThat(store.jobs().compute("gpu-box")).isEmpty();
        }
    }

    /**
     * Filters on absent keys, as MLflow's SQL stores answer them: a tag or param comparison ({@code !=},
     * {@code LIKE}, {@code NOT IN}) needs the key, except the registry's prompt tag, whose absence means
     * "a model, not a prompt".
     */
    @Nested
    class SearchesOnAbsentKeys {
        private static final String PROMPT_FILTER = "tags.`mlflow.prompt.is_prompt` != 'true'";

        private List<String> runs(String filter) {
            return store.tracking().searchRuns(List.of("0"), SearchFilter.parse(filter, Target.RUNS), List.of(), ViewType.ALL, 100, 0)
                    .items().stream().map(r -> r.info().runName()).sorted().toList();
        }

        private List<String> experiments(String filter) {
            return store.tracking().searchExperiments(SearchFilter.parse(filter, Target.EXPERIMENTS), List.of(), ViewType.ALL, 100, 0)
                    .items().stream().map(Experiment::name).sorted().toList();
        }

        private List<String> models(String filter) {
            return store.registry().searchRegisteredModels(SearchFilter.parse(filter, Target.REGISTERED_MODELS), List.of(), 100, 0)
                    .items().stream().map(RegisteredModel::name).toList();
        }

        private List<String> versions(String filter) {
            return store.registry().searchModelVersions(SearchFilter.parse(filter, Target.MODEL_VERSIONS), List.of(), 100, 0)
                    .items().stream().map(v -> v.name() + ":" + v.version()).toList();
        }

        private void run(String name, Map<String, String> params, Map<String, String> tags) {
            String id = (name + "00000000000000000000000000000000").substring(0, 32);
            store.tracking().createRun(new RunInfo(id, "0", name, "alice", "FINISHED", 1L, 2L, "mlflow-artifacts:/0/" + id, "active"), tags);
            store.tracking().logBatch(id, List.of(), params, Map.of());
        }

        private void model(String name, Map<String, String> tags) {
            store.registry().createRegisteredModel(name, null, "alice", tags, 1);
        }

        private void version(String name, Map<String, String> tags) {
            store.registry().createModelVersion(new ModelVersion(name, 0, 1, 1, "alice", "None", null, "s3://b/" + name, null, null,
                    "READY", null, tags, List.of(), null, List.of(), null));
        }

        @Test
        void runTagsAndParamsMustBePresentForNotEqualsLikeAndNotIn() {
            store.tracking().createExperiment(Experiment.DEFAULT_NAME, null, "mlflow-artifacts:", Map.of(), 1);
            run("tagged", Map.of("depth", "3"), Map.of("team", "risk"));
            run("other", Map.of("depth", "5"), Map.of("team", "ops"));
            run("bare", Map.of(), Map.of());

            assertThat(runs("tags.team != 'risk'")).containsExactly("other");
            assertThat(runs("tags.team NOT IN ('risk')")).containsExactly("other");
            assertThat(runs("tags.team LIKE '%'")).containsExactly("other", "tagged");
            assertThat(runs("params.depth != '3'")).containsExactly("other");
            assertThat(runs("params.depth NOT IN ('3')")).containsExactly("other");
            assertThat(runs("tags.team IS NULL")).containsExactly("bare");
            assertThat(runs("params.depth IS NULL")).containsExactly("bare");
            assertThat(runs("params.depth IS NOT NULL and tags.team != 'ops'")).containsExactly("tagged");
        }

        @Test
        void experimentTagsMustBePresentForNotEquals() {
            store.tracking().createExperiment("tagged", null, "mlflow-artifacts:", Map.of("team", "risk"), 1);
            store.tracking().createExperiment("other", null, "mlflow-artifacts:", Map.of("team", "ops"), 1);
            store.tracking().createExperiment("bare", null, "mlflow-artifacts:", Map.of(), 1);

            assertThat(experiments("tags.team != 'risk'")).containsExactly("other");
            assertThat(experiments("tags.team LIKE '%'")).containsExactly("other", "tagged");
            assertThat(experiments("tags.`team` != 'ops' and name != 'bare'")).containsExactly("tagged");
        }

        @Test
        void registeredModelTagsMustBePresentForNotEqualsButThePromptTagNeedNot() {
            model("bare", Map.of());
            model("tagged", Map.of("team", "risk"));
            model("not-a-prompt", Map.of("mlflow.prompt.is_prompt", "false"));
            model("a-prompt", Map.of("mlflow.prompt.is_prompt", "true"));

            assertThat(models("tags.team != 'ops'")).containsExactly("tagged");
            assertThat(models(PROMPT_FILTER)).containsExactly("bare", "not-a-prompt", "tagged");
            assertThat(models("tags.mlflow.prompt.is_prompt != 'true' and name LIKE '%a%'")).containsExactly("bare", "not-a-prompt",
                    "tagged");
            assertThat(models(PROMPT_FILTER + " and tags.team = 'risk'")).containsExactly("tagged");
            assertThat(models("")).as("searches return models, not prompts").containsExactly("bare", "not-a-prompt", "tagged");
            assertThat(models("tags.`mlflow.prompt.is_prompt` = 'false'")).containsExactly("bare", "not-a-prompt", "tagged");
            assertThat(models("tags.`mlflow.prompt.is_prompt` = 'true'")).containsExactly("a-prompt");
            assertThat(models("tags.`mlflow.prompt.is_prompt` != 'false'")).containsExactly("a-prompt");
        }

        @Test
        void modelVersionTagsMustBePresentForNotEqualsButThePromptTagNeedNot() {
            model("m", Map.of());
            version("m", Map.of());
            version("m", Map.of("stage", "prod"));
            model("p", Map.of());
            version("p", Map.of("mlflow.prompt.is_prompt", "true"));

            assertThat(versions("tags.stage != 'dev'")).containsExactly("m:2");
            assertThat(versions(PROMPT_FILTER)).containsExactly("m:2", "m:1");
            assertThat(versions(PROMPT_FILTER + " and name = 'm' and version_number > 1")).containsExactly("m:2");
            assertThat(versions("name = 'p'")).as("a prompt's versions are not model versions").isEmpty();
            assertThat(versions("tags.`mlflow.prompt.is_prompt` = 'true'")).containsExactly("p:1");
        }
    }
}
