package dev.cerulean.serving.batch;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a batch job ended. Rows always add up: {@code rowsIn = rowsScored + rowsFailed + rowsSkipped}.
 *
 * @param outcome           completed, failed (error threshold exceeded, or the input unreadable) or canceled
 * @param rowsIn            rows in the input
 * @param rowsScored        rows with a prediction
 * @param rowsFailed        rows that failed after every retry (listed with their error in {@code errors})
 * @param rowsSkipped       rows never attempted because the job stopped first
 * @param miniBatches       mini-batches attempted
 * @param miniBatchesFailed mini-batches that failed every attempt (their rows were then scored one part at a time)
 * @param retries           attempts repeated
 * @param message           a one-line account for people
 * @param predictions       the predictions file, or null with {@code summary_only} or when no row was scored
 * @param errors            the failed rows' file ({@code _errors.csv}), or null when none failed
 * @param summary           the summary file ({@code _summary.json})
 * @param elapsed           wall time
 */
public record BatchResult(Outcome outcome, long rowsIn, long rowsScored, long rowsFailed, long rowsSkipped, int miniBatches,
        int miniBatchesFailed, int retries, String message, Path predictions, Path errors, Path summary, Duration elapsed) {

    /** How a job ended. */
    public enum Outcome {
        COMPLETED, FAILED, CANCELED
    }
}
