package dev.cerulean.service.data;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ConflictException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Names;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.data.Datastore;
import dev.cerulean.core.spec.Shapes;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.service.Auditor;
import dev.cerulean.store.DatastoreStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registers and lists datastores: named folders that {@code azureml://datastores/<name>/paths/<p>} resolves against. */
public final class DatastoreService {
    /** The datastore every workspace has, as Azure ML workspaces do. */
    public static final String DEFAULT = "workspaceblobstore";

    /**
     * The outcome of a registration.
     *
     * @param datastore the datastore
     * @param created   false when an identical datastore was already registered
     */
    public record Registration(Datastore datastore, boolean created) {
    }

    private final DatastoreStore store;
    private final SpecParser specs;
    private final Auditor auditor;
    private final Clock clock;

    public DatastoreService(DatastoreStore store, SpecParser specs, Auditor auditor, Clock clock) {
        this.specs = specs;
        this.store = store;
        this.auditor = auditor;
        this.clock = clock;
    }

    /** Registers a datastore from a datastore spec (a JSON request body); either outcome is audited. */
    public Registration create(Principal principal, ObjectNode spec) {
        String name = spec.path("name").isTextual() ? spec.get("name").asText() : "?";
        return auditor.run(principal, "datastore.create", "datastore:" + name,
                () -> register(principal, DatastoreRequest.fromSpec(specs.check(spec, "request body", null, SpecKind.DATASTORE))));
    }

    public Registration create(Principal principal, DatastoreRequest r) {
        return auditor.run(principal, "datastore.create", "datastore:" + r.name(), () -> register(principal, r));
    }

    private Registration register(Principal principal, DatastoreRequest r) {
        Names.requireValid("name", r.name());
        String type = r.type() == null ? Datastore.LOCAL : r.type();
        if (!type.equals(Datastore.LOCAL)) {
            throw new CeruleanException(ErrorCode.NOT_SUPPORTED, "datastore type '" + type
                    + "' is not supported yet: Cerulean reads local folders (type local)", "type");
        }
        if (r.path() == null || r.path().isBlank()) {
            throw new InvalidParameterException("'path' is required: the folder the datastore stands for", "path");
        }
        Path root = Shapes.resolveLocal(r.path(), null);
        if (root == null || !Files.isDirectory(root)) {
            throw new InvalidParameterException("'path' value '" + r.path() + "' is not an existing folder", "path");
        }
        Optional<Datastore> existing = store.get(r.name());
        if (existing.isPresent()) {
            return sameOrConflict(existing.get(), root);
        }
        Datastore d = new Datastore(r.name(), type, root.toString(), r.description(), r.tags(), clock.instant(), principal.name());
        store.insert(d);
        return new Registration(d, true);
    }

    private static Registration sameOrConflict(Datastore existing, Path root) {
        if (existing.root().equals(root.toString())) {
            return new Registration(existing, false);
        }
        throw new ConflictException("datastore '" + existing.name() + "' already exists for " + existing.root()
                + "; datastores cannot be moved: choose another name", "name");
    }

    /** Registers the default datastore under the home, once. */
    public void ensureDefault(Path folder) {
        if (store.get(DEFAULT).isEmpty()) {
            create(Principal.SYSTEM, new DatastoreRequest(DEFAULT, Datastore.LOCAL, folder.toString(),
                    "The workspace's default datastore", Map.of()));
        }
    }

    public Datastore get(String name) {
        return store.get(Names.requireValid("name", name))
                .orElseThrow(() -> new NotFoundException("datastore '" + name + "' does not exist", "name"));
    }

    public List<Datastore> list() {
        return store.list();
    }
}
