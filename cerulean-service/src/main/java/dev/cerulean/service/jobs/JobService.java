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
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.service.Auditor;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.data.DataLocations;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.service.tracking.TrackingService;
import dev.cerulean.store.ArtifactStore;
import dev.cerulean.store.JobStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Submits and tracks jobs. A job is validated, its local code and data are frozen as snapshots, its
 * MLflow run (named like the job) is created and it is queued on its compute target, all or nothing;
 * a {@link JobRunner} then runs it. A job that cannot run says why, in the job and in its run.
 */
public final class JobService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<JobStatus> ACTIVE = List.of(JobStatus.QUEUED, JobStatus.STARTING, JobStatus.RUNNING);

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
    private final JobRunner runner;

    public JobService(JobStore jobs, ComputeService compute, TrackingService tracking, DataAssetService data, DataLocations locations,
            LineageService lineage, ArtifactStore blobs, SpecParser specs, Auditor auditor, Clock clock, JobRunner runner) {
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
        this.runner = runner;
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
        runner.enqueue(job);
        return job;
    }

    private Job create(Principal p, ObjectNode specNode, JsonNode uploads) {
        if (!uploads.isObject()) {
            throw new InvalidParameterException("'uploads' must map local paths to snapshots", "uploads");
        }
        Map<String, Boolean> uploaded = new LinkedHashMap<>();
        uploads.fields().forEachRemaining(e -> uploaded.put(e.getKey(), !"file".equals(e.getValue().path("type").asText("folder"))));
        Spec spec = specs.withUploaded(uploaded).check(specNode, "job spec", null, null);
        String type = switch (spec.kind()) {
            case COMMAND_JOB -> "command";
            case TRAIN_JOB -> "train";
            case AUTOML_JOB -> "automl";
            case SWEEP_JOB -> "sweep";
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

        ObjectNode resolved = s.putObject("resolved");
        String codeHash = null;
        List<DataAsset> assetInputs = new java.util.ArrayList<>();
        // A sweep resolves its trial's code and data once; every trial runs on the same snapshots.
        boolean sweep = type.equals("sweep");
        ObjectNode work = sweep ? (ObjectNode) s.get("trial") : s;
        String at = sweep ? "trial." : "";
        if (work.path("type").asText(type).equals("command")) {
            if (work.hasNonNull("code")) {
                Snapshot code = snapshot(at + "code", work.get("code").asText(), uploads);
                resolved.set("code", JSON.valueToTree(code));
                codeHash = code.hash();
            }
            ObjectNode inputs = resolved.putObject("inputs");
            for (String from : sweep ? List.of("", "trial.") : List.of("")) {
                JsonNode declared = from.isEmpty() ? s.path("inputs") : work.path("inputs");
                for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    inputs.set(e.getKey(), resolveInput(from + "inputs." + e.getKey(), e.getValue(), uploads, assetInputs));
                }
            }
        } else if (type.equals("automl")) {
            AutoMlSettings.read(s);
            for (String field : List.of("training_data", "validation_data", "test_data")) {
                if (s.hasNonNull(field)) {
                    resolved.set(field, resolveInput(field, s.get(field), uploads, assetInputs));
                }
            }
        } else {
            resolved.set("data", resolveInput(at + "data", work.get("data"), uploads, assetInputs));
        }

        String display = s.path("display_name").asText(name);
        Map<String, String> tags = new LinkedHashMap<>();
        s.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        Map<String, String> runTags = new LinkedHashMap<>(tags);
        runTags.put("mlflow.source.type", "JOB");
        runTags.put("cerulean.job.type", type);
        runTags.put("cerulean.compute", computeName);
        if (codeHash != null) {
            runTags.put("cerulean.code_hash", codeHash);
        }
        tracking.createRun(p, exp.id(), name, "SCHEDULED", p.name(), display, clock.millis(), runTags);
        Job job = new Job(name, type, display, exp.id(), JobStatus.QUEUED, computeName, s, codeHash, null, null, clock.instant(), null, null,
                p.name(), s.path("description").asText(""), tags);
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
        return Snapshot.take(local, blobs);
    }

    /** How a job will see an input: a literal, a registered asset, a snapshot, or a path read in place. */
    private ObjectNode resolveInput(String field, JsonNode input, JsonNode uploads, List<DataAsset> assets) {
        ObjectNode out = JSON.createObjectNode();
        if (!input.isObject()) {
            String text = input.asText();
            if (text.startsWith("azureml:") || text.startsWith("azureml://") || text.startsWith("/")) {
                return resolveData(field, "uri_folder", text, uploads, assets);
            }
            return out.put("kind", "literal").put("value", text);
        }
        String type = input.path("type").asText("uri_folder");
        if (List.of("string", "number", "integer", "boolean").contains(type)) {
            JsonNode v = input.has("value") ? input.get("value") : input.get("default");
            return out.put("kind", "literal").put("value", v.asText());
        }
        return resolveData(field, type, input.get("path").asText(), uploads, assets);
    }

    private ObjectNode resolveData(String field, String type, String path, JsonNode uploads, List<DataAsset> assets) {
        ObjectNode out = JSON.createObjectNode().put("type", type);
        if (path.startsWith("azureml:") && !path.startsWith("azureml://")) {
            DataAsset a = data.get(AssetRef.parse(field, path));
            assets.add(a);
            return out.put("kind", "asset").put("asset", a.id());
        }
        if (path.startsWith("azureml://") || path.contains("://")) {
            Path local = locations.resolve(field, path);
            return out.put("kind", "path").put("path", local.toString());
        }
        if (uploads.has(path)) {
            out.put("kind", "snapshot");
            out.set("snapshot", JSON.valueToTree(snapshot(field, path, uploads)));
            return out;
        }
        if (!Files.exists(Path.of(path))) {
            throw new InvalidParameterException("'" + field + "' path '" + path + "' does not exist", field);
        }
        return out.put("kind", "path").put("path", path);
    }

    public Job get(String name) {
        if (name == null || name.isBlank() || name.length() > 256) {
            throw new InvalidParameterException("'name' must be a job name of 1 to 256 characters", "name");
        }
        return jobs.get(name).orElseThrow(() -> new NotFoundException("job '" + name + "' does not exist", "name"));
    }

    /**
     * What an AutoML job found so far, from its run: {@code best_run} (the child run holding the best model),
     * {@code primary_metric}, {@code goal}, {@code best_value}; empty for other jobs (sweeps have
     * {@link #sweepSummary}) or before the search ended.
     */
    public Map<String, Object> autoMlSummary(Job job) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!job.type().equals("automl")) {
            return out;
        }
        dev.cerulean.core.tracking.Run run;
        try {
            run = tracking.run(job.name());
        } catch (NotFoundException e) {
            return out;
        }
        String metric = run.tags().get("cerulean.primary_metric");
        String bestRun = run.tags().get("cerulean.best_run");
        if (bestRun != null && !bestRun.isEmpty()) {
            out.put("best_run", bestRun);
        }
        if (metric != null) {
            out.put("primary_metric", metric);
            out.put("goal", run.tags().getOrDefault("cerulean.goal", "maximize"));
            run.metrics().stream().filter(m -> m.key().equals(metric)).findFirst().ifPresent(m -> out.put("best_value", m.value()));
        }
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
            runner.cancel(job, "canceled by " + p.name());
            return job;
        });
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        Job now = get(name);
        while (!now.status().isTerminal() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = get(name);
        }
        return now;
    }

    /** The job's log from a byte offset (at most {@code maxBytes}). */
    public LogChunk logs(String name, long offset, int maxBytes) {
        Job job = get(name);
        Path log = runner.logFile(name);
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

    /**
     * The state of a sweep's search (best trial, trial counts), or empty for other jobs. The best
     * trial is the one the sweep recorded in its run; counts come from its child jobs.
     */
    public java.util.Optional<SweepSummary> sweepSummary(Job job) {
        if (!job.type().equals("sweep")) {
            return java.util.Optional.empty();
        }
        Map<String, String> tags = tracking.run(job.name()).tags();
        String best = tags.get(SweepController.BEST_RUN_TAG);
        Double value = null;
        try {
            value = tags.containsKey(SweepController.BEST_VALUE_TAG) ? Double.valueOf(tags.get(SweepController.BEST_VALUE_TAG)) : null;
        } catch (NumberFormatException e) {
            // The tag is the controller's; a user who overwrote it through MLflow gets no value rather than an error.
        }
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
        JsonNode objective = job.spec().path("objective");
        return java.util.Optional.of(new SweepSummary(objective.path("primary_metric").asText(null), objective.path("goal").asText(null),
                best, value, total, completed, failed, canceled, terminated, active));
    }

    /** At start-up: jobs that were starting or running when the server stopped have failed; queued ones run now. */
    public void recover() {
        for (Job j : jobs.inStates(ACTIVE)) {
            if (j.parent() != null && jobs.get(j.parent()).map(s -> s.status().isTerminal()).orElse(true)) {
                // A trial whose sweep is over has no one to report to.
                runner.fail(j, "the server stopped while its sweep " + j.parent() + " was running; submit the sweep again");
            } else if (j.status() == JobStatus.QUEUED) {
                runner.enqueue(j);
            } else {
                runner.fail(j, "the server stopped while the job was " + j.status().wireName() + "; submit it again");
            }
        }
    }

    @Override
    public void close() {
        runner.close();
    }
}
