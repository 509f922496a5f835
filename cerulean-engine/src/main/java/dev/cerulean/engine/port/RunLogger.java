package dev.cerulean.engine.port;

import java.nio.file.Path;
import java.util.Map;

/** Where running work reports: the params, metrics, tags and artifacts of its MLflow run. */
public interface RunLogger {
    void logParams(Map<String, String> params);

    /** Metrics at a step (0 for final values). */
    void logMetrics(Map<String, Double> metrics, long step);

    void setTags(Map<String, String> tags);

    /** Stores a file or a folder (recursively) under {@code artifactPath} in the run's artifacts. */
    void logArtifact(Path fileOrFolder, String artifactPath);

    /** Stores bytes as a file in the run's artifacts. */
    void logArtifact(byte[] content, String artifactPath);

    /** A line for the job's log (shown by {@code job show} and {@code --stream}). */
    void log(String line);
}
