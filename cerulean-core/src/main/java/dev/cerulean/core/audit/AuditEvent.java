package dev.cerulean.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One mutating request and how it ended.
 *
 * @param id        sequence number, assigned by the store (0 before it is stored)
 * @param time      when the request was handled
 * @param principal who made it
 * @param action    what was attempted, as {@code <kind>.<verb>} ({@code data.create})
 * @param target    what it acted on ({@code data:adult:3}), or the name asked for when it failed early
 * @param outcome   {@code success} or {@code failure}
 * @param errorCode the error code when it failed, else null
 * @param message   the error message when it failed, else null
 */
public record AuditEvent(long id, Instant time, String principal, String action, String target, String outcome,
        String errorCode, String message) {
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        target = target == null ? "" : target;
        Objects.requireNonNull(outcome, "outcome");
    }
}
