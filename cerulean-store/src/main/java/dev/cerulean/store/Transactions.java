package dev.cerulean.store;

import java.util.function.Supplier;

/**
 * Units of work that span stores: everything a unit does through any store of the same database
 * commits together or not at all. A unit that collides with a concurrent one (a serialization
 * failure, a deadlock, a lock timeout, a concurrent insert of the same key) is run again from the
 * start, so units must not have effects outside the database that cannot be repeated.
 */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);
}
