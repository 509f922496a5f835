package dev.cerulean.service.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.core.jobs.Leaderboard;
import dev.cerulean.core.jobs.Resolved;
import dev.cerulean.core.jobs.ResolvedInput;
import dev.cerulean.core.jobs.SearchSummary;
import dev.cerulean.core.jobs.Snapshot;
import dev.cerulean.core.jobs.SweepSummary;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.engine.Engine;
import dev.cerulean.engine.JobLog;
import dev.cerulean.engine.SearchProgress;
import dev.cerulean.engine.Submission;
import dev.cerulean.engine.automl.AutoMlExecutor;
import dev.cerulean.engine.automl.AutoMlSettings;
import dev.cerulean.engine.command.CommandExecutor;
import dev.cerulean.engine.port.ChildJobs;
import dev.cerulean.engine.sweep.SweepExecutor;
import dev.cerulean.engine.train.TrainExecutor;
import dev.cerulean.service.Auditor;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.data.DataLocations;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.service.tracking.ArtifactService;
import dev.cerulean.service.tracking.RegistryService;
import dev.cerulean.service.tracking.TrackingService;
import dev.cerulean.store.ArtifactStore;
import dev.cerulean.store.JobStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Submits and tracks jobs. A job is validated, its local code and data are frozen as snapshots, its
 * MLflow run (named like the job) is created and it is queued on its compute target, all or nothing;
 * the {@link Engine} then runs it through the job's {@link JobLifecycle}. A job that cannot run says
 * why, in the job and in its run. Sweeps' trials are jobs too, submitted through {@link ChildJobs}.
 */
public final class JobService implements ChildJobs {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a cancel waits for the job to reach its end state before answering. */
    private static final long CANCEL_WAIT_SECONDS = 10;
    /** MLflow's log-batch limit on params. */
    private static final int PARAMS_PER_BATCH = 100;

    /**
     * A piece of a job's log.
     *
     * @param text       the text from the offset
     * @param nextOffset where the next read starts
     * @param status     the job's state when read
     */
    public record LogChunk(String text, long nextOffset, JobStatus status) {
    }

    private final JobStore jobs;
    private final ComputeService compute;
    private final TrackingService tracking;
    private final DataAssetService data;
    private final DataLocations locations;
    private final LineageService lineage;
    private final ArtifactStore blobs;
    private final SpecParser specs;
    private final Auditor auditor;
    private final Clock clock;
    private final Engine engine;
    private final JobRuns runs;

    /**
     * Jobs on the engine: registers the executors of command, train, AutoML and sweep jobs, over the
     * workspace's runs, data, models and lineage.
     *
     * @param serverUrl where job processes reach the tracking server, or null while no server listens
     */
    public JobService(JobStore jobs, ComputeService compute, TrackingService tracking, ArtifactService artifacts, RegistryService registry,
            DataAssetService data, DataLocations locations, LineageService lineage, ArtifactStore blobs, SpecParser specs, Auditor auditor,
            Clock clock, Engine engine, Supplier<String> serverUrl) {
        this.jobs = jobs;
        this.compute = compute;
        this.tracking = tracking;
        this.data = data;
        this.locations = locations;
        this.lineage = lineage;
        this.blobs = blobs;
        this.specs = specs;
        this.auditor = auditor;
        this.clock = clock;
        this.engine = engine;
        this.runs = new JobRuns(tracking, artifacts, serverUrl, clock);
        JobAssets assets = new JobAssets(data, registry, lineage, blobs);
        engine.register(new CommandExecutor(runs, assets));
        engine.register(new TrainExecutor(runs, assets));
        engine.register(new AutoMlExecutor(runs, assets));
        engine.register(new SweepExecutor(runs, this));
    }

    /**
     * Submits a job.
     *
     * @param body the spec, or {@code {"spec": {...}, "uploads": {"<local path>": snapshot}}} where
     *             the client froze the local code and data the spec names (paths as in the spec)
     */
    public Job submit(Principal p, ObjectNode body) {
        ObjectNode specNode = body.has("spec") && body.get("spec").isObject() ? (ObjectNode) body.get("spec") : body.deepCopy();
        JsonNode uploads = body.has("spec") ? (body.has("uploads") ? body.get("uploads") : JSON.createObjectNode()) : JSON.createObjectNode();
        if (!body.has("spec")) {
            specNode.remove("uploads");
        }
        String target = specNode.path("name").isTextual() ? "job:" + specNode.get("name").asText() : "job";
        Job job = auditor.run(p, "job.create", target, j -> "job:" + j.name(), () -> create(p, specNode, uploads));
        enqueue(job);
        return job;
    }

    private Job create(Principal p, ObjectNode specNode, JsonNode uploads) {
        if (!uploads.isObject()) {
            throw new InvalidParameterException("'uploads' must map local paths to snapshots", "uploads");
        }
        Map<String, Boolean> uploaded = new LinkedHashMap<>();
        uploads.fields().forEachRemaining(e -> uploaded.put(e.getKey(), !"file".equals(e.getValue().path("type").asText("folder"))));
        Spec spec = specs.withUploaded(uploaded).check(specNode, "job spec", null, null);
        JobType type = switch (spec.kind()) {
            case COMMAND_JOB -> JobType.COMMAND;
            case TRAIN_JOB -> JobType.TRAIN;
            case AUTOML_JOB -> JobType.AUTOML;
            case SWEEP_JOB -> JobType.SWEEP;
            default -> throw new CeruleanException(ErrorCode.NOT_SUPPORTED, spec.kind().displayName()
                    + " specs cannot be submitted as jobs yet (command, train, sweep and automl jobs can)", "type");
        };
        ObjectNode s = spec.body();
        String name = s.hasNonNull("name") ? s.get("name").asText() : JobNames.next();
        if (jobs.get(name).isPresent()) {
            throw new AlreadyExistsException("a job named '" + name + "' already exists; job names are unique", "name");
        }
        String computeName = s.path("compute").asText("local");
        compute.get(computeName);
        Experiment exp = tracking.experimentNamed(p, s.path("experiment_name").asText(Experiment.DEFAULT_NAME));

        Snapshot code = null;
        Map<String, ResolvedInput> inputs = new LinkedHashMap<>();
        Map<String, ResolvedInput> tables = new LinkedHashMap<>();
        List<DataAsset> assetInputs = new ArrayList<>();
        // A sweep resolves its trial's code and data once; every trial runs on the same snapshots.
        boolean sweep = type == JobType.SWEEP;
        ObjectNode work = sweep ? (ObjectNode) s.get("trial") : s;
        String at = sweep ? "trial." : "";
        if (work.path("type").asText(type.wireName()).equals("command")) {
            if (work.hasNonNull("code")) {
                code = snapshot(at + "code", work.get("code").asText(), uploads);
            }
            for (String from : sweep ? List.of("", "trial.") : List.of("")) {
                JsonNode declared = from.isEmpty() ? s.path("inputs") : work.path("inputs");
                for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    inputs.put(e.getKey(), resolveInput(from + "inputs." + e.getKey(), e.getValue(), uploads, assetInputs));
                }
            }
        } else if (type == JobType.AUTOML) {
            AutoMlSettings.read(s);
            for (String field : List.of("training_data", "validation_data", "test_data")) {
                if (s.hasNonNull(field)) {
                    tables.put(field, resolveInput(field, s.get(field), uploads, assetInputs));
                }
            }
        } else {
            tables.put("data", resolveInput(at + "data", work.get("data"), uploads, assetInputs));
        }
        String codeHash = code == null ? null : code.hash();

        String display = s.path("display_name").asText(name);
        Map<String, String> tags = new LinkedHashMap<>();
        s.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        Map<String, String> runTags = new LinkedHashMap<>(tags);
        runTags.put("mlflow.source.type", "JOB");
        runTags.put("cerulean.job.type", type.wireName());
        runTags.put("cerulean.compute", computeName);
        if (codeHash != null) {
            runTags.put("cerulean.code_hash", codeHash);
        }
        tracking.createRun(p, exp.id(), name, "SCHEDULED", p.name(), display, clock.millis(), runTags);
        Job job = new Job(name, type, display, exp.id(), JobStatus.QUEUED, computeName, s, new Resolved(code, inputs, tables), codeHash,
                null, null, clock.instant(), null, null, p.name(), s.path("description").asText(""), tags, null);
        jobs.insert(job);
        for (DataAsset a : assetInputs) {
            lineage.record(new LineageNode(LineageKind.DATA, a.name(), Integer.toString(a.version())), new LineageNode(LineageKind.JOB, name, ""),
                    "input");
        }
        return job;
    }

    /** Freezes a local path: the client's upload of it when it sent one, else the server's own copy. */
    private Snapshot snapshot(String field, String path, JsonNode uploads) {
        if (uploads.has(path)) {
            Snapshot snap = Snapshot.fromJson("uploads." + path, uploads.get(path));
            for (var f : snap.files()) {
                if (!blobs.exists(f.sha256())) {
                    throw new InvalidParameterException("the upload of '" + path + "' lacks " + f.path() + " (sha256:" + f.sha256()
                            + "); send it to /api/v1/blobs first", field);
                }
            }
            return snap;
        }
        Path local = Path.of(path);
        if (!Files.exists(local)) {
            throw new InvalidParameterException("'" + field + "' path '" + path + "' does not exist on the server; run the command from "
                    + "the CLI, which uploads local files", field);
        }
        return Snapshots.take(local, blobs);
    }

    /** How a job will see an input: a literal, a registered asset, a snapshot, or a path read in place. */
    private ResolvedInput resolveInput(String field, JsonNode input, JsonNode uploads, List<DataAsset> assets) {
        if (!input.isObject()) {
            String text = input.asText();
            if (text.startsWith("azureml:") || text.startsWith("azureml://") || text.startsWith("/")) {
                return resolveData(field, "uri_folder", text, uploads, assets);
            }
            return new ResolvedInput.Literal(text);
        }
        String type = input.path("type").asText("uri_folder");
        if (List.of("string", "number", "integer", "boolean").contains(type)) {
            JsonNode v = input.has("value") ? input.get("value") : input.get("default");
            return new ResolvedInput.Literal(v.asText());
        }
        return resolveData(field, type, input.get("path").asText(), uploads, assets);
    }

    private ResolvedInput resolveData(String field, String type, String path, JsonNode uploads, List<DataAsset> assets) {
        if (path.startsWith("azureml:") && !path.startsWith("azureml://")) {
            DataAsset a = data.get(AssetRef.parse(field, path));
            assets.add(a);
            return new ResolvedInput.Asset(a.id(), type);
        }
        if (path.startsWith("azureml://") || path.contains("://")) {
            return new ResolvedInput.Path(locations.resolve(field, path).toString(), type);
        }
        if (uploads.has(path)) {
            return new ResolvedInput.Frozen(snapshot(field, path, uploads), type);
        }
        if (!Files.exists(Path.of(path))) {
            throw new InvalidParameterException("'" + field + "' path '" + path + "' does not exist", field);
        }
        return new ResolvedInput.Path(path, type);
    }

    /** Hands a queued job to the engine. */
    private void enqueue(Job job) {
        engine.submit(new Submission<>(job.name(), job.type(), job.compute(), new Principal(job.createdBy()), job, timeout(job),
                lifecycle(job)));
    }

    private JobLifecycle lifecycle(Job job) {
        return new JobLifecycle(job, jobs, tracking, runs, clock);
    }

    /** A job's {@code limits.timeout} (seconds); a sweep keeps its own within its controller. */
    private static Duration timeout(Job job) {
        JsonNode t = job.spec().path("limits").path("timeout");
        return job.type() != JobType.SWEEP && t.canConvertToLong() && t.asLong() > 0 ? Duration.ofSeconds(t.asLong()) : null;
    }

    public Job get(String name) {
        Names.requireJobName("name", name);
        return jobs.get(name).orElseThrow(() -> new NotFoundException("job '" + name + "' does not exist", "name"));
    }

    /**
     * Where an AutoML job's search stands (its objective, the child run holding the best model and its
     * value), or empty for other jobs and before the search started.
     */
    public Optional<SearchSummary> autoMlSummary(Job job) {
        if (job.type() != JobType.AUTOML) {
            return Optional.empty();
        }
        return Optional.ofNullable(job.search() != null ? job.search() : recordedInTags(job, false));
    }

    /**
     * The state of a sweep's search (best trial, trial counts), or empty for other jobs. The best
     * trial is the one the sweep recorded; counts come from its child jobs.
     */
    public Optional<SweepSummary> sweepSummary(Job job) {
        if (job.type() != JobType.SWEEP) {
            return Optional.empty();
        }
        SearchSummary search = job.search() != null ? job.search() : recordedInTags(job, true);
        int total = 0;
        int completed = 0;
        int failed = 0;
        int canceled = 0;
        int terminated = 0;
        int active = 0;
        for (Job t : jobs.list(null, job.name(), 10_000)) {
            total++;
            switch (t.status()) {
                case COMPLETED -> completed++;
                case FAILED -> failed++;
                case CANCELED -> {
                    canceled++;
                    if (t.error() != null && t.error().startsWith("canceled early by")) {
                        terminated++;
                    }
                }
                default -> active++;
            }
        }
        if (search == null) {
            JsonNode objective = job.spec().path("objective");
            search = new SearchSummary(objective.path("primary_metric").asText(null), objective.path("goal").asText(null), null, null);
        }
        return Optional.of(SweepSummary.of(search, total, completed, failed, canceled, terminated, active));
    }

    /**
     * The search of a job recorded before jobs kept their search summary: what its run's tags say.
     * Null when the run says nothing (the job never started).
     */
    private SearchSummary recordedInTags(Job job, boolean sweep) {
        Map<String, String> tags;
        try {
            tags = tracking.run(job.name()).tags();
        } catch (NotFoundException e) {
            return null;
        }
        String metric = tags.get(sweep ? "cerulean.sweep.primary_metric" : "cerulean.primary_metric");
        if (metric == null) {
            return null;
        }
        String bestRun = tags.get(SearchProgress.BEST_RUN_TAG);
        Double value = null;
        try {
            value = tags.containsKey(SearchProgress.BEST_VALUE_TAG) ? Double.valueOf(tags.get(SearchProgress.BEST_VALUE_TAG)) : null;
        } catch (NumberFormatException e) {
            // A user who overwrote the tag through MLflow gets no value rather than an error.
        }
        String goal = tags.getOrDefault(sweep ? "cerulean.sweep.goal" : "cerulean.goal", "maximize");
        return new SearchSummary(metric, goal.equals("minimize") ? "minimize" : "maximize", bestRun == null || bestRun.isEmpty() ? null : bestRun,
                value);
    }

    /**
     * The trials of a sweep or AutoML job ranked by its primary metric: a sweep's child jobs (their
     * sampled values as details), an AutoML job's child runs (algorithm and duration as details).
     *
     * @throws InvalidParameterException for a job that is no search
     */
    public Leaderboard leaderboard(String name) {
        Job job = get(name);
        if (job.type() != JobType.SWEEP && job.type() != JobType.AUTOML) {
            throw new InvalidParameterException("job '" + name + "' is a " + job.type() + " job; only sweep and automl jobs have a leaderboard",
                    "name");
        }
        SearchSummary search = job.type() == JobType.SWEEP ? sweepSummary(job).map(s -> new SearchSummary(s.primaryMetric(), s.goal(),
                s.bestRun(), s.bestValue())).orElse(null) : autoMlSummary(job).orElse(null);
        String metric = search == null || search.primaryMetric() == null ? "" : search.primaryMetric();
        boolean maximize = search == null || !"minimize".equals(search.goal());
        List<Leaderboard.Entry> entries = job.type() == JobType.SWEEP ? sweepTrials(job, metric) : autoMlTrials(job, metric);
        return new Leaderboard(metric, maximize, entries);
    }

    private List<Leaderboard.Entry> sweepTrials(Job sweep, String metric) {
        // Only the hyperparameters the sweep samples (a train trial's run also has its fixed settings).
        JsonNode space = sweep.spec().path("search_space");
        List<Leaderboard.Entry> out = new ArrayList<>();
        List<Job> children = new ArrayList<>(jobs.list(null, sweep.name(), 10_000));
        java.util.Collections.reverse(children);
        for (Job c : children) {
            int number = c.spec().path("trial_of").path("number").asInt(out.size());
            dev.cerulean.core.tracking.Run run = tracking.run(c.name());
            Map<String, String> details = new LinkedHashMap<>();
            details.put("params", new java.util.TreeMap<>(run.params()).entrySet().stream()
                    .filter(e -> space.size() == 0 || space.has(e.getKey().contains(".") ? e.getKey().substring(0, e.getKey().indexOf('.'))
                            : e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", ")));
            String rule = run.tags().get(SweepExecutor.TERMINATED_TAG);
            if (rule != null) {
                details.put("early_terminated", rule);
            }
            if (c.startedAt() != null) {
                details.put("started_at", c.startedAt().toString());
            }
            if (c.endedAt() != null) {
                details.put("ended_at", c.endedAt().toString());
            }
            out.add(new Leaderboard.Entry(number, c.name(), c.name(), TrackingService.latest(run).get(metric), c.status().toString(), details));
        }
        return out;
    }

    private List<Leaderboard.Entry> autoMlTrials(Job job, String metric) {
        List<Leaderboard.Entry> out = new ArrayList<>();
        String token = null;
        int unnumbered = 0;
        do {
            var page = tracking.searchRuns(List.of(job.experimentId()), "tags.mlflow.parentRunId = '" + job.name() + "'", List.of(),
                    dev.cerulean.core.tracking.ViewType.ACTIVE_ONLY, 1000,
                    token);
            for (dev.cerulean.core.tracking.Run r : page.items()) {
                Map<String, String> tags = r.tags();
                Map<String, Double> latest = TrackingService.latest(r);
                int number;
                try {
                    number = Integer.parseInt(tags.getOrDefault("cerulean.trial", "").strip());
                } catch (NumberFormatException e) {
                    // trials without a number rank after those with one
                    number = 1_000_000 + unnumbered++;
                }
                Map<String, String> details = new LinkedHashMap<>();
                details.put("algorithm", tags.getOrDefault("cerulean.algorithm", ""));
                if (latest.containsKey("duration_seconds")) {
                    details.put("duration_seconds", Double.toString(latest.get("duration_seconds")));
                }
                out.add(new Leaderboard.Entry(number, r.info().runName() == null ? r.info().runId() : r.info().runName(), r.info().runId(),
                        latest.get(metric), tags.getOrDefault("cerulean.trial_status", r.info().status()), details));
            }
            token = page.nextPageToken();
        } while (token != null);
        return out;
    }

    public List<Job> list(JobStatus status, String parent, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new InvalidParameterException("'limit' value " + limit + " is out of range: expected 1 to 10000", "limit");
        }
        return jobs.list(status, parent, limit);
    }

    /**
     * Cancels a queued or running job (a running one's process tree is killed) and waits a little for
     * it to stop, so that the answer usually shows it canceled.
     */
    public Job cancel(Principal p, String name) {
        auditor.run(p, "job.cancel", "job:" + name, () -> {
            Job job = get(name);
            if (job.status().isTerminal()) {
                throw new ConflictException("job '" + name + "' already ended (" + job.status() + ")", "name");
            }
            stop(job, "canceled by " + p.name());
            return job;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CANCEL_WAIT_SECONDS);
        Job now = get(name);
        while (!now.status().isTerminal() && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = get(name);
        }
        return now;
    }

    /** Asks the engine to stop a job; one the engine does not hold (not picked up yet) ends Canceled here. */
    private void stop(Job job, String reason) {
        if (!engine.cancel(job.name(), reason)) {
            lifecycle(job).finish(JobStatus.CANCELED, reason, engine.log(job.name()));
        }
    }

    /** The job's log from a byte offset (at most {@code maxBytes}). */
    public LogChunk logs(String name, long offset, int maxBytes) {
        Job job = get(name);
        Path log = engine.log(name).file();
        if (!Files.exists(log)) {
            return new LogChunk("", offset, job.status());
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            if (offset >= len) {
                return new LogChunk("", offset, job.status());
            }
            f.seek(offset);
            byte[] buf = new byte[(int) Math.min(maxBytes, len - offset)];
            f.readFully(buf);
            int end = buf.length;
            // Never split a UTF-8 character: stop before a trailing incomplete sequence.
            while (end > 0 && end > buf.length - 4 && (buf[end - 1] & 0xC0) == 0x80) {
                end--;
            }
            if (end > 0 && (buf[end - 1] & 0x80) != 0 && (buf[end - 1] & 0xC0) == 0xC0) {
                end--;
            }
            if (end == 0) {
                end = buf.length;
            }
            return new LogChunk(new String(buf, 0, end, StandardCharsets.UTF_8), offset + end, job.status());
        } catch (IOException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "cannot read the log of job " + name + ": " + e.getMessage());
        }
    }

    /** At start-up: jobs that were starting or running when the server stopped have failed; queued ones run now. */
    public void recover() {
        for (Job j : jobs.inStates(JobLifecycle.ACTIVE)) {
            if (engine.isActive(j.name())) {
                continue;
            }
            if (j.parent() != null && jobs.get(j.parent()).map(s -> s.status().isTerminal()).orElse(true)) {
                // A trial whose sweep is over has no one to report to.
                fail(j, "the server stopped while its sweep " + j.parent() + " was running; submit the sweep again");
            } else if (j.status() == JobStatus.QUEUED) {
                enqueue(j);
            } else {
                fail(j, "the server stopped while the job was " + j.status().wireName() + "; submit it again");
            }
        }
    }

    private void fail(Job job, String reason) {
        JobLog log = engine.log(job.name());
        lifecycle(job).finish(JobStatus.FAILED, reason, log);
    }

    // --- the trials of sweeps ------------------------------------------------------------------

    @Override
    public Job submit(Job parent, ObjectNode spec, String description, Map<String, String> runTags, Map<String, String> params) {
        Principal owner = new Principal(parent.createdBy());
        String name = spec.get("name").asText();
        JobType type = JobType.parse(spec.get("type").asText());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.parentRunId", parent.name());
        tags.put("mlflow.source.type", "JOB");
        tags.put("cerulean.job.type", type.wireName());
        tags.put("cerulean.compute", parent.compute());
        tags.putAll(runTags);
        if (parent.codeHash() != null) {
            tags.put("cerulean.code_hash", parent.codeHash());
        }
        tracking.createRun(owner, parent.experimentId(), name, "SCHEDULED", owner.name(), name, clock.millis(), tags);
        List<Map.Entry<String, String>> all = new ArrayList<>(params.entrySet());
        for (int i = 0; i < all.size(); i += PARAMS_PER_BATCH) {
            Map<String, String> chunk = new LinkedHashMap<>();
            all.subList(i, Math.min(all.size(), i + PARAMS_PER_BATCH)).forEach(e -> chunk.put(e.getKey(), e.getValue()));
            tracking.logBatch(owner, name, List.of(), chunk, Map.of());
        }
        // A trial runs on its sweep's snapshots.
        Job child = new Job(name, type, name, parent.experimentId(), JobStatus.QUEUED, parent.compute(), spec, parent.resolved(),
                parent.codeHash(), null, parent.name(), clock.instant(), null, null, parent.createdBy(), description, Map.of(), null);
        jobs.insert(child);
        enqueue(child);
        return child;
    }

    @Override
    public Optional<Job> find(String name) {
        return jobs.get(name);
    }

    @Override
    public void cancel(Job child, String reason) {
        stop(child, reason);
    }
}
