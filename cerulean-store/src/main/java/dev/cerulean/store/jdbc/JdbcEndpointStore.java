package dev.cerulean.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.BatchEndpoint;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.endpoint.BatchSettings;
import dev.cerulean.core.endpoint.DataCollectorSettings;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.core.endpoint.OnlineEndpoint;
import dev.cerulean.core.endpoint.ProbeSettings;
import dev.cerulean.core.endpoint.RequestSettings;
import dev.cerulean.store.EndpointStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcEndpointStore implements EndpointStore {
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Integer>> INTS = new TypeReference<>() { };

    private final JdbcTransactions tx;

    JdbcEndpointStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    /** The settings of an online deployment kept as one JSON column: they are read and written together. */
    record OnlineSettings(RequestSettings requestSettings, ProbeSettings livenessProbe, ProbeSettings readinessProbe,
            Map<String, String> environmentVariables, DataCollectorSettings dataCollector) {
    }

    private static void insert(Supplier<String> what, Runnable insert) {
        try {
            insert.run();
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException(what.get() + " already exists", "name", e);
            }
            throw e;
        }
    }

    // --- online endpoints ---------------------------------------------------------------------

    @Override
    public void insertOnlineEndpoint(OnlineEndpoint e, EndpointKeys keys) {
        insert(() -> "online endpoint '" + e.name() + "'", () -> tx.useHandle(h -> h.createUpdate(
                "INSERT INTO online_endpoints (name, auth_mode, description, tags, traffic, mirror_traffic, primary_key, secondary_key, "
                        + "created_at, created_by, updated_at) VALUES (:name, :auth, :description, :tags, :traffic, :mirror, :pk, :sk, "
                        + ":created, :by, :updated)")
                .bind("name", e.name()).bind("auth", e.authMode()).bind("description", e.description()).bind("tags", Json.write(e.tags()))
                .bind("traffic", Json.write(e.traffic())).bind("mirror", Json.write(e.mirrorTraffic())).bind("pk", keys.primaryKey())
                .bind("sk", keys.secondaryKey()).bind("created", e.createdAt().toEpochMilli()).bind("by", e.createdBy())
                .bind("updated", e.updatedAt().toEpochMilli()).execute()));
    }

    @Override
    public Optional<OnlineEndpoint> onlineEndpoint(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM online_endpoints WHERE name = :name").bind("name", name)
                .map(JdbcEndpointStore::mapOnlineEndpoint).findOne());
    }

    @Override
    public List<OnlineEndpoint> onlineEndpoints() {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM online_endpoints ORDER BY name")
                .map(JdbcEndpointStore::mapOnlineEndpoint).list());
    }

    @Override
    public void updateOnlineEndpoint(OnlineEndpoint e) {
        tx.useHandle(h -> h.createUpdate("UPDATE online_endpoints SET description = :description, tags = :tags, "
                + "traffic = :traffic, mirror_traffic = :mirror, updated_at = :updated WHERE name = :name")
                .bind("name", e.name()).bind("description", e.description()).bind("tags", Json.write(e.tags()))
                .bind("traffic", Json.write(e.traffic())).bind("mirror", Json.write(e.mirrorTraffic()))
                .bind("updated", e.updatedAt().toEpochMilli()).execute());
    }

    @Override
    public Optional<EndpointKeys> keys(String endpoint) {
        return tx.withHandle(h -> h.createQuery("SELECT primary_key, secondary_key FROM online_endpoints WHERE name = :name")
                .bind("name", endpoint).map((rs, ctx) -> new EndpointKeys(rs.getString(1), rs.getString(2))).findOne());
    }

    @Override
    public void updateKeys(String endpoint, EndpointKeys keys) {
        tx.useHandle(h -> h.createUpdate("UPDATE online_endpoints SET primary_key = :pk, secondary_key = :sk WHERE name = :name")
                .bind("name", endpoint).bind("pk", keys.primaryKey()).bind("sk", keys.secondaryKey()).execute());
    }

    @Override
    public boolean deleteOnlineEndpoint(String name) {
        return tx.inTransaction(h -> {
            h.createUpdate("DELETE FROM online_deployments WHERE endpoint_name = :name").bind("name", name).execute();
            return h.createUpdate("DELETE FROM online_endpoints WHERE name = :name").bind("name", name).execute() > 0;
        });
    }

    private static OnlineEndpoint mapOnlineEndpoint(ResultSet rs, StatementContext ctx) throws SQLException {
        return new OnlineEndpoint(rs.getString("name"), rs.getString("auth_mode"), rs.getString("description"),
                Json.read(rs.getString("tags"), STRINGS), Json.read(rs.getString("traffic"), INTS),
                Json.read(rs.getString("mirror_traffic"), INTS), Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    // --- online deployments -------------------------------------------------------------------

    @Override
    public void insertOnlineDeployment(OnlineDeployment d) {
        OnlineSettings settings = new OnlineSettings(d.requestSettings(), d.livenessProbe(), d.readinessProbe(), d.environmentVariables(),
                d.dataCollector());
        insert(() -> "online deployment '" + d.name() + "' of endpoint '" + d.endpointName() + "'", () -> tx.useHandle(
                h -> h.createUpdate("INSERT INTO online_deployments (endpoint_name, name, description, tags, model_name, model_version, "
                        + "instance_count, settings, created_at, created_by) VALUES (:endpoint, :name, :description, :tags, :model, :version, "
                        + ":instances, :settings, :created, :by)")
                        .bind("endpoint", d.endpointName()).bind("name", d.name()).bind("description", d.description())
                        .bind("tags", Json.write(d.tags())).bind("model", d.modelName()).bind("version", d.modelVersion())
                        .bind("instances", d.instanceCount()).bind("settings", Json.write(settings))
                        .bind("created", d.createdAt().toEpochMilli()).bind("by", d.createdBy()).execute()));
    }

    @Override
    public Optional<OnlineDeployment> onlineDeployment(String endpoint, String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM online_deployments WHERE endpoint_name = :endpoint AND name = :name")
                .bind("endpoint", endpoint).bind("name", name).map(JdbcEndpointStore::mapOnlineDeployment).findOne());
    }

    @Override
    public List<OnlineDeployment> onlineDeployments(String endpoint) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM online_deployments WHERE endpoint_name = :endpoint ORDER BY name")
                .bind("endpoint", endpoint).map(JdbcEndpointStore::mapOnlineDeployment).list());
    }

    @Override
    public boolean deleteOnlineDeployment(String endpoint, String name) {
        return tx.withHandle(h -> h.createUpdate("DELETE FROM online_deployments WHERE endpoint_name = :endpoint AND name = :name")
                .bind("endpoint", endpoint).bind("name", name).execute() > 0);
    }

    private static OnlineDeployment mapOnlineDeployment(ResultSet rs, StatementContext ctx) throws SQLException {
        OnlineSettings s = Json.read(rs.getString("settings"), new TypeReference<OnlineSettings>() { });
        return new OnlineDeployment(rs.getString("endpoint_name"), rs.getString("name"), rs.getString("description"),
                Json.read(rs.getString("tags"), STRINGS), rs.getString("model_name"), rs.getInt("model_version"), rs.getInt("instance_count"),
                s.requestSettings(), s.livenessProbe(), s.readinessProbe(), s.environmentVariables(), s.dataCollector(),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"));
    }

    // --- batch endpoints ----------------------------------------------------------------------

    @Override
    public void insertBatchEndpoint(BatchEndpoint e) {
        insert(() -> "batch endpoint '" + e.name() + "'", () -> tx.useHandle(h -> h.createUpdate(
                "INSERT INTO batch_endpoints (name, auth_mode, description, tags, default_deployment, created_at, created_by, updated_at) "
                        + "VALUES (:name, :auth, :description, :tags, :deployment, :created, :by, :updated)")
                .bind("name", e.name()).bind("auth", e.authMode()).bind("description", e.description()).bind("tags", Json.write(e.tags()))
                .bind("deployment", e.defaultDeployment()).bind("created", e.createdAt().toEpochMilli()).bind("by", e.createdBy())
                .bind("updated", e.updatedAt().toEpochMilli()).execute()));
    }

    @Override
    public Optional<BatchEndpoint> batchEndpoint(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM batch_endpoints WHERE name = :name").bind("name", name)
                .map(JdbcEndpointStore::mapBatchEndpoint).findOne());
    }

    @Override
    public List<BatchEndpoint> batchEndpoints() {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM batch_endpoints ORDER BY name")
                .map(JdbcEndpointStore::mapBatchEndpoint).list());
    }

    @Override
    public void updateBatchEndpoint(BatchEndpoint e) {
        tx.useHandle(h -> h.createUpdate("UPDATE batch_endpoints SET description = :description, tags = :tags, "
                + "default_deployment = :deployment, updated_at = :updated WHERE name = :name")
                .bind("name", e.name()).bind("description", e.description()).bind("tags", Json.write(e.tags()))
                .bind("deployment", e.defaultDeployment()).bind("updated", e.updatedAt().toEpochMilli()).execute());
    }

    @Override
    public boolean deleteBatchEndpoint(String name) {
        return tx.inTransaction(h -> {
            h.createUpdate("DELETE FROM batch_deployments WHERE endpoint_name = :name").bind("name", name).execute();
            return h.createUpdate("DELETE FROM batch_endpoints WHERE name = :name").bind("name", name).execute() > 0;
        });
    }

    private static BatchEndpoint mapBatchEndpoint(ResultSet rs, StatementContext ctx) throws SQLException {
        return new BatchEndpoint(rs.getString("name"), rs.getString("auth_mode"), rs.getString("description"),
                Json.read(rs.getString("tags"), STRINGS), rs.getString("default_deployment"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    // --- batch deployments --------------------------------------------------------------------

    @Override
    public void insertBatchDeployment(BatchDeployment d) {
        insert(() -> "batch deployment '" + d.name() + "' of endpoint '" + d.endpointName() + "'", () -> tx.useHandle(
                h -> h.createUpdate("INSERT INTO batch_deployments (endpoint_name, name, description, tags, model_name, model_version, "
                        + "compute, instance_count, settings, created_at, created_by) VALUES (:endpoint, :name, :description, :tags, :model, "
                        + ":version, :compute, :instances, :settings, :created, :by)")
                        .bind("endpoint", d.endpointName()).bind("name", d.name()).bind("description", d.description())
                        .bind("tags", Json.write(d.tags())).bind("model", d.modelName()).bind("version", d.modelVersion())
                        .bind("compute", d.compute()).bind("instances", d.instanceCount()).bind("settings", Json.write(d.settings()))
                        .bind("created", d.createdAt().toEpochMilli()).bind("by", d.createdBy()).execute()));
    }

    @Override
    public Optional<BatchDeployment> batchDeployment(String endpoint, String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM batch_deployments WHERE endpoint_name = :endpoint AND name = :name")
                .bind("endpoint", endpoint).bind("name", name).map(JdbcEndpointStore::mapBatchDeployment).findOne());
    }

    @Override
    public List<BatchDeployment> batchDeployments(String endpoint) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM batch_deployments WHERE endpoint_name = :endpoint ORDER BY name")
                .bind("endpoint", endpoint).map(JdbcEndpointStore::mapBatchDeployment).list());
    }

    @Override
    public boolean deleteBatchDeployment(String endpoint, String name) {
        return tx.withHandle(h -> h.createUpdate("DELETE FROM batch_deployments WHERE endpoint_name = :endpoint AND name = :name")
                .bind("endpoint", endpoint).bind("name", name).execute() > 0);
    }

    private static BatchDeployment mapBatchDeployment(ResultSet rs, StatementContext ctx) throws SQLException {
        return new BatchDeployment(rs.getString("endpoint_name"), rs.getString("name"), rs.getString("description"),
                Json.read(rs.getString("tags"), STRINGS), rs.getString("model_name"), rs.getInt("model_version"), rs.getString("compute"),
                rs.getInt("instance_count"), Json.read(rs.getString("settings"), new TypeReference<BatchSettings>() { }),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"));
    }

    // --- batch jobs ---------------------------------------------------------------------------

    @Override
    public void insertBatchJob(BatchJob j) {
        insert(() -> "batch job '" + j.id() + "'", () -> tx.useHandle(h -> h.createUpdate(
                "INSERT INTO batch_jobs (id, endpoint_name, deployment_name, input, output_name, status, rows_in, rows_scored, rows_failed, "
                        + "mini_batches, mini_batches_done, retries, output, error, created_at, created_by, started_at, finished_at) VALUES "
                        + "(:id, :endpoint, :deployment, :input, :outputName, :status, :rowsIn, :rowsScored, :rowsFailed, :miniBatches, "
                        + ":miniBatchesDone, :retries, :output, :error, :created, :by, :started, :finished)")
                .bind("id", j.id()).bind("endpoint", j.endpointName()).bind("created", j.createdAt().toEpochMilli())
                .bind("by", j.createdBy()).bindMap(jobFields(j)).execute()));
    }

    @Override
    public void updateBatchJob(BatchJob j) {
        tx.useHandle(h -> h.createUpdate("UPDATE batch_jobs SET deployment_name = :deployment, input = :input, "
                + "output_name = :outputName, status = :status, rows_in = :rowsIn, rows_scored = :rowsScored, rows_failed = :rowsFailed, "
                + "mini_batches = :miniBatches, mini_batches_done = :miniBatchesDone, retries = :retries, output = :output, error = :error, "
                + "started_at = :started, finished_at = :finished WHERE id = :id")
                .bind("id", j.id()).bindMap(jobFields(j)).execute());
    }

    private static Map<String, Object> jobFields(BatchJob j) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("deployment", j.deploymentName());
        m.put("input", j.input());
        m.put("outputName", j.outputName());
        m.put("status", j.status().name());
        m.put("rowsIn", j.rowsIn());
        m.put("rowsScored", j.rowsScored());
        m.put("rowsFailed", j.rowsFailed());
        m.put("miniBatches", j.miniBatches());
        m.put("miniBatchesDone", j.miniBatchesDone());
        m.put("retries", j.retries());
        m.put("output", j.output());
        m.put("error", j.error() == null ? null : j.error().length() > 4000 ? j.error().substring(0, 3997) + "..." : j.error());
        m.put("started", j.startedAt() == null ? null : j.startedAt().toEpochMilli());
        m.put("finished", j.finishedAt() == null ? null : j.finishedAt().toEpochMilli());
        return m;
    }

    @Override
    public Optional<BatchJob> batchJob(String id) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM batch_jobs WHERE id = :id").bind("id", id)
                .map(JdbcEndpointStore::mapBatchJob).findOne());
    }

    @Override
    public List<BatchJob> batchJobs(String endpoint, int limit) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM batch_jobs WHERE endpoint_name = :endpoint "
                + "ORDER BY created_at DESC, id DESC LIMIT :limit").bind("endpoint", endpoint).bind("limit", limit)
                .map(JdbcEndpointStore::mapBatchJob).list());
    }

    @Override
    public List<BatchJob> unfinishedBatchJobs() {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM batch_jobs WHERE status IN ('QUEUED', 'RUNNING') "
                + "ORDER BY created_at").map(JdbcEndpointStore::mapBatchJob).list());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static BatchJob mapBatchJob(ResultSet rs, StatementContext ctx) throws SQLException {
        return new BatchJob(rs.getString("id"), rs.getString("endpoint_name"), rs.getString("deployment_name"), rs.getString("input"),
                rs.getString("output_name"), BatchJob.Status.parse(rs.getString("status")), rs.getLong("rows_in"), rs.getLong("rows_scored"),
                rs.getLong("rows_failed"), rs.getInt("mini_batches"), rs.getInt("mini_batches_done"), rs.getInt("retries"),
                rs.getString("output"), rs.getString("error"), Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"),
                instant(rs, "started_at"), instant(rs, "finished_at"));
    }
}
