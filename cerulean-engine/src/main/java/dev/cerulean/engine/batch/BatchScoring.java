package dev.cerulean.engine.batch;

import dev.cerulean.core.endpoint.BatchJob;
import java.util.Objects;

/**
 * A batch endpoint's invocation, as the engine runs it.
 *
 * @param job      the job as recorded when it was queued
 * @param idColumn the input column that identifies rows in the output, or null
 */
public record BatchScoring(BatchJob job, String idColumn) {
    public BatchScoring {
        Objects.requireNonNull(job, "job");
    }
}
