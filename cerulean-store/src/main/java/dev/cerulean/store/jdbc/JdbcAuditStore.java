package dev.cerulean.store.jdbc;

import dev.cerulean.core.audit.AuditEvent;
import dev.cerulean.store.AuditStore;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.statement.Query;

final class JdbcAuditStore implements AuditStore {
    private static final int MAX_MESSAGE = 4000;

    private final JdbcTransactions tx;

    JdbcAuditStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public AuditEvent append(AuditEvent e) {
        String message = e.message() == null ? null : e.message().length() > MAX_MESSAGE ? e.message().substring(0, MAX_MESSAGE) : e.message();
        String target = e.target().length() > 1024 ? e.target().substring(0, 1024) : e.target();
        long id = tx.withHandle(h -> h.createUpdate("INSERT INTO audit_events (event_time, principal, action, target, outcome, "
                + "error_code, message) VALUES (:t, :p, :a, :target, :o, :code, :msg)")
                .bind("t", e.time().toEpochMilli()).bind("p", e.principal()).bind("a", e.action()).bind("target", target)
                .bind("o", e.outcome()).bind("code", e.errorCode()).bind("msg", message)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        return new AuditEvent(id, e.time(), e.principal(), e.action(), target, e.outcome(), e.errorCode(), message);
    }

    @Override
    public List<AuditEvent> list(String principal, String action, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_events WHERE 1 = 1");
        if (principal != null) {
            sql.append(" AND principal = :p");
        }
        if (action != null) {
            sql.append(" AND action LIKE :a");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return tx.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (principal != null) {
                q.bind("p", principal);
            }
            if (action != null) {
                q.bind("a", action.replace("%", "\\%").replace("_", "\\_") + "%");
            }
            return q.map((rs, ctx) -> new AuditEvent(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("event_time")),
                    rs.getString("principal"), rs.getString("action"), rs.getString("target"), rs.getString("outcome"),
                    rs.getString("error_code"), rs.getString("message"))).list();
        });
    }
}
