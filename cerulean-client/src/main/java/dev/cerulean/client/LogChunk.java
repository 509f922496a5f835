package dev.cerulean.client;

import dev.cerulean.core.jobs.JobStatus;

/**
 * A piece of a job's log ({@code GET /api/v1/jobs/{name}/logs?offset=}).
 *
 * @param text       the log from the offset asked for (empty when nothing new was written)
 * @param nextOffset the offset to ask for next
 * @param status     the job's state when the piece was read
 * @param ended      whether the job had ended then: a piece read after that with no text is the end of the log
 */
public record LogChunk(String text, long nextOffset, JobStatus status, boolean ended) {
    public LogChunk {
        text = text == null ? "" : text;
    }
}
