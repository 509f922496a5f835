package dev.cerulean.store.jdbc;

import dev.cerulean.store.Transactions;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Transactions over one database. The handle of the unit running on this thread is kept in a
 * thread-local, and the JDBC stores use it when there is one, so that their statements join the
 * unit; outside a unit each store call is its own transaction.
 */
public final class JdbcTransactions implements Transactions {
    private static final int MAX_ATTEMPTS = 8;
    private static final ThreadLocal<Handle> CURRENT = new ThreadLocal<>();

    private final Jdbi jdbi;

    public JdbcTransactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (CURRENT.get() != null) {
            return work.get();
        }
        // A unit also runs again after a unique violation: a concurrent unit inserted the same key
        // first, and the new attempt reads it and decides afresh (the same version, the next one).
        return retrying(jdbi, true, () -> jdbi.inTransaction(h -> {
            CURRENT.set(h);
            try {
                return work.get();
            } finally {
                CURRENT.remove();
            }
        }));
    }

    /** Runs a read or a single write on the current unit's handle, or on a handle of its own. */
    static <T, X extends Exception> T withHandle(Jdbi jdbi, HandleCallback<T, X> callback) throws X {
        Handle h = CURRENT.get();
        return h != null ? callback.withHandle(h) : jdbi.withHandle(callback);
    }

    /** Runs several writes atomically: within the current unit, or as a transaction of their own (retried on collisions). */
    static <T, X extends Exception> T inTransaction(Jdbi jdbi, HandleCallback<T, X> callback) throws X {
        Handle h = CURRENT.get();
        if (h != null) {
            return callback.withHandle(h);
        }
        return retrying(jdbi, false, () -> jdbi.inTransaction(callback));
    }

    /** {@link #withHandle} for work that returns nothing. */
    static <X extends Exception> void useHandle(Jdbi jdbi, org.jdbi.v3.core.HandleConsumer<X> consumer) throws X {
        withHandle(jdbi, h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    /** {@link #inTransaction(Jdbi, HandleCallback)} for work that returns nothing. */
    static <X extends Exception> void useTransaction(Jdbi jdbi, org.jdbi.v3.core.HandleConsumer<X> consumer) throws X {
        inTransaction(jdbi, h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    private interface Work<T, X extends Exception> {
        T run() throws X;
    }

    private static <T, X extends Exception> T retrying(Jdbi jdbi, boolean uniqueToo, Work<T, X> work) throws X {
        for (int attempt = 1;; attempt++) {
            try {
                return work.run();
            } catch (RuntimeException e) {
                boolean again = SqlErrors.isTransient(e) || uniqueToo && SqlErrors.isUniqueViolation(e);
                if (attempt >= MAX_ATTEMPTS || !again) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(50L, 2L << attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
