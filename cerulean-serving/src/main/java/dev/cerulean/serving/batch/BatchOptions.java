package dev.cerulean.serving.batch;

import dev.cerulean.core.endpoint.BatchSettings;
import java.time.Duration;

/**
 * How a batch job runs.
 *
 * @param miniBatchSize  files per mini-batch (folder input)
 * @param miniBatchRows  rows per mini-batch (table input)
 * @param concurrency    mini-batches scored at once
 * @param writeRows      write every prediction ({@code append_row}); false writes only the summary ({@code summary_only})
 * @param outputFileName the predictions file
 * @param errorThreshold failed rows tolerated; -1 for no limit. Exceeded, the job stops and fails
 * @param maxRetries     further attempts of a mini-batch that failed or timed out (data errors are not
 *                       retried: they go straight to finding the failing rows)
 * @param timeout        time limit of one attempt
 * @param idColumn       input column that identifies rows in the output; null to use a column named
 *                       {@code id} when the input has one the model does not take, else file and row number
 */
public record BatchOptions(int miniBatchSize, int miniBatchRows, int concurrency, boolean writeRows, String outputFileName,
        long errorThreshold, int maxRetries, Duration timeout, String idColumn) {
    public BatchOptions {
        if (miniBatchSize < 1 || miniBatchRows < 1 || concurrency < 1 || maxRetries < 0 || errorThreshold < -1) {
            throw new IllegalArgumentException("batch options out of range");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** The options a deployment's settings give, with its instance count multiplying the concurrency. */
    public static BatchOptions of(BatchSettings s, int instanceCount, String idColumn) {
        return new BatchOptions(s.miniBatchSize(), s.miniBatchRows(), s.maxConcurrencyPerInstance() * instanceCount,
                s.outputAction() == BatchSettings.OutputAction.APPEND_ROW, s.outputFileName(), s.errorThreshold(), s.maxRetries(),
                Duration.ofSeconds(s.timeoutSeconds()), idColumn);
    }
}
