package dev.cerulean.store;

import dev.cerulean.core.audit.AuditEvent;
import java.util.List;

/** The append-only audit log. */
public interface AuditStore {
    /** Appends an event and returns it with its id. */
    AuditEvent append(AuditEvent event);

    /**
     * The newest events first.
     *
     * @param principal only this principal's events, or null for all
     * @param action    only actions starting with this prefix ({@code data.}), or null
     * @param limit     at most this many
     */
    List<AuditEvent> list(String principal, String action, int limit);
}
