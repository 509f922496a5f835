package dev.cerulean.core.endpoint;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One invocation of a batch endpoint: what it scores, where its output went, and how far it got.
 * Row counts always add up: {@code rowsIn = rowsScored + rowsFailed + rowsSkipped} once finished
 * ({@code rowsSkipped}: rows never attempted because the job failed or was canceled first).
 *
 * @param id                 the job id
 * @param endpointName       the endpoint
 * @param deploymentName     the deployment that scored it
 * @param input              the data asset version scored ({@code name:version})
 * @param outputName         the data asset the output is registered as
 * @param status             where it is
 * @param rowsIn             rows in the input (known once the input has been read; -1 before)
 * @param rowsScored         rows with a prediction
 * @param rowsFailed         rows that failed after every retry
 * @param miniBatches        mini-batches in the job (-1 until known)
 * @param miniBatchesDone    mini-batches finished (scored or failed)
 * @param retries            attempts repeated after a failure or timeout
 * @param output             the registered output version ({@code name:version}), or null
 * @param error              why it failed, or null
 * @param createdAt          when it was invoked
 * @param createdBy          who invoked it
 * @param startedAt          when scoring started, or null
 * @param finishedAt         when it ended, or null
 */
public record BatchJob(String id, String endpointName, String deploymentName, String input, String outputName, Status status, long rowsIn,
        long rowsScored, long rowsFailed, int miniBatches, int miniBatchesDone, int retries, String output, String error,
        Instant createdAt, String createdBy, Instant startedAt, Instant finishedAt) {
    public BatchJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Rows never attempted (the job stopped first); 0 while the row count is unknown. */
    public long rowsSkipped() {
        return status.isFinal() && rowsIn >= 0 ? Math.max(0, rowsIn - rowsScored - rowsFailed) : 0;
    }

    /** A job's state. */
    public enum Status {
        QUEUED, RUNNING, COMPLETED, FAILED, CANCELED;

        public boolean isFinal() {
            return this == COMPLETED || this == FAILED || this == CANCELED;
        }

        /** Azure's spelling: {@code Completed}. */
        @Override
        public String toString() {
            String n = name().toLowerCase(Locale.ROOT);
            return Character.toUpperCase(n.charAt(0)) + n.substring(1);
        }

        /** Parses any case. */
        public static Status parse(String text) {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        }
    }
}
