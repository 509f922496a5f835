package dev.cerulean.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.jobs.ComputeTarget;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.core.jobs.Resolved;
import dev.cerulean.core.jobs.SearchSummary;
import dev.cerulean.store.JobStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcJobStore implements JobStore {
    private final JdbcTransactions tx;

    JdbcJobStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Job j) {
        try {
            tx.withHandle(h -> h.createUpdate("INSERT INTO jobs (name, type, display_name, experiment_id, status, compute, "
                    + "spec_json, resolved_json, code_hash, error_message, parent_name, created_at, started_at, ended_at, created_by, description, "
                    + "tags_json, search_json) VALUES (:name, :type, :dn, :exp, :status, :compute, :spec, :resolved, :code, :err, :parent, :created, "
                    + ":started, :ended, :by, :desc, :tags, :search)")
                    .bind("name", j.name()).bind("type", j.type().wireName()).bind("dn", j.displayName())
                    .bind("exp", Long.parseLong(j.experimentId())).bind("status", j.status().name()).bind("compute", j.compute())
                    .bind("spec", j.spec().toString()).bind("resolved", j.resolved().toJson().toString())
                    .bind("code", j.codeHash()).bind("err", j.error()).bind("parent", j.parent())
                    .bind("created", j.createdAt().toEpochMilli()).bind("started", millis(j.startedAt())).bind("ended", millis(j.endedAt()))
                    .bind("by", j.createdBy()).bind("desc", j.description()).bind("tags", Json.write(j.tags()))
                    .bind("search", j.search() == null ? null : Json.write(j.search())).execute());
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException("a job named '" + j.name() + "' already exists", "name", e);
            }
            throw e;
        }
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Job map(ResultSet rs, StatementContext ctx) throws SQLException {
        ObjectNode spec;
        Resolved resolved;
        try {
            spec = (ObjectNode) Json.MAPPER.readTree(rs.getString("spec_json"));
            String r = rs.getString("resolved_json");
            // Jobs stored before V5 kept their resolved inputs inside the spec.
            JsonNode resolvedNode = r != null ? Json.MAPPER.readTree(r) : spec.remove("resolved");
            resolved = Resolved.fromJson(resolvedNode);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new dev.cerulean.core.StoreException("corrupt spec of job " + rs.getString("name"), e);
        }
        String search = rs.getString("search_json");
        return new Job(rs.getString("name"), JobType.parse(rs.getString("type")), rs.getString("display_name"),
                Long.toString(rs.getLong("experiment_id")), JobStatus.valueOf(rs.getString("status")), rs.getString("compute"), spec, resolved,
                rs.getString("code_hash"), rs.getString("error_message"), rs.getString("parent_name"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "ended_at"), rs.getString("created_by"), rs.getString("description"),
                Json.read(rs.getString("tags_json"), new TypeReference<Map<String, String>>() { }),
                search == null ? null : Json.read(search, new TypeReference<SearchSummary>() { }));
    }

    @Override
    public void updateSearch(String name, SearchSummary search) {
        tx.withHandle(h -> h.createUpdate("UPDATE jobs SET search_json = :s WHERE name = :n").bind("s", Json.write(search))
                .bind("n", name).execute());
    }

    @Override
    public Optional<Job> get(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM jobs WHERE name = :n").bind("n", name)
                .map(JdbcJobStore::map).findOne());
    }

    @Override
    public List<Job> list(JobStatus status, String parent, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM jobs WHERE 1 = 1");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (parent != null) {
            sql.append(" AND parent_name = :parent");
        }
        sql.append(" ORDER BY created_at DESC, queue_seq DESC LIMIT :limit");
        return tx.withHandle(h -> {
            Query q = h.createQuery(sql.toString()).bind("limit", limit);
            if (status != null) {
                q.bind("status", status.name());
            }
            if (parent != null) {
                q.bind("parent", parent);
            }
            return q.map(JdbcJobStore::map).list();
        });
    }

    @Override
    public List<Job> inStates(List<JobStatus> states) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM jobs WHERE status IN (<s>) ORDER BY queue_seq")
                .bindList("s", states.stream().map(Enum::name).toList()).map(JdbcJobStore::map).list());
    }

    @Override
    public boolean transition(String name, List<JobStatus> from, JobStatus to, String error, Instant startedAt, Instant endedAt) {
        return tx.withHandle(h -> h.createUpdate("UPDATE jobs SET status = :to, error_message = coalesce(:err, error_message), "
                + "started_at = coalesce(:started, started_at), ended_at = coalesce(:ended, ended_at) WHERE name = :n AND status IN (<from>)")
                .bind("to", to.name()).bind("err", error).bind("started", millis(startedAt)).bind("ended", millis(endedAt)).bind("n", name)
                .bindList("from", from.stream().map(Enum::name).toList()).execute()) > 0;
    }

    @Override
    public void insertCompute(ComputeTarget c) {
        try {
            tx.withHandle(h -> h.createUpdate("INSERT INTO compute_targets (name, type, max_concurrent_jobs, description, "
                    + "created_at, created_by) VALUES (:n, :t, :m, :d, :at, :by)").bind("n", c.name()).bind("t", c.type())
                    .bind("m", c.maxConcurrentJobs()).bind("d", c.description()).bind("at", c.createdAt().toEpochMilli())
                    .bind("by", c.createdBy()).execute());
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException("compute '" + c.name() + "' already exists", "name", e);
            }
            throw e;
        }
    }

    private static ComputeTarget compute(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ComputeTarget(rs.getString("name"), rs.getString("type"), rs.getInt("max_concurrent_jobs"), rs.getString("description"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"));
    }

    @Override
    public Optional<ComputeTarget> compute(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM compute_targets WHERE name = :n").bind("n", name)
                .map(JdbcJobStore::compute).findOne());
    }

    @Override
    public List<ComputeTarget> computes() {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM compute_targets ORDER BY name").map(JdbcJobStore::compute).list());
    }

    @Override
    public void deleteCompute(String name) {
        tx.withHandle(h -> h.createUpdate("DELETE FROM compute_targets WHERE name = :n").bind("n", name).execute());
    }
}
