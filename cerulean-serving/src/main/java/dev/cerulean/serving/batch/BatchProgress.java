package dev.cerulean.serving.batch;

/**
 * Receives a job's progress: after each mini-batch and when the input has been read. Called from the
 * job's threads, one call at a time; implementations should return quickly.
 */
@FunctionalInterface
public interface BatchProgress {
    void update(Snapshot snapshot);

    /** A no-op. */
    BatchProgress NONE = s -> { };

    /**
     * Where a job is.
     *
     * @param rowsRead        rows read so far
     * @param inputComplete   true once every row has been read ({@code rowsRead} is then the input's size)
     * @param rowsScored      rows with a prediction
     * @param rowsFailed      rows that failed after every retry
     * @param miniBatches     mini-batches made so far (final once the input is complete)
     * @param miniBatchesDone mini-batches finished
     * @param retries         attempts repeated
     */
    record Snapshot(long rowsRead, boolean inputComplete, long rowsScored, long rowsFailed, int miniBatches, int miniBatchesDone,
            int retries) {
    }
}
