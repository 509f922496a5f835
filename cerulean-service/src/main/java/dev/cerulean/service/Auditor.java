package dev.cerulean.service;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.Principal;
import dev.cerulean.core.audit.AuditEvent;
import dev.cerulean.store.AuditStore;
import dev.cerulean.store.Transactions;
import java.time.Clock;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
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

    private final AuditStore store;
    private final Transactions transactions;
    private final Clock clock;
    /** Failures whose mutation recorded them already, so that whoever renders them does not record them again. */
    private final Set<Throwable> recorded = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

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
                store.append(new AuditEvent(0, clock.instant(), principal.name(), action,
                        finalTarget == null ? target : finalTarget.apply(result), AuditEvent.SUCCESS, null, null));
                return result;
            });
        } catch (CeruleanException e) {
            record(principal, action, target, AuditEvent.FAILURE, e.code().name(), e.getMessage());
            recorded.add(e);
            throw e;
        } catch (RuntimeException | Error e) {
            record(principal, action, target, AuditEvent.FAILURE, ErrorCode.INTERNAL.name(), String.valueOf(e.getMessage()));
            recorded.add(e);
            throw e;
        }
    }

    public <T> T run(Principal principal, String action, String target, Supplier<T> mutation) {
        return run(principal, action, target, null, mutation);
    }

    /** True when a mutation recorded this failure as its outcome (the caller must not record it again). */
    public boolean recorded(Throwable failure) {
        return recorded.contains(failure);
    }

    /**
     * Records a mutating request that failed before any service saw it (a body that is not JSON,
     * a spec with errors), so that the audit log holds every attempt.
     */
    public void recordRejected(Principal principal, String action, String target, String code, String message) {
        record(principal, action, target, AuditEvent.FAILURE, code, message);
    }

    private void record(Principal principal, String action, String target, String outcome, String code, String message) {
        try {
            store.append(new AuditEvent(0, clock.instant(), principal.name(), action, target, outcome, code, message));
        } catch (RuntimeException e) {
            // The mutation's own outcome must reach the caller even if the audit write fails; the
            // failure is logged loudly so that operators see the gap.
            LOG.error("could not record audit event {} {} {} for {}", action, target, outcome, principal.name(), e);
        }
    }
}
