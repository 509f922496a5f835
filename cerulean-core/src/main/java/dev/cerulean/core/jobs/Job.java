package dev.cerulean.core.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A job: a run of a command, a built-in training, a sweep or an AutoML search. Its name is also the
 * id of its MLflow run, so its params, metrics and artifacts are the run's.
 *
 * @param name           unique name (and MLflow run id)
 * @param type           command, train, sweep, automl
 * @param displayName    the run's display name
 * @param experimentId   the MLflow experiment
 * @param status         its state
 * @param compute        the compute target it runs on
 * @param spec           the normalised spec it was created from
 * @param codeHash       {@code sha256:<hex>} of its code snapshot, or null
 * @param error          why it failed (with the tail of its log for commands), or null
 * @param parent         the sweep or AutoML job it is a trial of, or null
 * @param createdAt      when it was submitted
 * @param startedAt      when it started running, or null
 * @param endedAt        when it ended, or null
 * @param createdBy      who submitted it
 * @param description    free text
 * @param tags           user tags
 */
public record Job(String name, String type, String displayName, String experimentId, JobStatus status, String compute, ObjectNode spec,
        String codeHash, String error, String parent, Instant createdAt, Instant startedAt, Instant endedAt, String createdBy,
        String description, Map<String, String> tags) {
    public Job {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        description = description == null ? "" : description;
    }

    public Job withStatus(JobStatus s, String err, Instant started, Instant ended) {
        return new Job(name, type, displayName, experimentId, s, compute, spec, codeHash, err, parent, createdAt, started, ended, createdBy,
                description, tags);
    }
}
