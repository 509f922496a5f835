package dev.cerulean.core.endpoint;

import java.util.Locale;
import java.util.Map;

/**
 * How a batch deployment scores ({@code settings}, or the same fields at the top level of older specs).
 *
 * @param miniBatchSize            files per mini-batch when the input is a folder of files (Azure's default 10)
 * @param miniBatchRows            rows per mini-batch when the input is one table (a Cerulean extension; default 10,000)
 * @param maxConcurrencyPerInstance mini-batches scored at once per instance
 * @param outputAction             {@code append_row} writes every prediction; {@code summary_only} only the summary
 * @param outputFileName           the predictions file (default {@code predictions.csv})
 * @param errorThreshold           failed rows tolerated before the job fails; -1 for no limit
 * @param maxRetries               retries of a failed or timed-out mini-batch (default 3)
 * @param timeoutSeconds           time limit of one attempt at a mini-batch (default 30)
 * @param loggingLevel             {@code warning}, {@code info} or {@code debug}
 * @param environmentVariables     kept as given
 */
public record BatchSettings(int miniBatchSize, int miniBatchRows, int maxConcurrencyPerInstance, OutputAction outputAction,
        String outputFileName, long errorThreshold, int maxRetries, int timeoutSeconds, String loggingLevel,
        Map<String, String> environmentVariables) {
    public static final int DEFAULT_MINI_BATCH_SIZE = 10;
    public static final int DEFAULT_MINI_BATCH_ROWS = 10_000;
    public static final String DEFAULT_OUTPUT_FILE = "predictions.csv";

    public BatchSettings {
        if (miniBatchSize < 1 || miniBatchRows < 1 || maxConcurrencyPerInstance < 1 || maxRetries < 0 || timeoutSeconds < 1
                || errorThreshold < -1) {
            throw new IllegalArgumentException("batch settings out of range");
        }
        if (outputFileName == null || outputFileName.isBlank() || outputFileName.contains("/") || outputFileName.contains("\\")
                || outputFileName.startsWith(".") || outputFileName.startsWith("_")) {
            throw new IllegalArgumentException("output_file_name must be a plain file name: " + outputFileName);
        }
        loggingLevel = loggingLevel == null ? "info" : loggingLevel;
        environmentVariables = Maps.sorted(environmentVariables);
    }

    /** Azure's defaults. */
    public static BatchSettings defaults() {
        return new BatchSettings(DEFAULT_MINI_BATCH_SIZE, DEFAULT_MINI_BATCH_ROWS, 1, OutputAction.APPEND_ROW, DEFAULT_OUTPUT_FILE, -1,
                3, 30, "info", Map.of());
    }

    /** What a batch job writes. */
    public enum OutputAction {
        APPEND_ROW, SUMMARY_ONLY;

        /** {@code append_row} or {@code summary_only}. */
        public static OutputAction parse(String text) {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
