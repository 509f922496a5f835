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
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcLineageStore implements LineageStore {
    private final JdbcTransactions tx;

    JdbcLineageStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void add(LineageEdge e) {
        // Insert only when absent, without provoking a constraint violation: inside a larger unit on
        // PostgreSQL a failed statement would abort the whole transaction.
        tx.withHandle(h -> h.createUpdate("INSERT INTO lineage_edges (from_kind, from_name, from_version, to_kind, "
                + "to_name, to_version, relation, created_at) SELECT :fk, :fn, :fv, :tk, :tn, :tv, :rel, :at FROM workspace_info_one "
                + "WHERE NOT EXISTS (SELECT 1 FROM lineage_edges WHERE from_kind = :fk AND from_name = :fn AND from_version = :fv "
                + "AND to_kind = :tk AND to_name = :tn AND to_version = :tv AND relation = :rel)")
                .bind("fk", e.from().kind().wireName()).bind("fn", e.from().name()).bind("fv", e.from().version())
                .bind("tk", e.to().kind().wireName()).bind("tn", e.to().name()).bind("tv", e.to().version())
                .bind("rel", e.relation()).bind("at", e.createdAt().toEpochMilli()).execute());
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
        return tx.withHandle(h -> h.createQuery("SELECT * FROM lineage_edges WHERE " + side + "_kind = :k AND " + side
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
