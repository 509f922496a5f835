package dev.cerulean.core.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cerulean.core.InvalidParameterException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of work the engine runs, with their wire names (the {@code type} of a job spec and of
 * the job's JSON). Batch scoring is the work of a batch endpoint's invocation.
 */
public enum JobType {
    COMMAND("command"),
    TRAIN("train"),
    AUTOML("automl"),
    SWEEP("sweep"),
    BATCH_SCORING("batch_scoring");

    private final String wireName;

    JobType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /**
     * The type named {@code text} (its wire name, any case).
     *
     * @throws InvalidParameterException for an unknown name
     */
    @JsonCreator
    public static JobType parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (JobType j : values()) {
            if (j.wireName.equals(t)) {
                return j;
            }
        }
        throw new InvalidParameterException("'" + text + "' is not a job type; expected one of "
                + Arrays.stream(values()).map(JobType::wireName).collect(Collectors.joining(", ")), "type");
    }
}
