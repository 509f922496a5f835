package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.RunsPage;

/** Every call of the official MLflow Java client (artifacts aside: the client shells out to Python for those). */
class MlflowClientIT {
    @TempDir
    Path home;

    CeruleanServer server;
    MlflowClient mlflow;

    @BeforeEach
    void start() {
        server = CeruleanServer.start(WorkspaceConfig.at(home), "127.0.0.1", 0);
        mlflow = new MlflowClient(server.url());
    }

    @AfterEach
    void stop() {
        mlflow.close();
        server.close();
    }

    @Test
    void experiments() {
        String id = mlflow.createExperiment("churn");
        Service.Experiment e = mlflow.getExperiment(id);
        assertThat(e.getName()).isEqualTo("churn");
        assertThat(e.getLifecycleStage()).isEqualTo("active");
        assertThat(e.getArtifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(mlflow.getExperimentByName("churn")).map(Service.Experiment::getExperimentId).contains(id);
        assertThat(mlflow.getExperimentByName("nope")).isEqualTo(Optional.empty());

        mlflow.setExperimentTag(id, "team", "risk");
        assertThat(mlflow.getExperiment(id).getTagsList()).extracting(Service.ExperimentTag::getKey).containsExactly("team");

        mlflow.renameExperiment(id, "churn-v2");
        assertThat(mlflow.getExperiment(id).getName()).isEqualTo("churn-v2");

        String other = mlflow.createExperiment("fraud");
        ExperimentsPage all = mlflow.searchExperiments();
        assertThat(all.getItems()).extracting(Service.Experiment::getName).contains("Default", "churn-v2", "fraud");
        ExperimentsPage filtered = mlflow.searchExperiments("name LIKE 'churn%' and tags.team = 'risk'");
        assertThat(filtered.getItems()).extracting(Service.Experiment::getExperimentId).containsExactly(id);
        ExperimentsPage paged = mlflow.searchExperiments("", Service.ViewType.ACTIVE_ONLY, 1, List.of("name DESC"));
        assertThat(paged.getItems()).extracting(Service.Experiment::getName).containsExactly("fraud");
        assertThat(paged.hasNextPage()).isTrue();
        ExperimentsPage second = mlflow.searchExperiments("", Service.ViewType.ACTIVE_ONLY, 1, List.of("name DESC"),
                paged.getNextPageToken().orElseThrow());
        assertThat(second.getItems()).extracting(Service.Experiment::getName).containsExactly("churn-v2");

        mlflow.deleteExperiment(other);
        assertThat(mlflow.getExperiment(other).getLifecycleStage()).isEqualTo("deleted");
        assertThat(mlflow.searchExperiments("name = 'fraud'").getItems()).isEmpty();
        assertThat(mlflow.searchExperiments("name = 'fraud'", Service.ViewType.DELETED_ONLY, 10, List.of()).getItems()).hasSize(1);
        mlflow.restoreExperiment(other);
        assertThat(mlflow.getExperiment(other).getLifecycleStage()).isEqualTo("active");

        assertThatThrownBy(() -> mlflow.createExperiment("fraud")).isInstanceOf(MlflowHttpException.class)
                .hasMessageContaining("RESOURCE_ALREADY_EXISTS");
        assertThatThrownBy(() -> mlflow.getExperiment("999")).isInstanceOfSatisfying(MlflowHttpException.class,
                x -> assertThat(x.getStatusCode()).isEqualTo(404));
    }

    @Test
    void runsMetricsParamsAndTags() {
        String exp = mlflow.createExperiment("runs");
        Service.RunInfo info = mlflow.createRun(exp);
        String run = info.getRunId();
        assertThat(info.getStatus()).isEqualTo(Service.RunStatus.RUNNING);
        assertThat(info.getArtifactUri()).isEqualTo("mlflow-artifacts:/" + exp + "/" + run + "/artifacts");
        assertThat(info.getRunName()).isNotEmpty();

        mlflow.logParam(run, "model", "xgb");
        mlflow.logMetric(run, "rmse", 0.9);
        mlflow.logMetric(run, "rmse", 0.7, 1000L, 1);
        mlflow.logMetric(run, "rmse", 0.5, 2000L, 2);
        mlflow.setTag(run, "a b", "hello x world");
        mlflow.setTag(run, "temp", "1");
        mlflow.deleteTag(run, "temp");
        mlflow.logBatch(run, List.of(metric("acc", 0.8, 3, 0), metric("acc", Double.NaN, 4, 1)),
                List.of(Service.Param.newBuilder().setKey("depth").setValue("6").build()),
                List.of(Service.RunTag.newBuilder().setKey("owner").setValue("ana").build()));

        Service.Run r = mlflow.getRun(run);
        Map<String, Double> metrics = r.getData().getMetricsList().stream()
                .collect(Collectors.toMap(Service.Metric::getKey, Service.Metric::getValue));
        assertThat(metrics.get("rmse")).isEqualTo(0.5);
        assertThat(metrics.get("acc")).isNaN();
        assertThat(r.getData().getParamsList()).extracting(Service.Param::getKey).containsExactlyInAnyOrder("model", "depth");
        assertThat(r.getData().getTagsList()).extracting(Service.RunTag::getKey).contains("a b", "owner", "mlflow.runName")
                .doesNotContain("temp");
        assertThat(mlflow.getMetricHistory(run, "rmse")).extracting(Service.Metric::getValue).containsExactly(0.9, 0.7, 0.5);

        assertThatThrownBy(() -> mlflow.logParam(run, "model", "lgbm")).isInstanceOf(MlflowHttpException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE").hasMessageContaining("Changing param values is not allowed");

        mlflow.setTerminated(run, Service.RunStatus.FINISHED, 5000L);
        Service.RunInfo done = mlflow.getRun(run).getInfo();
        assertThat(done.getStatus()).isEqualTo(Service.RunStatus.FINISHED);
        assertThat(done.getEndTime()).isEqualTo(5000L);

        mlflow.deleteRun(run);
        assertThat(mlflow.getRun(run).getInfo().getLifecycleStage()).isEqualTo("deleted");
        mlflow.restoreRun(run);
        assertThat(mlflow.getRun(run).getInfo().getLifecycleStage()).isEqualTo("active");
        assertThat(mlflow.listRunInfos(exp)).hasSize(1);
    }

    @Test
    void searchRunsWithMlflowsFilterGrammar() {
        String exp = mlflow.createExperiment("search");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String run = mlflow.createRun(exp).getRunId();
            ids.add(run);
            mlflow.logParam(run, "model", i % 2 == 0 ? "xgb" : "lgbm");
            mlflow.logMetric(run, "rmse", i * 0.3);
            mlflow.setTag(run, "a b", i < 3 ? "has x inside" : "nothing");
            if (i < 4) {
                mlflow.setTerminated(run, Service.RunStatus.FINISHED);
            }
        }

        List<Service.RunInfo> hits = mlflow.searchRuns(List.of(exp),
                "metrics.rmse < 1 and params.model = 'xgb' and tags.\"a b\" LIKE '%x%' and attributes.status = 'FINISHED'");
        assertThat(hits).extracting(Service.RunInfo::getRunId).containsExactlyInAnyOrder(ids.get(0), ids.get(2));

        RunsPage page = mlflow.searchRuns(List.of(exp), "", Service.ViewType.ACTIVE_ONLY, 4, List.of("metrics.rmse DESC"));
        assertThat(page.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(ids.get(5), ids.get(4), ids.get(3), ids.get(2));
        RunsPage next = mlflow.searchRuns(List.of(exp), "", Service.ViewType.ACTIVE_ONLY, 4, List.of("metrics.rmse DESC"),
                page.getNextPageToken().orElseThrow());
        assertThat(next.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(ids.get(1), ids.get(0));
        assertThat(next.hasNextPage()).isFalse();

        assertThat(mlflow.searchRuns(List.of(exp), "params.model != 'xgb' and metrics.rmse >= 0.8")).hasSize(2);
        assertThat(mlflow.searchRuns(List.of(exp), "attributes.run_id IN ('" + ids.get(1) + "', '" + ids.get(2) + "')")).hasSize(2);

        assertThatThrownBy(() -> mlflow.searchRuns(List.of(exp), "metrics.rmse <")).isInstanceOf(MlflowHttpException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE");
        assertThatThrownBy(() -> mlflow.searchRuns(List.of(exp), "metrics.rmse < 1 or params.a = 'b'"))
                .hasMessageContaining("OR is not supported");
    }

    @Test
    void modelRegistry() {
        String run = mlflow.createRun().getRunId();
        mlflow.sendPost("registered-models/create", "{\"name\": \"churn\", \"description\": \"who leaves\"}");
        mlflow.sendPost("model-versions/create", "{\"name\": \"churn\", \"source\": \"s3://bucket/model\", \"run_id\": \"" + run + "\"}");
        mlflow.sendPost("model-versions/create", "{\"name\": \"churn\", \"source\": \"s3://bucket/model2\", \"run_id\": \"" + run + "\"}");
        mlflow.sendPost("model-versions/transition-stage", "{\"name\": \"churn\", \"version\": \"2\", \"stage\": \"Production\", "
                + "\"archive_existing_versions\": true}");

        ModelRegistry.RegisteredModel m = mlflow.getRegisteredModel("churn");
        assertThat(m.getDescription()).isEqualTo("who leaves");
        assertThat(mlflow.getLatestVersions("churn")).extracting(ModelRegistry.ModelVersion::getVersion).containsExactlyInAnyOrder("1", "2");
        assertThat(mlflow.getLatestVersions("churn", List.of("Production"))).extracting(ModelRegistry.ModelVersion::getVersion)
                .containsExactly("2");
        ModelRegistry.ModelVersion v1 = mlflow.getModelVersion("churn", "1");
        assertThat(v1.getRunId()).isEqualTo(run);
        assertThat(v1.getStatus()).isEqualTo(ModelRegistry.ModelVersionStatus.READY);
        assertThat(mlflow.getModelVersionDownloadUri("churn", "1")).isEqualTo("s3://bucket/model");
        ModelVersionsPage versions = mlflow.searchModelVersions("name = 'churn'");
        assertThat(versions.getItems()).hasSize(2);
        assertThat(mlflow.searchModelVersions("run_id = '" + run + "'", 1, List.of("version_number DESC")).getItems())
                .extracting(ModelRegistry.ModelVersion::getVersion).containsExactly("2");

        assertThatThrownBy(() -> mlflow.getModelVersion("churn", "9")).isInstanceOfSatisfying(MlflowHttpException.class,
                x -> assertThat(x.getStatusCode()).isEqualTo(404));
    }

    @Test
    void registrySearchesWithThePromptFilterOfMlflow221ClientsFindTheModels() throws Exception {
        mlflow.sendPost("registered-models/create", "{\"name\": \"fraud.v2\"}");
        mlflow.sendPost("registered-models/create", "{\"name\": \"churn\", \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}");
        mlflow.sendPost("registered-models/create", "{\"name\": \"qa-prompt\", \"tags\": [{\"key\": \"mlflow.prompt.is_prompt\", "
                + "\"value\": \"true\"}]}");
        mlflow.sendPost("model-versions/create", "{\"name\": \"fraud.v2\", \"source\": \"s3://bucket/fraud\"}");
        String prompts = "tags.`mlflow.prompt.is_prompt` != 'true'";

        String found = mlflow.sendGet("registered-models/search?filter=" + java.net.URLEncoder.encode(prompts,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(found).path("registered_models"))
                .extracting(m -> m.get("name").asText()).containsExactly("churn", "fraud.v2");
        assertThat(mlflow.searchModelVersions("name = 'fraud.v2' and " + prompts).getItems()).extracting(ModelRegistry.ModelVersion::getName)
                .containsExactly("fraud.v2");
        assertThat(mlflow.getModelVersion("fraud.v2", "1").getStatus()).isEqualTo(ModelRegistry.ModelVersionStatus.READY);
    }

    private static Service.Metric metric(String key, double value, long ts, long step) {
        return Service.Metric.newBuilder().setKey(key).setValue(value).setTimestamp(ts).setStep(step).build();
    }
}
