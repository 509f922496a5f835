package dev.cerulean.service;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.Principal;
import dev.cerulean.core.audit.AuditEvent;
import dev.cerulean.store.AuditStore;
import dev.cerulean.store.Transactions;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every mutation in the audit log: who, what, on which target, when, and how it ended.
 * A mutation runs as one unit of work with its success event; when it fails, the unit is rolled
 * back and the failure is recorded in a transaction of its own.
 */
public final class Auditor {
    private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);
    /** Whether the request this thread is handling has been audited yet. */
    private static final ThreadLocal<Boolean> RECORDED = ThreadLocal.withInitial(() -> false);

    private final AuditStore store;
    private final Transactions transactions;
    private final Clock clock;

    public Auditor(AuditStore store, Transactions transactions, Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Runs a mutation and records its outcome.
     *
     * @param action        {@code <kind>.<verb>}
     * @param target        what it acts on, as known before it runs
     * @param finalTarget   the target once known from the result (a new version number), or null to keep {@code target}
     * @param mutation      the work
     */
    public <T> T run(Principal principal, String action, String target, Function<T, String> finalTarget, Supplier<T> mutation) {
        try {
            // The mutation and its success event commit together: no change without its audit record.
            return transactions.inTransaction(() -> {
                T result = mutation.get();
                RECORDED.set(true);
                store.append(new AuditEvent(0, clock.instant(), principal.name(), action,
                        finalTarget == null ? target : finalTarget.apply(result), AuditEvent.SUCCESS, null, null));
                return result;
            });
        } catch (CeruleanException e) {
            record(principal, action, target, AuditEvent.FAILURE, e.code().name(), e.getMessage());
            throw e;
        } catch (RuntimeException | Error e) {
            record(principal, action, target, AuditEvent.FAILURE, ErrorCode.INTERNAL.name(), String.valueOf(e.getMessage()));
            throw e;
        }
    }

    public <T> T run(Principal principal, String action, String target, Supplier<T> mutation) {
        return run(principal, action, target, null, mutation);
    }

    /** Marks the start of a request on this thread: nothing is audited for it yet. */
    public static void beginRequest() {
        RECORDED.set(false);
    }

    /** True when a service recorded an event for the request this thread is handling. */
    public static boolean recordedInThisRequest() {
        return RECORDED.get();
    }

    /**
     * Records a mutating request that failed before any service saw it (a body that is not JSON,
     * a spec with errors), so that the audit log holds every attempt.
     */
    public void recordRejected(Principal principal, String action, String target, String code, String message) {
        record(principal, action, target, AuditEvent.FAILURE, code, message);
    }

    private void record(Principal principal, String action, String target, String outcome, String code, String message) {
        RECORDED.set(true);
        try {
            store.append(new AuditEvent(0, clock.instant(), principal.name(), action, target, outcome, code, message));
        } catch (RuntimeException e) {
            // The mutation's own outcome must reach the caller even if the audit write fails; the
            // failure is logged loudly so that operators see the gap.
            LOG.error("could not record audit event {} {} {} for {}", action, target, outcome, principal.name(), e);
        }
    }
}
