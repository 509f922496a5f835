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
 * @param type           what kind of work it is
 * @param displayName    the run's display name
 * @param experimentId   the MLflow experiment
 * @param status         its state
 * @param compute        the compute target it runs on
 * @param spec           the normalised spec it was created from, as the user wrote it
 * @param resolved       the code snapshot and input versions the spec resolved to at submission
 * @param codeHash       {@code sha256:<hex>} of its code snapshot, or null
 * @param error          why it failed (with the tail of its log for commands), or null
 * @param parent         the sweep it is a trial of, or null
 * @param createdAt      when it was submitted
 * @param startedAt      when it started running, or null
 * @param endedAt        when it ended, or null
 * @param createdBy      who submitted it
 * @param description    free text
 * @param tags           user tags
 * @param search         where a sweep or AutoML search stands, or null for other jobs
 */
public record Job(String name, JobType type, String displayName, String experimentId, JobStatus status, String compute, ObjectNode spec,
        Resolved resolved, String codeHash, String error, String parent, Instant createdAt, Instant startedAt, Instant endedAt,
        String createdBy, String description, Map<String, String> tags, SearchSummary search) {
    public Job {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        resolved = resolved == null ? Resolved.NONE : resolved;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        description = description == null ? "" : description;
    }

    public Job withStatus(JobStatus s, String err, Instant started, Instant ended) {
        return new Job(name, type, displayName, experimentId, s, compute, spec, resolved, codeHash, err, parent, createdAt, started, ended,
                createdBy, description, tags, search);
    }
}
