package dev.cerulean.core.jobs;

import java.util.Locale;

/** A job's state, with Azure ML's names. */
public enum JobStatus {
    QUEUED("Queued"), STARTING("Starting"), RUNNING("Running"), COMPLETED("Completed"), FAILED("Failed"), CANCELED("Canceled");

    private final String display;

    JobStatus(String display) {
        this.display = display;
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELED;
    }

    /** MLflow's run status for this state. */
    public String mlflowStatus() {
        return switch (this) {
            case QUEUED, STARTING -> "SCHEDULED";
            case RUNNING -> "RUNNING";
            case COMPLETED -> "FINISHED";
            case FAILED -> "FAILED";
            case CANCELED -> "KILLED";
        };
    }

    @com.fasterxml.jackson.annotation.JsonValue
    @Override
    public String toString() {
        return display;
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static JobStatus parse(String text) {
        for (JobStatus s : values()) {
            if (s.display.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new dev.cerulean.core.InvalidParameterException("'" + text + "' is not a job status; expected one of Queued, Starting, "
                + "Running, Completed, Failed, Canceled", "status");
    }

    public String wireName() {
        return display.toLowerCase(Locale.ROOT);
    }
}
