package dev.cerulean.service.jobs;

import dev.cerulean.core.Principal;
import dev.cerulean.core.StoreException;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.engine.JobLog;
import dev.cerulean.engine.port.RunLogger;
import dev.cerulean.engine.port.Runs;
import dev.cerulean.service.tracking.ArtifactService;
import dev.cerulean.service.tracking.TrackingService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The engine's {@link Runs} over the tracking service: params in batches of MLflow's limits, metrics,
 * tags, and artifacts streamed into the run's artifact root.
 */
final class JobRuns implements Runs {
    /** MLflow's log-batch limits. */
    private static final int PARAMS_PER_BATCH = 100;
    private static final int METRICS_PER_BATCH = 1000;
    private static final int MAX_PARAM_LENGTH = 6000;

    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final Supplier<String> serverUrl;
    private final Clock clock;

    JobRuns(TrackingService tracking, ArtifactService artifacts, Supplier<String> serverUrl, Clock clock) {
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.serverUrl = serverUrl;
        this.clock = clock;
    }

    @Override
    public RunLogger logger(Principal owner, String runId, JobLog log) {
        return new Logger(owner, runId, log);
    }

    @Override
    public String createChild(Principal owner, String experimentId, String parentRunId, String runName, Map<String, String> tags,
            long startMillis) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.put("mlflow.parentRunId", parentRunId);
        all.put("mlflow.source.type", "JOB");
        return tracking.createRun(owner, experimentId, null, "RUNNING", owner.name(), runName, startMillis, all).info().runId();
    }

    @Override
    public void end(Principal owner, String runId, boolean ok, long endMillis) {
        tracking.updateRun(owner, runId, ok ? "FINISHED" : "FAILED", endMillis, null);
    }

    @Override
    public Map<String, Double> latestMetrics(String runId) {
        return TrackingService.latest(tracking.run(runId));
    }

    @Override
    public List<Double> history(String runId, String key) {
        List<Metric> points = new ArrayList<>(tracking.metricHistory(runId, key, 25_000, null).items());
        points.sort(Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp));
        return points.stream().map(Metric::value).toList();
    }

    @Override
    public String trackingUri() {
        return serverUrl.get();
    }

    /** Stores a file or a folder (its files, recursively) under {@code artifactPath} of a run. */
    void store(Principal owner, String runId, Path fileOrFolder, String artifactPath) {
        String root = artifacts.runRoot(tracking.runInfo(runId));
        try {
            if (Files.isRegularFile(fileOrFolder)) {
                try (InputStream in = Files.newInputStream(fileOrFolder)) {
                    artifacts.upload(owner, root + "/" + artifactPath, in);
                }
                return;
            }
            try (Stream<Path> s = Files.walk(fileOrFolder)) {
                for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                    try (InputStream in = Files.newInputStream(f)) {
                        artifacts.upload(owner, root + "/" + artifactPath + "/" + fileOrFolder.relativize(f).toString().replace('\\', '/'), in);
                    }
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot store artifacts of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    /** Reports into one run on its owner's behalf. */
    private final class Logger implements RunLogger {
        private final Principal owner;
        private final String runId;
        private final JobLog log;

        Logger(Principal owner, String runId, JobLog log) {
            this.owner = owner;
            this.runId = runId;
            this.log = log;
        }

        @Override
        public void logParams(Map<String, String> params) {
            List<Map.Entry<String, String>> all = new ArrayList<>(params.entrySet());
            for (int i = 0; i < all.size(); i += PARAMS_PER_BATCH) {
                Map<String, String> chunk = new LinkedHashMap<>();
                all.subList(i, Math.min(all.size(), i + PARAMS_PER_BATCH)).forEach(e -> chunk.put(e.getKey(), truncate(e.getValue(),
                        MAX_PARAM_LENGTH)));
                tracking.logBatch(owner, runId, List.of(), chunk, Map.of());
            }
        }

        @Override
        public void logMetrics(Map<String, Double> metrics, long step) {
            long now = clock.millis();
            List<Metric> ms = new ArrayList<>();
            metrics.forEach((k, v) -> ms.add(new Metric(k, v, now, step)));
            for (int i = 0; i < ms.size(); i += METRICS_PER_BATCH) {
                tracking.logBatch(owner, runId, ms.subList(i, Math.min(ms.size(), i + METRICS_PER_BATCH)), Map.of(), Map.of());
            }
        }

        @Override
        public void setTags(Map<String, String> tags) {
            tracking.logBatch(owner, runId, List.of(), Map.of(), tags);
        }

        @Override
        public void logArtifact(Path fileOrFolder, String artifactPath) {
            store(owner, runId, fileOrFolder, artifactPath);
        }

        @Override
        public void logArtifact(byte[] content, String artifactPath) {
            artifacts.upload(owner, artifacts.runRoot(tracking.runInfo(runId)) + "/" + artifactPath, new ByteArrayInputStream(content));
        }

        @Override
        public void log(String line) {
            log.append(line);
        }
    }
}
