package dev.cerulean.core.endpoint;

import java.util.List;
import java.util.Locale;

/**
 * Production data collection of an online deployment ({@code data_collector}): a sample of the
 * inputs and outputs it scores is appended to files and registered as data asset versions, one per
 * rolling window.
 *
 * @param samplingRate fraction of requests collected, 0 to 1
 * @param rollingRate  the window that ends a data asset version
 * @param collections  the enabled collections
 */
public record DataCollectorSettings(double samplingRate, RollingRate rollingRate, List<Collection> collections) {
    /** The collections Cerulean knows: the model's input rows and its predictions. */
    public static final String MODEL_INPUTS = "model_inputs";
    public static final String MODEL_OUTPUTS = "model_outputs";

    public DataCollectorSettings {
        if (!(samplingRate >= 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling_rate must be 0 to 1: " + samplingRate);
        }
        if (rollingRate == null) {
            throw new IllegalArgumentException("rolling_rate is required");
        }
        collections = List.copyOf(collections);
    }

    /**
     * One collection.
     *
     * @param name     {@code model_inputs} or {@code model_outputs}
     * @param dataName the data asset its windows are registered as
     */
    public record Collection(String name, String dataName) {
    }

    /** How often a collection's file is closed and registered as a new data asset version. */
    public enum RollingRate {
        MINUTE(60), HOUR(3_600), DAY(86_400), MONTH(31L * 86_400), YEAR(366L * 86_400);

        private final long seconds;

        RollingRate(long seconds) {
            this.seconds = seconds;
        }

        /** The window length in seconds (months and years: an upper bound; windows follow the calendar). */
        public long seconds() {
            return seconds;
        }

        /** Parses Azure's spelling ({@code Hour}, {@code hour}). */
        public static RollingRate parse(String text) {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            String n = name().toLowerCase(Locale.ROOT);
            return Character.toUpperCase(n.charAt(0)) + n.substring(1);
        }
    }
}
