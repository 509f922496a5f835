package dev.cerulean.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.data.Datastore;
import dev.cerulean.store.DatastoreStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcDatastoreStore implements DatastoreStore {
    private final JdbcTransactions tx;

    JdbcDatastoreStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Datastore d) {
        try {
            tx.withHandle(h -> h.createUpdate("INSERT INTO datastores (name, type, root, description, tags, created_at, created_by) "
                    + "VALUES (:name, :type, :root, :description, :tags, :created, :by)")
                    .bind("name", d.name()).bind("type", d.type()).bind("root", d.root()).bind("description", d.description())
                    .bind("tags", Json.write(d.tags())).bind("created", d.createdAt().toEpochMilli()).bind("by", d.createdBy())
                    .execute());
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException("datastore '" + d.name() + "' already exists", "name", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Datastore> get(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM datastores WHERE name = :name").bind("name", name)
                .map(JdbcDatastoreStore::map).findOne());
    }

    @Override
    public List<Datastore> list() {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM datastores ORDER BY name").map(JdbcDatastoreStore::map).list());
    }

    private static Datastore map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Datastore(rs.getString("name"), rs.getString("type"), rs.getString("root"), rs.getString("description"),
                Json.read(rs.getString("tags"), new TypeReference<Map<String, String>>() { }),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"));
    }
}
