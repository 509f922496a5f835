package dev.cerulean.engine.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.core.jobs.ResolvedInput;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.engine.Execution;
import dev.cerulean.engine.ExecutionFailed;
import dev.cerulean.engine.Executor;
import dev.cerulean.engine.JobLog;
import dev.cerulean.engine.port.Assets;
import dev.cerulean.engine.port.RunLogger;
import dev.cerulean.engine.port.Runs;
import dev.cerulean.engine.process.ProcessRunner;
import dev.cerulean.engine.sweep.Trials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A command job: its code snapshot copied into a folder, its inputs laid out as files, its command
 * (with {@code ${{inputs.x}}} and {@code ${{outputs.y}}} replaced) run as a process tree that logs
 * to the job's own MLflow run through MLflow's environment variables; its outputs stored as
 * artifacts of the run, and registered as data asset versions when named.
 */
public final class CommandExecutor implements Executor<Job> {
    /** Lines of the log an error message quotes. */
    public static final int LOG_TAIL_LINES = 20;

    private final Runs runs;
    private final Assets assets;

    public CommandExecutor(Runs runs, Assets assets) {
        this.runs = runs;
        this.assets = assets;
    }

    @Override
    public JobType type() {
        return JobType.COMMAND;
    }

    @Override
    public void execute(Execution<Job> e) throws IOException, InterruptedException {
        Job job = e.spec();
        ObjectNode spec = job.spec();
        JobLog log = e.log();
        Path work = e.folder("code");
        if (job.resolved().code() != null) {
            assets.materializeCode(job.resolved().code(), work);
        }
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, ResolvedInput> in : job.resolved().inputs().entrySet()) {
            values.put("inputs." + in.getKey(), assets.materialize(in.getValue(), in.getKey(), e.folder("inputs").resolve(in.getKey())));
        }
        Map<String, Path> outputs = new LinkedHashMap<>();
        for (Iterator<String> it = spec.path("outputs").fieldNames(); it.hasNext();) {
            String out = it.next();
            Path p = Files.createDirectories(e.folder("outputs").resolve(out));
            outputs.put(out, p);
            values.put("outputs." + out, p.toString());
        }
        String command = CommandLine.substitute(spec.get("command").asText(), values);
        Map<String, String> env = new LinkedHashMap<>();
        spec.path("environment_variables").fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
        env.put("MLFLOW_RUN_ID", job.name());
        env.put("MLFLOW_EXPERIMENT_ID", job.experimentId());
        env.put("AZUREML_RUN_ID", job.name());
        String url = runs.trackingUri();
        if (url != null) {
            env.put("MLFLOW_TRACKING_URI", url);
        }
        e.running();
        log.append("[cerulean] job " + job.name() + " running in " + work + (url == null ? " (no server: MLflow logging unavailable)" : ""));
        log.append("[cerulean] $ " + command.strip());
        ProcessRunner.Result r = ProcessRunner.run(command, work, env, log.file(), null, e.cancel());
        if (e.cancel().isCancelled() || r.cancelled()) {
            log.append("[cerulean] stopped: " + e.cancel().reason());
            return;
        }
        if (r.exitCode() != 0) {
            throw new ExecutionFailed("the command exited with code " + r.exitCode() + "; the end of its log:\n" + log.tail(LOG_TAIL_LINES));
        }
        keepOutputs(e, outputs);
        Trials.requirePrimaryMetric(job, runs, log);
    }

    /** Outputs become artifacts of the run under {@code outputs/<name>/}, and data asset versions when named. */
    private void keepOutputs(Execution<Job> e, Map<String, Path> outputs) throws IOException {
        Job job = e.spec();
        JsonNode specs = job.spec().path("outputs");
        RunLogger run = runs.logger(e.owner(), job.name(), e.log());
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(o.getValue())) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            if (files.isEmpty()) {
                e.log().append("[cerulean] output '" + o.getKey() + "' is empty");
                continue;
            }
            run.logArtifact(o.getValue(), "outputs/" + o.getKey());
            JsonNode spec = specs.path(o.getKey());
            if (spec.hasNonNull("name")) {
                String type = spec.path("type").asText("uri_folder");
                Path path = o.getValue();
                if (type.equals("uri_file")) {
                    if (files.size() != 1) {
                        throw new InvalidParameterException("output '" + o.getKey() + "' is a uri_file but holds " + files.size() + " files",
                                "outputs." + o.getKey());
                    }
                    path = files.get(0);
                }
                Integer version = spec.hasNonNull("version") ? spec.get("version").asInt() : null;
                AssetRef asset = assets.registerOutput(e.owner(), job.name(), o.getKey(), spec.get("name").asText(), version,
                        type.equals("mltable") || type.equals("uri_file") ? type : "uri_folder", path);
                assets.lineage(new LineageNode(LineageKind.JOB, job.name(), ""),
                        new LineageNode(LineageKind.DATA, asset.name(), Integer.toString(asset.version())), "output");
                e.log().append("[cerulean] output '" + o.getKey() + "' registered as data asset " + asset);
            }
        }
    }
}
