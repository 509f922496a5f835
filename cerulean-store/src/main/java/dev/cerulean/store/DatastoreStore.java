package dev.cerulean.store;

import dev.cerulean.core.data.Datastore;
import java.util.List;
import java.util.Optional;

/** Registered datastores. */
public interface DatastoreStore {
    /** @throws dev.cerulean.core.AlreadyExistsException when the name exists */
    void insert(Datastore datastore);

    Optional<Datastore> get(String name);

    List<Datastore> list();
}
