package dev.cerulean.service.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ConflictException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Names;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.BatchEndpoint;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.endpoint.BatchSettings;
import dev.cerulean.core.jobs.ComputeTarget;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.spec.EndpointSchemas;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.engine.Engine;
import dev.cerulean.engine.JobLog;
import dev.cerulean.engine.Submission;
import dev.cerulean.engine.batch.BatchPorts;
import dev.cerulean.engine.batch.BatchScoring;
import dev.cerulean.engine.batch.BatchScoringExecutor;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.model.Model;
import dev.cerulean.serving.batch.BatchInput;
import dev.cerulean.serving.batch.BatchProgress;
import dev.cerulean.serving.batch.BatchResult;
import dev.cerulean.service.Auditor;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.data.DataRequest;
import dev.cerulean.service.jobs.ComputeService;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.service.tracking.RegistryService;
import dev.cerulean.store.EndpointStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch endpoints: deployments of registered models that score data assets in the background. An
 * invocation is recorded as a {@link BatchJob} (queued, running, then completed, failed or canceled)
 * and runs on the engine like every job ({@link BatchScoringExecutor}, on the deployment's compute
 * target), which registers its output folder (predictions, errors, summary) as the next version of a
 * data asset, with the lineage input → job → output and model → job. Jobs left running by a stopped
 * server are marked failed when the workspace opens.
 */
public final class BatchEndpointService {
    private static final Logger LOG = LoggerFactory.getLogger(BatchEndpointService.class);
    /** Progress is written to the job record at most this often. */
    static final long PROGRESS_EVERY_MS = 500;

    private final EndpointStore store;
    private final RegisteredModels models;
    private final DataAssetService data;
    private final LineageService lineage;
    private final SpecParser specs;
    private final Auditor auditor;
    private final Clock clock;
    private final Engine engine;
    private final ComputeService compute;
    /** When each running job last wrote its progress. */
    private final Map<String, long[]> progressWritten = new ConcurrentHashMap<>();

    /**
     * Batch endpoints on the engine: registers the batch scoring executor.
     *
     * @param compute the compute targets; a deployment's {@code compute} that names none runs on {@code local}
     */
    public BatchEndpointService(EndpointStore store, RegistryService registry, DataAssetService data, LineageService lineage,
            SpecParser specs, Auditor auditor, Clock clock, Engine engine, ComputeService compute) {
        this.store = store;
        this.models = new RegisteredModels(registry);
        this.data = data;
        this.lineage = lineage;
        this.specs = specs;
        this.auditor = auditor;
        this.clock = clock;
        this.engine = engine;
        this.compute = compute;
        engine.register(new BatchScoringExecutor(new Ports()));
    }

    // --- endpoints ------------------------------------------------------------------------------

    /** Creates an endpoint from a batch endpoint spec. */
    public BatchEndpoint create(Principal p, ObjectNode body) {
        String name = body.path("name").asText("?");
        return auditor.run(p, "batch_endpoint.create", "batch_endpoint:" + name, () -> {
            JsonNode b = specs.check(body, "request body", null, SpecKind.BATCH_ENDPOINT).body();
            if (store.batchEndpoint(name).isPresent()) {
                throw new AlreadyExistsException("batch endpoint '" + name + "' already exists", "name");
            }
            if (store.onlineEndpoint(name).isPresent()) {
                throw new AlreadyExistsException("an online endpoint is already named '" + name + "'; endpoint names are shared by online "
                        + "and batch endpoints", "name");
            }
            String def = b.path("defaults").path("deployment_name").asText(null);
            if (def != null) {
                throw new InvalidParameterException("defaults.deployment_name '" + def + "' names a deployment that cannot exist yet: create "
                        + "the endpoint, then its deployment (the first one becomes the default)", "defaults.deployment_name");
            }
            Instant now = clock.instant();
            BatchEndpoint e = new BatchEndpoint(name, b.path("auth_mode").asText("aad_token"), b.path("description").asText(""),
                    OnlineEndpointService.strings(b.path("tags")), null, now, p.name(), now);
            store.insertBatchEndpoint(e);
            return e;
        });
    }

    public BatchEndpoint get(String name) {
        Names.requireValid("name", name);
        return store.batchEndpoint(name).orElseThrow(() -> new NotFoundException("batch endpoint '" + name + "' does not exist", "name"));
    }

    public List<BatchEndpoint> list() {
        return store.batchEndpoints();
    }

    /**
     * Applies an update of an endpoint: the fields that may change (today {@code defaults.deployment_name}).
     *
     * @throws InvalidParameterException when the body names no default deployment
     */
    public BatchEndpoint update(Principal p, String name, ObjectNode body) {
        String d = body.path("defaults").path("deployment_name").asText(null);
        if (d == null) {
            throw new InvalidParameterException("give defaults.deployment_name: the deployment invocations use by default",
                    "defaults.deployment_name");
        }
        return setDefault(p, name, d);
    }

    /** Sets the default deployment ({@code defaults.deployment_name}). */
    public BatchEndpoint setDefault(Principal p, String name, String deployment) {
        return auditor.run(p, "batch_endpoint.update", "batch_endpoint:" + name, () -> {
            BatchEndpoint e = get(name);
            deployment(name, deployment);
            BatchEndpoint next = e.withDefaultDeployment(deployment, clock.instant());
            store.updateBatchEndpoint(next);
            return next;
        });
    }

    /** Deletes an endpoint and its deployments; its jobs stay as history. Refused while one of its jobs runs. */
    public void delete(Principal p, String name) {
        auditor.run(p, "batch_endpoint.delete", "batch_endpoint:" + name, () -> {
            get(name);
            refuseWhileRunning(name, null);
            store.deleteBatchEndpoint(name);
            return null;
        });
    }

    private void refuseWhileRunning(String endpoint, String deployment) {
        for (BatchJob j : store.unfinishedBatchJobs()) {
            if (j.endpointName().equals(endpoint) && (deployment == null || j.deploymentName().equals(deployment))) {
                throw new ConflictException("job " + j.id() + " of " + (deployment == null ? "endpoint '" + endpoint : "deployment '" + deployment)
                        + "' is " + j.status() + "; wait for it or cancel it first", "name");
            }
        }
    }

    // --- deployments ----------------------------------------------------------------------------

    /**
     * Creates a deployment from a batch deployment spec; the model is loaded once to check that Cerulean can
     * serve it. The endpoint's first deployment becomes its default, as does any with {@code setDefault}.
     */
    public BatchDeployment createDeployment(Principal p, String endpoint, ObjectNode body, boolean setDefault) {
        String name = body.path("name").asText("?");
        if (endpoint != null) {
            if (body.hasNonNull("endpoint_name") && !body.get("endpoint_name").asText().equals(endpoint)) {
                throw new InvalidParameterException("the spec's endpoint_name '" + body.get("endpoint_name").asText()
                        + "' is not the endpoint '" + endpoint + "' it is created under", "endpoint_name");
            }
            body = body.deepCopy();
            body.put("endpoint_name", endpoint);
        }
        ObjectNode spec = body;
        String ep = body.path("endpoint_name").asText("?");
        return auditor.run(p, "batch_deployment.create", "batch_deployment:" + ep + "/" + name, () -> {
            ObjectNode b = specs.check(spec, "request body", null, SpecKind.BATCH_DEPLOYMENT).body();
            BatchEndpoint e = get(ep);
            if (store.batchDeployment(ep, name).isPresent()) {
                throw new AlreadyExistsException("batch endpoint '" + ep + "' already has a deployment '" + name + "'", "name");
            }
            RegisteredModels.Resolved model = models.resolve(b.get("model").asText());
            close(RegisteredModels.load(model));
            BatchDeployment d = new BatchDeployment(ep, name, b.path("description").asText(""), OnlineEndpointService.strings(b.path("tags")),
                    model.name(), model.version(), b.path("compute").asText(null), b.path("resources").path("instance_count").asInt(1),
                    settings(EndpointSchemas.mergedBatchSettings(b)), clock.instant(), p.name());
            store.insertBatchDeployment(d);
            if (setDefault || e.defaultDeployment() == null) {
                store.updateBatchEndpoint(e.withDefaultDeployment(name, clock.instant()));
            }
            lineage.record(new LineageNode(LineageKind.MODEL, model.name(), Integer.toString(model.version())),
                    OnlineEndpointService.deploymentNode(ep, name), "deployed_as");
            return d;
        });
    }

    private static void close(Model m) {
        if (m instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing a model loaded for a check failed", e);
            }
        }
    }

    private static BatchSettings settings(ObjectNode s) {
        BatchSettings d = BatchSettings.defaults();
        JsonNode retry = s.path("retry_settings");
        return new BatchSettings(s.path("mini_batch_size").asInt(d.miniBatchSize()), s.path("mini_batch_rows").asInt(d.miniBatchRows()),
                s.path("max_concurrency_per_instance").asInt(d.maxConcurrencyPerInstance()),
                s.has("output_action") ? BatchSettings.OutputAction.parse(s.get("output_action").asText()) : d.outputAction(),
                s.path("output_file_name").asText(d.outputFileName()), s.path("error_threshold").asLong(d.errorThreshold()),
                retry.path("max_retries").asInt(d.maxRetries()), retry.path("timeout").asInt(d.timeoutSeconds()),
                s.path("logging_level").asText(d.loggingLevel()), OnlineEndpointService.strings(s.path("environment_variables")));
    }

    public BatchDeployment deployment(String endpoint, String name) {
        get(endpoint);
        return store.batchDeployment(endpoint, name).orElseThrow(() -> new NotFoundException("batch endpoint '" + endpoint
                + "' has no deployment '" + name + "'", "deployment_name"));
    }

    public List<BatchDeployment> deployments(String endpoint) {
        get(endpoint);
        return store.batchDeployments(endpoint);
    }

    /** Deletes a deployment; refused for the default deployment while others exist, and while a job uses it. */
    public void deleteDeployment(Principal p, String endpoint, String name) {
        auditor.run(p, "batch_deployment.delete", "batch_deployment:" + endpoint + "/" + name, () -> {
            BatchEndpoint e = get(endpoint);
            deployment(endpoint, name);
            refuseWhileRunning(endpoint, name);
            if (name.equals(e.defaultDeployment())) {
                List<BatchDeployment> others = store.batchDeployments(endpoint).stream().filter(d -> !d.name().equals(name)).toList();
                if (!others.isEmpty()) {
                    throw new ConflictException("deployment '" + name + "' is the default of endpoint '" + endpoint + "'; make another one "
                            + "the default first (cerulean batch-endpoint update --name " + endpoint + " --default-deployment "
                            + others.get(0).name() + ")", "defaults.deployment_name");
                }
                store.updateBatchEndpoint(e.withDefaultDeployment(null, clock.instant()));
            }
            store.deleteBatchDeployment(endpoint, name);
            return null;
        });
    }

    // --- jobs -----------------------------------------------------------------------------------

    /**
     * Starts scoring a data asset: checks the request, records the job (queued) and returns it at once;
     * the job runs in the background. Follow it with {@link #job}.
     *
     * @throws CeruleanException NOT_FOUND for an unknown endpoint, deployment or input; INVALID_PARAMETER when the
     *                           endpoint has no default deployment and none is named, or the input is not tabular
     */
    public BatchJob invoke(Principal p, String endpoint, BatchInvocation request) {
        if (request.input() == null || request.input().isBlank()) {
            throw new InvalidParameterException("'input' is required: the data asset to score (NAME:VERSION)", "input");
        }
        String id = "batch-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        BatchJob job = auditor.run(p, "batch_endpoint.invoke", "batch_endpoint:" + endpoint, j -> "batch_job:" + j.id(), () -> {
            BatchEndpoint e = get(endpoint);
            String deployment = request.deployment();
            if (deployment == null || deployment.isBlank()) {
                deployment = e.defaultDeployment();
                if (deployment == null) {
                    throw new InvalidParameterException("batch endpoint '" + endpoint + "' has no default deployment: name one "
                            + "(--deployment-name) or create a deployment", "deployment_name");
                }
            }
            deployment(endpoint, deployment);
            DataAsset in = data.get(AssetRef.parse("input", request.input()));
            inputOf(in);
            String output = request.outputName() == null || request.outputName().isBlank() ? endpoint + "-predictions"
                    : Names.requireValid("output_name", request.outputName());
            BatchJob queued = new BatchJob(id, endpoint, deployment, in.name() + ":" + in.version(), output, BatchJob.Status.QUEUED, -1, 0, 0,
                    -1, 0, 0, null, null, clock.instant(), p.name(), null, null);
            store.insertBatchJob(queued);
            return queued;
        });
        BatchDeployment d = deployment(endpoint, job.deploymentName());
        engine.submit(new Submission<>(job.id(), JobType.BATCH_SCORING, computeOf(d), p, new BatchScoring(job, request.idColumn()), null,
                new Lifecycle(job.id())));
        return job;
    }

    /** The deployment's compute target when the workspace has one of that name, else {@code local}. */
    private String computeOf(BatchDeployment d) {
        String c = d.compute();
        if (c == null || c.isBlank()) {
            return ComputeTarget.LOCAL;
        }
        String name = c.startsWith("azureml:") ? c.substring("azureml:".length()) : c;
        try {
            compute.get(name);
            return name;
        } catch (CeruleanException e) {
            return ComputeTarget.LOCAL;
        }
    }

    /** The runner's input for a data asset: one table in row chunks, or a folder's files. */
    private BatchInput inputOf(DataAsset a) {
        Optional<TableSource> table = data.table(a);
        if (table.isEmpty()) {
            throw new InvalidParameterException("data asset " + a.name() + ":" + a.version() + " is not tabular: batch scoring reads CSV, "
                    + "Parquet or JSON lines (a file, a folder of files of one format, or an MLTable)", "input");
        }
        TableSource t = table.get();
        if (a.type() == DataType.URI_FOLDER) {
            List<BatchInput.Part> parts = new ArrayList<>();
            for (int i = 0; i < t.files().size(); i++) {
                parts.add(new BatchInput.Part(t.names().get(i), new TableSource(List.of(t.files().get(i)), List.of(t.names().get(i)),
                        t.format(), t.options(), List.of())));
            }
            return BatchInput.files(parts);
        }
        return BatchInput.table(a.type() == DataType.URI_FILE ? t.names().get(0) : a.name() + ":" + a.version(), t);
    }

    /** The engine's view of this service's batch jobs. */
    private final class Ports implements BatchPorts {
        @Override
        public BatchDeployment deployment(BatchJob job) {
            return store.batchDeployment(job.endpointName(), job.deploymentName()).orElseThrow(() -> new NotFoundException(
                    "the deployment was deleted before the job started", "deployment_name"));
        }

        @Override
        public BatchInput input(BatchJob job) {
            return inputOf(data.get(AssetRef.parse("input", job.input())));
        }

        @Override
        public Model model(BatchDeployment d) {
            return RegisteredModels.load(models.resolve(d.modelName(), d.modelVersion()));
        }

        /** Writes progress to the job record at most every {@link #PROGRESS_EVERY_MS}, and always once the input is read. */
        @Override
        public void progress(BatchJob job, BatchProgress.Snapshot s) {
            long[] last = progressWritten.computeIfAbsent(job.id(), k -> new long[] {0, 0});
            long now = System.currentTimeMillis();
            boolean inputNews = s.inputComplete() && last[1] == 0;
            if (!inputNews && now - last[0] < PROGRESS_EVERY_MS) {
                return;
            }
            last[0] = now;
            last[1] |= s.inputComplete() ? 1 : 0;
            BatchJob current = current(job);
            try {
                store.updateBatchJob(new BatchJob(job.id(), job.endpointName(), job.deploymentName(), job.input(), job.outputName(),
                        BatchJob.Status.RUNNING, s.inputComplete() ? s.rowsRead() : -1, s.rowsScored(), s.rowsFailed(),
                        s.inputComplete() ? s.miniBatches() : -1, s.miniBatchesDone(), s.retries(), null, null, job.createdAt(), job.createdBy(),
                        current.startedAt(), null));
            } catch (RuntimeException e) {
                // progress is advisory: a failed write must not fail the job
                LOG.warn("cannot record the progress of batch job {}", job.id(), e);
            }
        }

        @Override
        public AssetRef registerOutput(Principal owner, BatchJob job, BatchDeployment d, BatchResult r, Path out) {
            DataAsset registered = data.create(owner, new DataRequest(job.outputName(), null, DataType.URI_FOLDER, "Output of batch job "
                    + job.id() + " (" + d.endpointName() + "/" + d.name() + ", model " + d.model() + ", input " + job.input() + "): "
                    + r.message(), outputTags(job, d), out.toString(), false)).asset();
            String[] in = job.input().split(":");
            LineageNode node = new LineageNode(LineageKind.JOB, job.id(), "");
            lineage.record(new LineageNode(LineageKind.DATA, in[0], in[1]), node, "input");
            lineage.record(new LineageNode(LineageKind.MODEL, d.modelName(), Integer.toString(d.modelVersion())), node, "model");
            lineage.record(node, new LineageNode(LineageKind.DATA, registered.name(), Integer.toString(registered.version())), "output");
            return AssetRef.of(registered.name(), registered.version());
        }

        @Override
        public void completed(BatchJob job, BatchResult r, AssetRef output) {
            BatchJob.Status status = switch (r.outcome()) {
                case COMPLETED -> BatchJob.Status.COMPLETED;
                case FAILED -> BatchJob.Status.FAILED;
                case CANCELED -> BatchJob.Status.CANCELED;
            };
            BatchJob current = current(job);
            store.updateBatchJob(new BatchJob(job.id(), job.endpointName(), job.deploymentName(), job.input(), job.outputName(), status,
                    r.rowsIn(), r.rowsScored(), r.rowsFailed(), r.miniBatches(), r.miniBatches(), r.retries(),
                    output == null ? null : output.toString(), status == BatchJob.Status.COMPLETED ? null : r.message(), job.createdAt(),
                    job.createdBy(), current.startedAt(), clock.instant()));
        }
    }

    /**
     * A batch job's lifecycle in its record: Queued, Running (no Starting: the record has none), then
     * the end the scorer reported ({@link Ports#completed}) or, when the job failed before scoring,
     * the one the engine gives.
     */
    private final class Lifecycle implements dev.cerulean.engine.Lifecycle {
        private final String id;

        Lifecycle(String id) {
            this.id = id;
        }

        @Override
        public synchronized boolean start() {
            BatchJob j = store.batchJob(id).orElse(null);
            if (j == null || j.status() != BatchJob.Status.QUEUED) {
                return false;
            }
            update(j, BatchJob.Status.RUNNING, clock.instant());
            return true;
        }

        @Override
        public boolean running() {
            return store.batchJob(id).map(j -> j.status() == BatchJob.Status.RUNNING).orElse(false);
        }

        @Override
        public synchronized boolean finish(JobStatus status, String error, JobLog log) {
            progressWritten.remove(id);
            BatchJob j = store.batchJob(id).orElse(null);
            if (j == null || j.status().isFinal()) {
                return false;
            }
            BatchJob.Status s = switch (status) {
                case COMPLETED -> BatchJob.Status.COMPLETED;
                case CANCELED -> BatchJob.Status.CANCELED;
                default -> BatchJob.Status.FAILED;
            };
            BatchEndpointService.this.finish(j, s, status == JobStatus.CANCELED && j.startedAt() == null
                    ? "canceled before it started (" + error + ")" : error, null);
            return true;
        }
    }

    private BatchJob current(BatchJob fallback) {
        return store.batchJob(fallback.id()).orElse(fallback);
    }

    private static Map<String, String> outputTags(BatchJob job, BatchDeployment d) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("batch_job", job.id());
        t.put("endpoint", d.endpointName());
        t.put("deployment", d.name());
        t.put("model", d.modelName() + ":" + d.modelVersion());
        t.put("input", job.input());
        return t;
    }

    private BatchJob update(BatchJob j, BatchJob.Status status, Instant started) {
        BatchJob next = new BatchJob(j.id(), j.endpointName(), j.deploymentName(), j.input(), j.outputName(), status, j.rowsIn(), j.rowsScored(),
                j.rowsFailed(), j.miniBatches(), j.miniBatchesDone(), j.retries(), j.output(), j.error(), j.createdAt(), j.createdBy(),
                started, j.finishedAt());
        store.updateBatchJob(next);
        return next;
    }

    private void finish(BatchJob j, BatchJob.Status status, String error, String output) {
        try {
            store.updateBatchJob(new BatchJob(j.id(), j.endpointName(), j.deploymentName(), j.input(), j.outputName(), status, j.rowsIn(),
                    j.rowsScored(), j.rowsFailed(), j.miniBatches(), j.miniBatchesDone(), j.retries(), output, error, j.createdAt(),
                    j.createdBy(), j.startedAt(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.error("cannot record the end of batch job {}", j.id(), e);
        }
    }

    /** A job of an endpoint. */
    public BatchJob job(String endpoint, String id) {
        BatchJob j = store.batchJob(id).orElseThrow(() -> new NotFoundException("batch job '" + id + "' does not exist", "id"));
        if (!j.endpointName().equals(endpoint)) {
            throw new NotFoundException("batch endpoint '" + endpoint + "' has no job '" + id + "'", "id");
        }
        return j;
    }

    /** An endpoint's jobs, newest first. */
    public List<BatchJob> jobs(String endpoint, int limit) {
        Names.requireValid("name", endpoint);
        return store.batchJobs(endpoint, limit);
    }

    /**
     * Asks a queued or running job to stop; it ends as Canceled with what it scored registered. A finished
     * job is returned as it is.
     */
    public BatchJob cancel(Principal p, String endpoint, String id) {
        return auditor.run(p, "batch_job.cancel", "batch_job:" + id, () -> {
            BatchJob j = job(endpoint, id);
            engine.cancel(id, "canceled by " + p.name());
            return j;
        });
    }

    /** Marks jobs a stopped server left queued or running as failed (when the workspace opens). */
    public void restore() {
        for (BatchJob j : store.unfinishedBatchJobs()) {
            if (!engine.isActive(j.id())) {
                finish(j, BatchJob.Status.FAILED, "interrupted: the server stopped while the job was " + j.status().toString().toLowerCase()
                        + "; invoke it again", null);
            }
        }
    }
}
