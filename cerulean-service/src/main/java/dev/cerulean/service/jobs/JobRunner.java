package dev.cerulean.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.engine.CancelToken;
import dev.cerulean.engine.ProcessRunner;
import dev.cerulean.engine.AutoMlTask;
import dev.cerulean.engine.TrainTask;
import dev.cerulean.ml.automl.AutoMlSpec;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.data.DataRequest;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.service.tracking.ArtifactService;
import dev.cerulean.service.tracking.RegistryService;
import dev.cerulean.service.tracking.TrackingService;
import dev.cerulean.store.ArtifactStore;
import dev.cerulean.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on their compute targets. A job moves Queued → Starting (its code and inputs are laid
 * out in {@code <home>/jobs/<name>/}) → Running → Completed, Failed or Canceled, and its MLflow run
 * follows. Command jobs run as processes that log to their own run through MLflow's environment
 * variables; train jobs run in-process. The log, the outputs (as artifacts, and as data asset
 * versions when named) and the lineage are recorded when the job ends.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(inputs|outputs)\\.([A-Za-z0-9_]+)\\s*}}");
    private static final Pattern OPTIONAL = Pattern.compile("\\$\\[\\[(.*?)]]", Pattern.DOTALL);
    private static final String SHUTDOWN = "the server stopped while the job was running";
    static final int LOG_TAIL_LINES = 20;

    private final JobStore jobs;
    private final ComputeService compute;
    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final RegistryService registry;
    private final DataAssetService data;
    private final LineageService lineage;
    private final ArtifactStore blobs;
    private final Clock clock;
    private final Path root;
    private final Supplier<String> serverUrl;
    private final Map<String, CancelToken> running = new ConcurrentHashMap<>();
    private final SweepController sweeps;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-timeouts");
        t.setDaemon(true);
        return t;
    });

    public JobRunner(JobStore jobs, ComputeService compute, TrackingService tracking, ArtifactService artifacts, RegistryService registry,
            DataAssetService data, LineageService lineage, ArtifactStore blobs, Clock clock, Path root, Supplier<String> serverUrl) {
        this.jobs = jobs;
        this.compute = compute;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.registry = registry;
        this.data = data;
        this.lineage = lineage;
        this.blobs = blobs;
        this.clock = clock;
        this.root = root;
        this.serverUrl = serverUrl;
        this.sweeps = new SweepController(this, jobs, tracking, clock);
    }

    Path dir(String name) {
        return root.resolve(name);
    }

    Path logFile(String name) {
        return dir(name).resolve("logs").resolve("std_log.txt");
    }

    void enqueue(Job job) {
        if (job.type().equals("sweep")) {
            // A sweep's controller takes no compute slot: its trials need them.
            compute.get(job.compute());
            sweeps.start(job);
            return;
        }
        compute.pool(job.compute()).submit(job.name(), () -> execute(job.name()));
    }

    /** Makes work that runs outside the compute pools (a sweep's controller) cancellable like a job. */
    void track(String name, CancelToken token) {
        running.put(name, token);
    }

    void untrack(String name) {
        running.remove(name);
    }

    void cancel(Job job, String reason) {
        if (job.status() == JobStatus.QUEUED && compute.pool(job.compute()).cancelQueued(job.name())) {
            finish(job, JobStatus.CANCELED, reason);
            return;
        }
        CancelToken token = running.get(job.name());
        if (token != null) {
            token.cancel(reason);
        } else {
            // Not picked up yet, or between states: the worker sees the cancelled state and stops.
            finish(job, JobStatus.CANCELED, reason);
        }
    }

    void fail(Job job, String reason) {
        finish(job, JobStatus.FAILED, reason);
    }

    /** Moves a job to an end state (if it has not ended) and its run with it. */
    boolean finish(Job job, JobStatus status, String error) {
        boolean moved = jobs.transition(job.name(), JobService.ACTIVE, status, error, null, clock.instant());
        if (moved) {
            try {
                tracking.updateRun(Principal.SYSTEM, job.name(), status.mlflowStatus(), clock.millis(), null);
                if (error != null) {
                    tracking.setTag(Principal.SYSTEM, job.name(), "cerulean.error", truncate(error, 7000));
                }
            } catch (CeruleanException e) {
                LOG.warn("job {} ended {} but its run could not be updated: {}", job.name(), status, e.getMessage());
            }
        }
        return moved;
    }

    private void execute(String name) {
        Job job = jobs.get(name).orElse(null);
        if (job == null || !jobs.transition(name, List.of(JobStatus.QUEUED), JobStatus.STARTING, null, null, null)) {
            return;
        }
        CancelToken cancel = new CancelToken();
        running.put(name, cancel);
        Principal owner = new Principal(job.createdBy());
        Path dir = dir(name);
        try {
            Files.createDirectories(logFile(name).getParent());
            ObjectNode spec = job.spec();
            Integer timeout = spec.path("limits").hasNonNull("timeout") ? spec.path("limits").get("timeout").asInt() : null;
            if (timeout != null) {
                timers.schedule(() -> cancel.cancel("the job exceeded limits.timeout of " + timeout + " s"), timeout, TimeUnit.SECONDS);
            }
            String error;
            if (job.type().equals("command")) {
                error = runCommand(job, owner, dir, cancel, timeout);
            } else if (job.type().equals("automl")) {
                error = runAutoMl(job, owner, dir, cancel);
            } else {
                error = runTrain(job, owner, dir, cancel);
            }
            if (error == null && !cancel.isCancelled()) {
                error = missingPrimaryMetric(job);
            }
            uploadLog(job);
            if (cancel.isCancelled()) {
                String why = cancel.reason();
                finish(job, why.startsWith("canceled") ? JobStatus.CANCELED : JobStatus.FAILED, why);
            } else if (error != null) {
                finish(job, JobStatus.FAILED, error);
            } else {
                finish(job, JobStatus.COMPLETED, null);
            }
        } catch (RuntimeException | IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            appendLog(name, "error: " + e.getMessage());
            uploadLog(job);
            String why = cancel.isCancelled() ? cancel.reason() : e.getMessage();
            finish(job, cancel.isCancelled() && why.startsWith("canceled") ? JobStatus.CANCELED : JobStatus.FAILED, why);
            if (!(e instanceof CeruleanException)) {
                LOG.error("job {} failed", name, e);
            }
        } finally {
            running.remove(name);
            cleanUp(dir);
        }
    }

    /**
     * For a sweep's trial that ended well: why it still failed when it never logged the sweep's
     * primary metric (the sweep cannot rank it), else null.
     */
    private String missingPrimaryMetric(Job job) {
        String metric = job.spec().path("trial_of").path("primary_metric").asText("");
        if (metric.isEmpty()) {
            return null;
        }
        dev.cerulean.core.tracking.Run run = tracking.run(job.name());
        if (run.metrics().stream().anyMatch(m -> m.key().equals(metric))) {
            return null;
        }
        List<String> logged = run.metrics().stream().map(dev.cerulean.core.tracking.Metric::key).sorted().toList();
        String why = "the trial never logged the sweep's primary metric '" + metric + "' (" + (logged.isEmpty() ? "it logged no metric"
                : "it logged " + String.join(", ", logged.subList(0, Math.min(20, logged.size())))) + ")";
        appendLog(job.name(), "[cerulean] " + why);
        return why + "; log it with mlflow.log_metric(\"" + metric + "\", value), or fix objective.primary_metric";
    }

    /** Marks the job running, in the store and in its run, unless it was cancelled meanwhile. */
    void markRunning(Job job) {
        if (!jobs.transition(job.name(), List.of(JobStatus.STARTING), JobStatus.RUNNING, null, clock.instant(), null)) {
            throw new CeruleanException(dev.cerulean.core.ErrorCode.CONFLICT, "canceled before it started");
        }
        tracking.updateRun(Principal.SYSTEM, job.name(), "RUNNING", null, null);
    }

    // --- command jobs -------------------------------------------------------------------------

    private String runCommand(Job job, Principal owner, Path dir, CancelToken cancel, Integer timeout)
            throws IOException, InterruptedException {
        ObjectNode spec = job.spec();
        JsonNode resolved = spec.path("resolved");
        Path work = dir.resolve("code");
        Files.createDirectories(work);
        if (resolved.has("code")) {
            JSON.treeToValue(resolved.get("code"), Snapshot.class).materialize(blobs::path, work, true);
        }
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resolved.path("inputs").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put("inputs." + e.getKey(), inputPath(e.getKey(), e.getValue(), dir));
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        for (Iterator<String> it = spec.path("outputs").fieldNames(); it.hasNext();) {
            String out = it.next();
            Path p = dir.resolve("outputs").resolve(out);
            Files.createDirectories(p);
            outputs.put(out, p);
            values.put("outputs." + out, p.toString());
        }
        String command = substitute(spec.get("command").asText(), values);
        Map<String, String> env = new LinkedHashMap<>();
        spec.path("environment_variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.put("MLFLOW_RUN_ID", job.name());
        env.put("MLFLOW_EXPERIMENT_ID", job.experimentId());
        env.put("AZUREML_RUN_ID", job.name());
        String url = serverUrl.get();
        if (url != null) {
            env.put("MLFLOW_TRACKING_URI", url);
        }
        markRunning(job);
        appendLog(job.name(), "[cerulean] job " + job.name() + " running in " + work + (url == null ? " (no server: MLflow logging unavailable)" : ""));
        appendLog(job.name(), "[cerulean] $ " + command.strip());
        ProcessRunner.Result r = ProcessRunner.run(command, work, env, logFile(job.name()), null, cancel);
        if (cancel.isCancelled() || r.cancelled()) {
            appendLog(job.name(), "[cerulean] stopped: " + cancel.reason());
            return cancel.reason();
        }
        if (r.exitCode() != 0) {
            return "the command exited with code " + r.exitCode() + "; the end of its log:\n" + ProcessRunner.tail(logFile(job.name()), LOG_TAIL_LINES);
        }
        keepOutputs(job, owner, outputs);
        return null;
    }

    /** Where an input is for the job: a path (data) or the value (literals). */
    private String inputPath(String name, JsonNode in, Path dir) throws IOException {
        String kind = in.path("kind").asText();
        switch (kind) {
            case "literal":
                return in.get("value").asText();
            case "path":
                return in.get("path").asText();
            case "snapshot":
                return JSON.treeToValue(in.get("snapshot"), Snapshot.class).materialize(blobs::path, dir.resolve("inputs").resolve(name), false)
                        .toString();
            case "asset": {
                DataAsset a = data.get(AssetRef.parse("inputs." + name, in.get("asset").asText()));
                List<DataFile> files = data.files(AssetRef.of(a.name(), a.version()));
                Path p = new Snapshot(a.type() != DataType.URI_FILE, files).materialize(blobsOrReference(a), dir.resolve("inputs").resolve(name),
                        false);
                return p.toString();
            }
            default:
                throw new InvalidParameterException("input '" + name + "' is of an unknown kind '" + kind + "'", "inputs." + name);
        }
    }

    /** Where an asset's files are: blobs of a copied asset, or the originals of a referenced one. */
    private java.util.function.Function<String, Path> blobsOrReference(DataAsset a) {
        if (!a.reference()) {
            return blobs::path;
        }
        Path source = Path.of(a.source());
        Map<String, Path> bySha = new HashMap<>();
        for (DataFile f : data.files(AssetRef.of(a.name(), a.version()))) {
            bySha.put(f.sha256(), a.type() == DataType.URI_FILE ? source : source.resolve(f.path()));
        }
        return sha -> {
            Path p = bySha.get(sha);
            if (p == null || !Files.exists(p)) {
                throw new NotFoundException("a referenced file of data asset " + a.id() + " is gone (" + p + ")", "inputs");
            }
            return p;
        };
    }

    static String substitute(String command, Map<String, String> values) {
        // $[[...]] parts are optional: kept (without the brackets) when every expression in them has a value.
        Matcher opt = OPTIONAL.matcher(command);
        StringBuilder sb = new StringBuilder();
        while (opt.find()) {
            Matcher inner = EXPRESSION.matcher(opt.group(1));
            boolean all = true;
            while (inner.find()) {
                all &= values.containsKey(inner.group(1) + "." + inner.group(2));
            }
            opt.appendReplacement(sb, Matcher.quoteReplacement(all ? opt.group(1) : ""));
        }
        opt.appendTail(sb);
        Matcher m = EXPRESSION.matcher(sb.toString());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1) + "." + m.group(2);
            String v = values.get(key);
            if (v == null) {
                throw new InvalidParameterException("the command refers to ${{" + key + "}}, which has no value", "command");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Outputs become artifacts of the run under {@code outputs/<name>/}, and data asset versions when named. */
    private void keepOutputs(Job job, Principal owner, Map<String, Path> outputs) throws IOException {
        JsonNode specs = job.spec().path("outputs");
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(o.getValue())) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            if (files.isEmpty()) {
                appendLog(job.name(), "[cerulean] output '" + o.getKey() + "' is empty");
                continue;
            }
            logArtifact(job, job.name(), o.getValue(), "outputs/" + o.getKey());
            JsonNode spec = specs.path(o.getKey());
            if (spec.hasNonNull("name")) {
                String type = spec.path("type").asText("uri_folder");
                DataType dt = type.equals("uri_file") ? DataType.URI_FILE : type.equals("mltable") ? DataType.MLTABLE : DataType.URI_FOLDER;
                Path path = o.getValue();
                if (dt == DataType.URI_FILE) {
                    if (files.size() != 1) {
                        throw new InvalidParameterException("output '" + o.getKey() + "' is a uri_file but holds " + files.size() + " files",
                                "outputs." + o.getKey());
                    }
                    path = files.get(0);
                }
                Integer version = spec.hasNonNull("version") ? spec.get("version").asInt() : null;
                DataAsset a = data.create(owner, new DataRequest(spec.get("name").asText(), version, dt,
                        "Output '" + o.getKey() + "' of job " + job.name(), Map.of("job", job.name()), path.toString(), false)).asset();
                lineage.record(new LineageNode(LineageKind.JOB, job.name(), ""),
                        new LineageNode(LineageKind.DATA, a.name(), Integer.toString(a.version())), "output");
                appendLog(job.name(), "[cerulean] output '" + o.getKey() + "' registered as data asset " + a.id());
            }
        }
    }

    // --- train jobs ---------------------------------------------------------------------------

    /** A table input of a train or AutoML job, and the content hash of its data asset (or null). */
    private record Table(TableSource source, String hash) {
    }

    private Table table(JsonNode in, Path dir, String field) throws IOException {
        switch (in.path("kind").asText()) {
            case "asset": {
                DataAsset a = data.get(AssetRef.parse(field, in.get("asset").asText()));
                TableSource source = data.table(a).orElseThrow(() -> new InvalidParameterException("data asset " + a.id()
                        + " is not a table (CSV, Parquet or JSON lines)", field));
                return new Table(source, a.contentHash());
            }
            case "snapshot":
                return new Table(TableSource.of(JSON.treeToValue(in.get("snapshot"), Snapshot.class)
                        .materialize(blobs::path, dir.resolve("inputs/" + field), false)), null);
            default:
                return new Table(TableSource.of(Path.of(in.get("path").asText())), null);
        }
    }

    private String runTrain(Job job, Principal owner, Path dir, CancelToken cancel) throws IOException {
        ObjectNode spec = job.spec();
        Table table = table(spec.path("resolved").path("data"), dir, "data");
        TableSource source = table.source();
        String datasetHash = table.hash();
        Map<String, Object> hyper = new LinkedHashMap<>();
        spec.path("hyperparameters").fields().forEachRemaining(e -> hyper.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        List<String> features = new ArrayList<>();
        spec.path("feature_columns").forEach(f -> features.add(f.asText()));
        TrainTask.Spec train = new TrainTask.Spec(source, datasetHash, spec.get("target").asText(),
                spec.hasNonNull("task") ? Task.parse(spec.get("task").asText()) : null, spec.path("algorithm").asText("lightgbm"), hyper,
                spec.path("cv_folds").asInt(5), spec.path("validation_size").asDouble(0.2), spec.path("seed").asLong(42),
                spec.hasNonNull("group_column") ? spec.get("group_column").asText() : null, features.isEmpty() ? null : features,
                spec.path("threads").asInt(0));
        markRunning(job);
        JobRunLogger logger = new JobRunLogger(job, owner, job.name());
        Files.createDirectories(dir.resolve("scratch"));
        TrainTask.Outcome outcome = TrainTask.run(train, job.name(), logger, cancel, dir.resolve("scratch"));
        tracking.setTag(owner, job.name(), "cerulean.task", outcome.task().name().toLowerCase(java.util.Locale.ROOT));
        registerIfAsked(job, owner, job.name());
        return null;
    }

    /** Registers the model under {@code model/} of {@code runId} when the spec's {@code register} asks for it. */
    private void registerIfAsked(Job job, Principal owner, String runId) {
        JsonNode register = job.spec().path("register");
        if (!register.isMissingNode() && !register.isNull()) {
            String model = register.isTextual() ? register.asText() : register.get("name").asText();
            String description = register.path("description").asText(null);
            ModelVersion v = registerModel(owner, model, runId, description);
            tracking.setTag(owner, job.name(), "cerulean.registered_model", v.name() + ":" + v.version());
            appendLog(job.name(), "[cerulean] registered model " + v.name() + ":" + v.version());
        }
    }

    // --- AutoML jobs --------------------------------------------------------------------------

    private String runAutoMl(Job job, Principal owner, Path dir, CancelToken cancel) throws IOException {
        ObjectNode spec = job.spec();
        JsonNode resolved = spec.path("resolved");
        AutoMlSpec.Builder b = AutoMlSettings.read(spec);
        b.trainingSource(table(resolved.get("training_data"), dir, "training_data").source());
        if (resolved.has("validation_data")) {
            b.validationSource(table(resolved.get("validation_data"), dir, "validation_data").source());
        }
        if (resolved.has("test_data")) {
            b.testSource(table(resolved.get("test_data"), dir, "test_data").source());
        }
        AutoMlSpec automl = b.build().withDataLoaded();
        markRunning(job);
        Files.createDirectories(dir.resolve("scratch"));
        AutoMlTask.Outcome outcome = AutoMlTask.run(automl, job.name(), new JobRunLogger(job, owner, job.name()),
                new ChildRuns(job, owner), cancel, dir.resolve("scratch"));
        // The best trial's run holds the model: link it to the job, so lineage walks data -> job -> trial -> model.
        lineage.record(new LineageNode(LineageKind.JOB, job.name(), ""), new LineageNode(LineageKind.JOB, outcome.bestRun(), ""), "best_trial");
        appendLog(job.name(), "[cerulean] best run " + outcome.bestRun() + "; register it with: cerulean model register --job "
                + job.name() + " --name NAME");
        registerIfAsked(job, owner, outcome.bestRun());
        return null;
    }

    /** Trial child runs of an AutoML job, in the job's experiment. */
    private final class ChildRuns implements AutoMlTask.TrialRuns {
        private final Job job;
        private final Principal owner;

        ChildRuns(Job job, Principal owner) {
            this.job = job;
            this.owner = owner;
        }

        @Override
        public String record(String runName, Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags,
                boolean ok, long startMillis, long endMillis) {
            String id = java.util.UUID.randomUUID().toString().replace("-", "");
            Map<String, String> all = new LinkedHashMap<>(tags);
            all.put("mlflow.parentRunId", job.name());
            all.put("mlflow.source.type", "JOB");
            all.put("cerulean.job", job.name());
            tracking.createRun(owner, job.experimentId(), id, "RUNNING", owner.name(), runName, startMillis, all);
            JobRunLogger logger = new JobRunLogger(job, owner, id);
            logger.logParams(params);
            logger.logMetrics(metrics, 0);
            tracking.updateRun(owner, id, ok ? "FINISHED" : "FAILED", endMillis, null);
            return id;
        }

        @Override
        public dev.cerulean.engine.RunLogger logger(String runId) {
            return new JobRunLogger(job, owner, runId);
        }
    }

    private ModelVersion registerModel(Principal owner, String model, String runId, String description) {
        try {
            registry.get(model);
        } catch (NotFoundException e) {
            registry.create(owner, model, null, Map.of());
        }
        return registry.createVersion(owner, model, "runs:/" + runId + "/model", runId, Map.of(), null, description);
    }

    /** Reports a train job's params, metrics and artifacts into its run, and its progress into its log. */
    private final class JobRunLogger implements dev.cerulean.engine.RunLogger {
        private final Job job;
        private final Principal owner;
        private final String runId;

        JobRunLogger(Job job, Principal owner, String runId) {
            this.job = job;
            this.owner = owner;
            this.runId = runId;
        }

        @Override
        public void logParams(Map<String, String> params) {
            List<Map.Entry<String, String>> all = new ArrayList<>(params.entrySet());
            for (int i = 0; i < all.size(); i += 100) {
                Map<String, String> chunk = new LinkedHashMap<>();
                all.subList(i, Math.min(all.size(), i + 100)).forEach(e -> chunk.put(e.getKey(), truncate(e.getValue(), 6000)));
                tracking.logBatch(owner, runId, List.of(), chunk, Map.of());
            }
        }

        @Override
        public void logMetrics(Map<String, Double> metrics, long step) {
            long now = clock.millis();
            List<dev.cerulean.core.tracking.Metric> ms = new ArrayList<>();
            metrics.forEach((k, v) -> ms.add(new dev.cerulean.core.tracking.Metric(k, v, now, step)));
            for (int i = 0; i < ms.size(); i += 1000) {
                tracking.logBatch(owner, runId, ms.subList(i, Math.min(ms.size(), i + 1000)), Map.of(), Map.of());
            }
        }

        @Override
        public void setTags(Map<String, String> tags) {
            tracking.logBatch(owner, runId, List.of(), Map.of(), tags);
        }

        @Override
        public void logArtifact(Path fileOrFolder, String artifactPath) {
            JobRunner.this.logArtifact(job, runId, fileOrFolder, artifactPath);
        }

        @Override
        public void logArtifact(byte[] content, String artifactPath) {
            artifacts.upload(owner, artifacts.runRoot(tracking.runInfo(runId)) + "/" + artifactPath,
                    new java.io.ByteArrayInputStream(content));
        }

        @Override
        public void log(String line) {
            appendLog(job.name(), line);
        }
    }

    /** Stores bytes as an artifact of the job's run. */
    void logArtifact(Job job, byte[] content, String artifactPath) {
        artifacts.upload(new Principal(job.createdBy()), artifacts.runRoot(tracking.runInfo(job.name())) + "/" + artifactPath,
                new java.io.ByteArrayInputStream(content));
    }

    private void logArtifact(Job job, String runId, Path fileOrFolder, String artifactPath) {
        String runRoot = artifacts.runRoot(tracking.runInfo(runId));
        Principal owner = new Principal(job.createdBy());
        try {
            if (Files.isRegularFile(fileOrFolder)) {
                try (var in = Files.newInputStream(fileOrFolder)) {
                    artifacts.upload(owner, runRoot + "/" + artifactPath, in);
                }
                return;
            }
            try (Stream<Path> s = Files.walk(fileOrFolder)) {
                for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                    try (var in = Files.newInputStream(f)) {
                        artifacts.upload(owner, runRoot + "/" + artifactPath + "/" + fileOrFolder.relativize(f).toString().replace('\\', '/'), in);
                    }
                }
            }
        } catch (IOException e) {
            throw new dev.cerulean.core.StoreException("cannot store artifacts of job " + job.name() + ": " + e.getMessage(), e);
        }
    }

    void uploadLog(Job job) {
        Path log = logFile(job.name());
        if (Files.exists(log)) {
            try {
                logArtifact(job, job.name(), log, "user_logs/std_log.txt");
            } catch (RuntimeException e) {
                LOG.warn("cannot store the log of job {}: {}", job.name(), e.getMessage());
            }
        }
    }

    void appendLog(String name, String line) {
        try {
            Path log = logFile(name);
            Files.createDirectories(log.getParent());
            Files.writeString(log, Instant.now(clock).toString() + " " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot write the log of job {}: {}", name, e.getMessage());
        }
    }

    /** Removes what the job's run no longer needs (code copies, inputs, scratch); keeps its log. */
    private static void cleanUp(Path dir) {
        for (String sub : List.of("code", "inputs", "outputs", "scratch")) {
            Path p = dir.resolve(sub);
            if (!Files.exists(p)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(p)) {
                s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            } catch (IOException e) {
                LOG.warn("cannot clean up {}: {}", p, e.getMessage());
            }
        }
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    /** Stops running jobs (they fail: the server is stopping) and the timers. */
    @Override
    public void close() {
        running.values().forEach(t -> t.cancel(SHUTDOWN));
        sweeps.close();
        timers.shutdownNow();
    }

}
