package dev.cerulean.store.jdbc;

import dev.cerulean.core.lineage.LineageEdge;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.store.LineageStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcLineageStore implements LineageStore {
    private final Jdbi jdbi;

    JdbcLineageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(LineageEdge e) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO lineage_edges (from_kind, from_name, from_version, to_kind, to_name, "
                    + "to_version, relation, created_at) VALUES (:fk, :fn, :fv, :tk, :tn, :tv, :rel, :at)")
                    .bind("fk", e.from().kind().wireName()).bind("fn", e.from().name()).bind("fv", e.from().version())
                    .bind("tk", e.to().kind().wireName()).bind("tn", e.to().name()).bind("tv", e.to().version())
                    .bind("rel", e.relation()).bind("at", e.createdAt().toEpochMilli()).execute());
        } catch (JdbiException ex) {
            if (!SqlErrors.isUniqueViolation(ex)) {
                throw ex;
            }
            // The edge is already recorded: recording it again changes nothing.
        }
    }

    @Override
    public List<LineageEdge> from(LineageNode node) {
        return query("from", node);
    }

    @Override
    public List<LineageEdge> to(LineageNode node) {
        return query("to", node);
    }

    private List<LineageEdge> query(String side, LineageNode node) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM lineage_edges WHERE " + side + "_kind = :k AND " + side
                + "_name = :n AND " + side + "_version = :v ORDER BY id")
                .bind("k", node.kind().wireName()).bind("n", node.name()).bind("v", node.version())
                .map(JdbcLineageStore::map).list());
    }

    private static LineageEdge map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new LineageEdge(
                new LineageNode(LineageKind.valueOf(rs.getString("from_kind").toUpperCase(Locale.ROOT)), rs.getString("from_name"),
                        rs.getString("from_version")),
                new LineageNode(LineageKind.valueOf(rs.getString("to_kind").toUpperCase(Locale.ROOT)), rs.getString("to_name"),
                        rs.getString("to_version")),
                rs.getString("relation"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
