package dev.cerulean.store.jdbc;

import dev.cerulean.store.Transactions;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Transactions over one database. The handle of the unit a thread is running is held per database
 * (never across databases: two workspaces in one JVM keep apart), and this database's stores use it
 * when there is one, so that their statements join the unit; outside a unit each store call is its
 * own transaction.
 */
public final class JdbcTransactions implements Transactions {
    private static final int MAX_ATTEMPTS = 8;

    private final Jdbi jdbi;
    /** The handle of the unit each thread runs on this database, if any. */
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    public JdbcTransactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        if (current.get() != null) {
            return work.get();
        }
        // A unit also runs again after a unique violation: a concurrent unit inserted the same key
        // first, and the new attempt reads it and decides afresh (the same version, the next one).
        return retrying(jdbi, true, () -> jdbi.inTransaction(h -> {
            current.set(h);
            try {
                return work.get();
            } finally {
                current.remove();
            }
        }));
    }

    /** Runs a read or a single write on the current unit's handle, or on a handle of its own. */
    <T, X extends Exception> T withHandle(HandleCallback<T, X> callback) throws X {
        Handle h = current.get();
        return h != null ? callback.withHandle(h) : jdbi.withHandle(callback);
    }

    /** Runs several writes atomically: within the current unit, or as a transaction of their own (retried on collisions). */
    <T, X extends Exception> T inTransaction(HandleCallback<T, X> callback) throws X {
        Handle h = current.get();
        if (h != null) {
            return callback.withHandle(h);
        }
        return retrying(jdbi, false, () -> jdbi.inTransaction(callback));
    }

    /** {@link #withHandle} for work that returns nothing. */
    <X extends Exception> void useHandle(org.jdbi.v3.core.HandleConsumer<X> consumer) throws X {
        withHandle(h -> {
            consumer.useHandle(h);
            return null;
        });
    }

    /** {@link #inTransaction(Jdbi, HandleCallback)} for work that returns nothing. */
    <X extends Exception> void useTransaction(org.jdbi.v3.core.HandleConsumer<X> consumer) throws X {
        inTransaction(h -> {
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
