package dev.cerulean.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.tracking.Dataset;
import dev.cerulean.core.tracking.DatasetInput;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.PageToken;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.core.tracking.RunInfo;
import dev.cerulean.core.tracking.SearchFilter;
import dev.cerulean.core.tracking.SearchFilter.Clause;
import dev.cerulean.core.tracking.SearchFilter.Entity;
import dev.cerulean.core.tracking.SearchFilter.Order;
import dev.cerulean.core.tracking.ViewType;
import dev.cerulean.store.TrackingStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** Tracking on H2 or PostgreSQL. Logging is one transaction per call, retried when another transaction collides with it. */
final class JdbcTrackingStore implements TrackingStore {
    private final JdbcTransactions tx;
    private final Database.Dialect dialect;

    JdbcTrackingStore(JdbcTransactions tx, Database.Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    // --- experiments --------------------------------------------------------------------------

    @Override
    public String createExperiment(String name, String artifactLocation, String artifactRoot, Map<String, String> tags, long now) {
        try {
            return tx.inTransaction(h -> {
                long id;
                if (name.equals(Experiment.DEFAULT_NAME) && h.createQuery("SELECT count(*) FROM experiments WHERE experiment_id = 0")
                        .mapTo(Long.class).one() == 0) {
                    id = 0;
                    h.createUpdate("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, "
                            + "last_update_time) VALUES (0, :name, :loc, 'active', :now, :now)")
                            .bind("name", name).bind("loc", artifactLocation != null ? artifactLocation : artifactRoot + "/0")
                            .bind("now", now).execute();
                } else {
                    id = h.createUpdate("INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) "
                            + "VALUES (:name, '', 'active', :now, :now)").bind("name", name).bind("now", now)
                            .executeAndReturnGeneratedKeys("experiment_id").mapTo(Long.class).one();
                    h.createUpdate("UPDATE experiments SET artifact_location = :loc WHERE experiment_id = :id")
                            .bind("loc", artifactLocation != null ? artifactLocation : artifactRoot + "/" + id).bind("id", id).execute();
                }
                for (Map.Entry<String, String> t : tags.entrySet()) {
                    h.createUpdate("INSERT INTO experiment_tags (experiment_id, tag_key, tag_value) VALUES (:id, :k, :v)")
                            .bind("id", id).bind("k", t.getKey()).bind("v", t.getValue()).execute();
                }
                return Long.toString(id);
            });
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException("Experiment '" + name + "' already exists.", "name", e);
            }
            throw e;
        }
    }

    private static Long expId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public Optional<Experiment> experiment(String id) {
        Long n = expId(id);
        if (n == null) {
            return Optional.empty();
        }
        return tx.withHandle(h -> h.createQuery("SELECT * FROM experiments WHERE experiment_id = :id").bind("id", n)
                .map((rs, ctx) -> experiment(rs, tagsOfExperiment(h, rs.getLong("experiment_id")))).findOne());
    }

    @Override
    public Optional<Experiment> experimentByName(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM experiments WHERE name = :name").bind("name", name)
                .map((rs, ctx) -> experiment(rs, tagsOfExperiment(h, rs.getLong("experiment_id")))).findOne());
    }

    private static Map<String, String> tagsOfExperiment(Handle h, long id) {
        Map<String, String> tags = new LinkedHashMap<>();
        h.createQuery("SELECT tag_key, tag_value FROM experiment_tags WHERE experiment_id = :id ORDER BY tag_key").bind("id", id)
                .map((rs, ctx) -> tags.put(rs.getString(1), rs.getString(2))).list();
        return tags;
    }

    private static Experiment experiment(ResultSet rs, Map<String, String> tags) throws SQLException {
        return new Experiment(Long.toString(rs.getLong("experiment_id")), rs.getString("name"), rs.getString("artifact_location"),
                rs.getString("lifecycle_stage"), rs.getLong("creation_time"), rs.getLong("last_update_time"), tags);
    }

    @Override
    public PageOf<Experiment> searchExperiments(List<Clause> filter, List<Order> orderBy, ViewType view, int maxResults, long offset) {
        SearchSql sql = new SearchSql();
        sql.and(lifecycle("e.lifecycle_stage", view));
        int n = 0;
        for (Clause c : filter) {
            n++;
            if (c.entity() == Entity.TAG) {
                sql.keyValue(EXPERIMENT_TAGS, "et" + n, c);
            } else {
                sql.and(sql.compare("e." + c.key(), c));
            }
        }
        StringBuilder order = new StringBuilder(" ORDER BY ");
        for (Order o : orderBy) {
            if (o.entity() != Entity.ATTRIBUTE) {
                throw new InvalidParameterException("Invalid order_by entity: experiments sort by attributes only", "order_by");
            }
            order.append("e.").append(o.key()).append(o.ascending() ? " ASC" : " DESC").append(", ");
        }
        order.append("e.creation_time DESC, e.experiment_id ASC");
        String text = sql.render("SELECT e.* FROM experiments e", order + " LIMIT " + (maxResults + 1) + " OFFSET " + offset);
        List<Experiment> rows = tx.withHandle(h -> sql.bindTo(h.createQuery(text))
                .map((rs, ctx) -> experiment(rs, tagsOfExperiment(h, rs.getLong("experiment_id")))).list());
        return page(rows, maxResults, offset);
    }

    private static final SearchSql.KeyValues EXPERIMENT_TAGS = new SearchSql.KeyValues("experiment_tags", "tag_key", "tag_value",
            a -> a + ".experiment_id = e.experiment_id");
    private static final SearchSql.KeyValues RUN_TAGS = new SearchSql.KeyValues("run_tags", "tag_key", "tag_value",
            a -> a + ".run_pk = r.run_pk");
    private static final SearchSql.KeyValues PARAMS = new SearchSql.KeyValues("params", "param_key", "param_value",
            a -> a + ".run_pk = r.run_pk");

    private static <T> PageOf<T> page(List<T> rows, int maxResults, long offset) {
        if (rows.size() > maxResults) {
            return new PageOf<>(rows.subList(0, maxResults), PageToken.encode(offset + maxResults));
        }
        return new PageOf<>(rows, null);
    }

    private static String lifecycle(String column, ViewType view) {
        return switch (view) {
            case ACTIVE_ONLY -> column + " = 'active'";
            case DELETED_ONLY -> column + " = 'deleted'";
            default -> "1 = 1";
        };
    }

    @Override
    public void renameExperiment(String id, String newName, long now) {
        try {
            tx.withHandle(h -> h.createUpdate("UPDATE experiments SET name = :name, last_update_time = :now WHERE experiment_id = :id")
                    .bind("name", newName).bind("now", now).bind("id", expId(id)).execute());
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException("Experiment '" + newName + "' already exists.", "new_name", e);
            }
            throw e;
        }
    }

    @Override
    public void setExperimentLifecycle(String id, String stage, long now) {
        tx.useTransaction(h -> {
            h.createUpdate("UPDATE experiments SET lifecycle_stage = :s, last_update_time = :now WHERE experiment_id = :id")
                    .bind("s", stage).bind("now", now).bind("id", expId(id)).execute();
            h.createUpdate("UPDATE runs SET lifecycle_stage = :s, deleted_time = :dt WHERE experiment_id = :id")
                    .bind("s", stage).bind("dt", stage.equals(Experiment.DELETED) ? now : null).bind("id", expId(id)).execute();
        });
    }

    @Override
    public void setExperimentTag(String id, String key, String value, long now) {
        tx.inTransaction(h -> {
            upsert(h, "experiment_tags", List.of("experiment_id", "tag_key"), List.of("tag_value"), List.of(expId(id), key, value));
            h.createUpdate("UPDATE experiments SET last_update_time = :now WHERE experiment_id = :id").bind("now", now)
                    .bind("id", expId(id)).execute();
            return null;
        });
    }

    @Override
    public void deleteExperimentTag(String id, String key) {
        tx.withHandle(h -> h.createUpdate("DELETE FROM experiment_tags WHERE experiment_id = :id AND tag_key = :k")
                .bind("id", expId(id)).bind("k", key).execute());
    }

    /** Insert or update one row by its key columns, in each dialect's way. */
    private void upsert(Handle h, String table, List<String> keys, List<String> values, List<Object> args) {
        List<String> cols = new ArrayList<>(keys);
        cols.addAll(values);
        String marks = String.join(", ", java.util.Collections.nCopies(cols.size(), "?"));
        String sql;
        if (dialect == Database.Dialect.H2) {
            sql = "MERGE INTO " + table + " (" + String.join(", ", cols) + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")";
        } else {
            StringBuilder set = new StringBuilder();
            for (String v : values) {
                set.append(set.length() == 0 ? "" : ", ").append(v).append(" = EXCLUDED.").append(v);
            }
            sql = "INSERT INTO " + table + " (" + String.join(", ", cols) + ") VALUES (" + marks + ") ON CONFLICT ("
                    + String.join(", ", keys) + ") DO UPDATE SET " + set;
        }
        var u = h.createUpdate(sql);
        for (int i = 0; i < args.size(); i++) {
            u.bind(i, args.get(i));
        }
        u.execute();
    }

    // --- runs ---------------------------------------------------------------------------------

    @Override
    public void createRun(RunInfo r, Map<String, String> tags) {
        tx.useTransaction(h -> {
            long pk = h.createUpdate("INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time, end_time, artifact_uri, "
                    + "lifecycle_stage) VALUES (:id, :exp, :name, :user, :status, :start, :end, :uri, :stage)")
                    .bind("id", r.runId()).bind("exp", expId(r.experimentId())).bind("name", r.runName()).bind("user", r.userId())
                    .bind("status", r.status()).bind("start", r.startTime()).bind("end", r.endTime()).bind("uri", r.artifactUri())
                    .bind("stage", r.lifecycleStage()).executeAndReturnGeneratedKeys("run_pk").mapTo(Long.class).one();
            var batch = h.prepareBatch("INSERT INTO run_tags (run_pk, tag_key, tag_value) VALUES (:pk, :k, :v)");
            tags.forEach((k, v) -> batch.bind("pk", pk).bind("k", k).bind("v", v).add());
            if (!tags.isEmpty()) {
                batch.execute();
            }
        });
    }

    @Override
    public Optional<RunInfo> runInfo(String runId) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM runs WHERE run_id = :id").bind("id", runId)
                .map(JdbcTrackingStore::runInfo).findOne());
    }

    private static RunInfo runInfo(ResultSet rs, StatementContext ctx) throws SQLException {
        return new RunInfo(rs.getString("run_id"), Long.toString(rs.getLong("experiment_id")), rs.getString("run_name"),
                rs.getString("user_id"), rs.getString("status"), (Long) rs.getObject("start_time", Long.class),
                (Long) rs.getObject("end_time", Long.class), rs.getString("artifact_uri"), rs.getString("lifecycle_stage"));
    }

    @Override
    public Optional<Run> run(String runId) {
        return tx.withHandle(h -> {
            Optional<Row> row = h.createQuery("SELECT * FROM runs WHERE run_id = :id").bind("id", runId)
                    .map(JdbcTrackingStore::row).findOne();
            return row.map(r -> withData(h, List.of(r)).get(0));
        });
    }

    /** A run row: its integer key and its metadata. */
    private record Row(long pk, RunInfo info) {
    }

    private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Row(rs.getLong("run_pk"), runInfo(rs, ctx));
    }

    @Override
    public void lockRun(String runId) {
        tx.useHandle(h -> h.createQuery("SELECT run_pk FROM runs WHERE run_id = :id FOR UPDATE").bind("id", runId)
                .mapTo(Long.class).findOne());
    }

    /** The integer key of a run; the service has checked that the run exists. */
    private static long pk(Handle h, String runId) {
        return h.createQuery("SELECT run_pk FROM runs WHERE run_id = :id").bind("id", runId).mapTo(Long.class).findOne()
                .orElseThrow(() -> new dev.cerulean.core.NotFoundException("Run with id=" + runId + " not found", "run_id"));
    }

    /** Loads metrics, params, tags and inputs for runs in four queries. */
    private static List<Run> withData(Handle h, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> pks = rows.stream().map(Row::pk).toList();
        Map<Long, List<Metric>> metrics = new HashMap<>();
        Map<Long, Map<String, String>> params = new HashMap<>();
        Map<Long, Map<String, String>> tags = new HashMap<>();
        Map<Long, List<DatasetInput>> inputs = new HashMap<>();
        h.createQuery("SELECT * FROM latest_metrics WHERE run_pk IN (<pks>) ORDER BY metric_key").bindList("pks", pks)
                .map((rs, ctx) -> metrics.computeIfAbsent(rs.getLong("run_pk"), k -> new ArrayList<>()).add(metric(rs))).list();
        h.createQuery("SELECT * FROM params WHERE run_pk IN (<pks>) ORDER BY param_key").bindList("pks", pks)
                .map((rs, ctx) -> params.computeIfAbsent(rs.getLong("run_pk"), k -> new LinkedHashMap<>())
                        .put(rs.getString("param_key"), rs.getString("param_value"))).list();
        h.createQuery("SELECT * FROM run_tags WHERE run_pk IN (<pks>) ORDER BY tag_key").bindList("pks", pks)
                .map((rs, ctx) -> tags.computeIfAbsent(rs.getLong("run_pk"), k -> new LinkedHashMap<>())
                        .put(rs.getString("tag_key"), rs.getString("tag_value") == null ? "" : rs.getString("tag_value"))).list();
        h.createQuery("SELECT ri.run_pk, ri.tags_json, d.* FROM run_inputs ri JOIN datasets d ON d.dataset_id = ri.dataset_id "
                + "WHERE ri.run_pk IN (<pks>) ORDER BY d.dataset_id").bindList("pks", pks)
                .map((rs, ctx) -> inputs.computeIfAbsent(rs.getLong("run_pk"), k -> new ArrayList<>()).add(new DatasetInput(
                        new Dataset(rs.getString("name"), rs.getString("digest"), rs.getString("source_type"), rs.getString("source"),
                                rs.getString("schema_json"), rs.getString("profile_json")),
                        Json.read(rs.getString("tags_json"), new TypeReference<Map<String, String>>() { })))).list();
        List<Run> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new Run(r.info(), metrics.getOrDefault(r.pk(), List.of()), params.getOrDefault(r.pk(), Map.of()),
                    tags.getOrDefault(r.pk(), Map.of()), inputs.getOrDefault(r.pk(), List.of())));
        }
        return out;
    }

    private static Metric metric(ResultSet rs) throws SQLException {
        double v = rs.getBoolean("is_nan") ? Double.NaN : rs.getDouble("metric_value");
        return new Metric(rs.getString("metric_key"), v, rs.getLong("metric_ts"), rs.getLong("step"));
    }

    @Override
    public void updateRun(String runId, String status, Long endTime, String runName) {
        tx.inTransaction(h -> {
            h.createUpdate("UPDATE runs SET status = coalesce(:status, status), end_time = coalesce(:end, end_time), "
                    + "run_name = coalesce(:name, run_name) WHERE run_id = :id")
                    .bind("status", status).bind("end", endTime).bind("name", runName).bind("id", runId).execute();
            if (runName != null) {
                upsert(h, "run_tags", List.of("run_pk", "tag_key"), List.of("tag_value"), List.of(pk(h, runId), "mlflow.runName", runName));
            }
            return null;
        });
    }

    @Override
    public void setRunLifecycle(String runId, String stage, Long deletedTime) {
        tx.withHandle(h -> h.createUpdate("UPDATE runs SET lifecycle_stage = :s, deleted_time = :dt WHERE run_id = :id")
                .bind("s", stage).bind("dt", deletedTime).bind("id", runId).execute());
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
        tx.inTransaction(h -> {
            long pk = pk(h, runId);
            if (!params.isEmpty()) {
                logParams(h, runId, pk, params);
            }
            for (String key : new java.util.TreeSet<>(tags.keySet())) {
                upsert(h, "run_tags", List.of("run_pk", "tag_key"), List.of("tag_value"), List.of(pk, key, tags.get(key)));
                if (key.equals("mlflow.runName")) {
                    h.createUpdate("UPDATE runs SET run_name = :n WHERE run_pk = :pk").bind("n", tags.get(key)).bind("pk", pk).execute();
                }
            }
            if (!metrics.isEmpty()) {
                logMetrics(h, pk, metrics);
            }
            return null;
        });
    }

    private static void logParams(Handle h, String runId, long pk, Map<String, String> params) {
        Map<String, String> existing = new HashMap<>();
        h.createQuery("SELECT param_key, param_value FROM params WHERE run_pk = :pk AND param_key IN (<keys>)").bind("pk", pk)
                .bindList("keys", new ArrayList<>(params.keySet()))
                .map((rs, ctx) -> existing.put(rs.getString(1), rs.getString(2))).list();
        var batch = h.prepareBatch("INSERT INTO params (run_pk, param_key, param_value) VALUES (:pk, :k, :v)");
        int added = 0;
        for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
            String old = existing.get(p.getKey());
            if (old == null) {
                batch.bind("pk", pk).bind("k", p.getKey()).bind("v", p.getValue()).add();
                added++;
            } else if (!old.equals(p.getValue())) {
                throw new InvalidParameterException("Changing param values is not allowed. Param with key='" + p.getKey()
                        + "' was already logged with value='" + old + "' for run ID='" + runId + "'. Attempted logging new value '"
                        + p.getValue() + "'.", "params");
            }
        }
        if (added > 0) {
            batch.execute();
        }
    }

    private void logMetrics(Handle h, long pk, List<Metric> metrics) {
        Connection c = h.getConnection();
        Map<String, List<Metric>> byKey = new TreeMap<>();
        for (Metric m : metrics) {
            byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO metric_chunks (run_pk, metric_key, min_step, max_step, point_count, "
                + "points) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, List<Metric>> e : byKey.entrySet()) {
                List<Metric> points = e.getValue();
                ps.setLong(1, pk);
                ps.setString(2, e.getKey());
                ps.setLong(3, points.stream().mapToLong(Metric::step).min().orElseThrow());
                ps.setLong(4, points.stream().mapToLong(Metric::step).max().orElseThrow());
                ps.setInt(5, points.size());
                ps.setBytes(6, MetricChunks.encode(points));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.ConnectionException(e);
        }
        Map<String, Metric> latest = new TreeMap<>();
        for (Metric m : metrics) {
            latest.merge(m.key(), m, (a, b) -> b.isLaterThan(a) ? b : a);
        }
        String sql = dialect == Database.Dialect.H2
                ? "MERGE INTO latest_metrics t USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(250)), CAST(? AS DOUBLE PRECISION), "
                        + "CAST(? AS BOOLEAN), CAST(? AS BIGINT), CAST(? AS BIGINT))) s (run_pk, metric_key, metric_value, is_nan, metric_ts, step) "
                        + "ON t.run_pk = s.run_pk AND t.metric_key = s.metric_key "
                        + "WHEN MATCHED AND (s.step > t.step OR (s.step = t.step AND s.metric_ts > t.metric_ts) OR "
                        + "(s.step = t.step AND s.metric_ts = t.metric_ts AND s.metric_value > t.metric_value)) THEN UPDATE SET "
                        + "metric_value = s.metric_value, is_nan = s.is_nan, metric_ts = s.metric_ts, step = s.step "
                        + "WHEN NOT MATCHED THEN INSERT (run_pk, metric_key, metric_value, is_nan, metric_ts, step) VALUES "
                        + "(s.run_pk, s.metric_key, s.metric_value, s.is_nan, s.metric_ts, s.step)"
                : "INSERT INTO latest_metrics AS t (run_pk, metric_key, metric_value, is_nan, metric_ts, step) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (run_pk, metric_key) DO UPDATE SET metric_value = EXCLUDED.metric_value, is_nan = EXCLUDED.is_nan, "
                        + "metric_ts = EXCLUDED.metric_ts, step = EXCLUDED.step WHERE EXCLUDED.step > t.step OR "
                        + "(EXCLUDED.step = t.step AND EXCLUDED.metric_ts > t.metric_ts) OR (EXCLUDED.step = t.step AND "
                        + "EXCLUDED.metric_ts = t.metric_ts AND EXCLUDED.metric_value > t.metric_value)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Metric m : latest.values()) {
                boolean nan = Double.isNaN(m.value());
                ps.setLong(1, pk);
                ps.setString(2, m.key());
                ps.setDouble(3, nan ? 0 : m.value());
                ps.setBoolean(4, nan);
                ps.setLong(5, m.timestamp());
                ps.setLong(6, m.step());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new org.jdbi.v3.core.ConnectionException(e);
        }
    }

    @Override
    public void deleteTag(String runId, String key) {
        tx.withHandle(h -> h.createUpdate("DELETE FROM run_tags WHERE run_pk = (SELECT run_pk FROM runs "
                + "WHERE run_id = :id) AND tag_key = :k").bind("id", runId).bind("k", key)
                .execute());
    }

    @Override
    public List<Metric> metricHistory(String runId, String key, long offset, int limit) {
        List<Metric> all = points(runId, key, Long.MIN_VALUE, Long.MAX_VALUE);
        int from = (int) Math.min(offset, all.size());
        return all.subList(from, (int) Math.min(all.size(), from + (long) limit));
    }

    /** The points of a metric with steps in [lo, hi], by step, then timestamp, then value. */
    private List<Metric> points(String runId, String key, long lo, long hi) {
        List<Metric> all = new ArrayList<>();
        tx.useHandle(h -> h.createQuery("SELECT points FROM metric_chunks WHERE run_pk = (SELECT run_pk FROM runs "
                + "WHERE run_id = :id) AND metric_key = :k "
                + "AND max_step >= :lo AND min_step <= :hi ORDER BY chunk_id")
                .bind("id", runId).bind("k", key).bind("lo", lo).bind("hi", hi)
                .map((rs, ctx) -> rs.getBytes(1)).forEach(bytes -> MetricChunks.decode(key, bytes, all)));
        if (lo != Long.MIN_VALUE || hi != Long.MAX_VALUE) {
            all.removeIf(m -> m.step() < lo || m.step() > hi);
        }
        all.sort(HISTORY_ORDER);
        return all;
    }

    private static final Comparator<Metric> HISTORY_ORDER = Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp)
            .thenComparingDouble(Metric::value);

    @Override
    public Map<String, List<Metric>> metricHistoryBulk(List<String> runIds, String key, Long startStep, Long endStep, int perRun) {
        Map<String, List<Metric>> out = new LinkedHashMap<>();
        for (String runId : runIds) {
            out.put(runId, sampleSteps(points(runId, key, startStep == null ? Long.MIN_VALUE : startStep,
                    endStep == null ? Long.MAX_VALUE : endStep), perRun));
        }
        return out;
    }

    /** Keeps at most {@code n} distinct steps, evenly spaced and always including the first and last. */
    static List<Metric> sampleSteps(List<Metric> points, int n) {
        List<Long> steps = points.stream().map(Metric::step).distinct().toList();
        if (steps.size() <= n) {
            return points;
        }
        java.util.Set<Long> keep = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            keep.add(steps.get((int) Math.round(i * (steps.size() - 1) / (double) (n - 1))));
        }
        return points.stream().filter(m -> keep.contains(m.step())).toList();
    }

    @Override
    public PageOf<Run> searchRuns(List<String> experimentIds, List<Clause> filter, List<Order> orderBy, ViewType view, int maxResults,
            long offset) {
        SearchSql sql = new SearchSql();
        sql.and(lifecycle("r.lifecycle_stage", view));
        List<Long> exps = experimentIds.stream().map(JdbcTrackingStore::expId).filter(java.util.Objects::nonNull).toList();
        if (exps.isEmpty()) {
            return new PageOf<>(List.of(), null);
        }
        sql.and("r.experiment_id IN (" + sql.bindAll(exps) + ")");
        int n = 0;
        for (Clause c : filter) {
            n++;
            String a = "m" + n;
            switch (c.entity()) {
                case METRIC -> sql.join(() -> sql.joinText().append(" JOIN latest_metrics ").append(a).append(" ON ").append(a)
                        .append(".run_pk = r.run_pk AND ").append(a).append(".metric_key = ").append(sql.bind(c.key())).append(" AND ")
                        .append(a).append(".is_nan = FALSE AND ").append(a).append(".metric_value ").append(c.op()).append(' ')
                        .append(sql.bind(c.value())));
                case PARAM -> sql.keyValue(PARAMS, "p" + n, c);
                case TAG -> sql.keyValue(RUN_TAGS, "t" + n, c);
                case DATASET -> {
                    String col = c.key().equals("context") ? "ri.context" : "d." + c.key();
                    sql.and("EXISTS (SELECT 1 FROM run_inputs ri JOIN datasets d ON d.dataset_id = ri.dataset_id WHERE "
                            + "ri.run_pk = r.run_pk AND " + sql.compare(col, c) + ")");
                }
                default -> sql.and(sql.compare("r." + c.key(), c));
            }
        }
        StringBuilder order = new StringBuilder(" ORDER BY ");
        int o = 0;
        for (Order ord : orderBy) {
            o++;
            String dir = ord.ascending() ? " ASC" : " DESC";
            String a = "o" + o;
            switch (ord.entity()) {
                case METRIC -> {
                    sql.join(() -> sql.joinText().append(" LEFT JOIN latest_metrics ").append(a).append(" ON ").append(a)
                            .append(".run_pk = r.run_pk AND ").append(a).append(".metric_key = ").append(sql.bind(ord.key())));
                    order.append("CASE WHEN ").append(a).append(".run_pk IS NULL OR ").append(a).append(".is_nan THEN 1 ELSE 0 END, ")
                            .append(a).append(".metric_value").append(dir).append(", ");
                }
                case PARAM, TAG -> {
                    boolean param = ord.entity() == Entity.PARAM;
                    sql.join(() -> sql.joinText().append(" LEFT JOIN ").append(param ? "params " : "run_tags ").append(a).append(" ON ")
                            .append(a).append(".run_pk = r.run_pk AND ").append(a).append(param ? ".param_key = " : ".tag_key = ")
                            .append(sql.bind(ord.key())));
                    String col = a + (param ? ".param_value" : ".tag_value");
                    order.append("CASE WHEN ").append(col).append(" IS NULL THEN 1 ELSE 0 END, ").append(col).append(dir).append(", ");
                }
                case ATTRIBUTE -> order.append("r.").append(ord.key()).append(dir).append(", ");
                default -> throw new InvalidParameterException("Invalid order_by entity '" + ord.entity() + "'", "order_by");
            }
        }
        order.append("r.start_time DESC, r.run_id ASC");
        String text = sql.render("SELECT r.* FROM runs r", order + " LIMIT " + (maxResults + 1) + " OFFSET " + offset);
        return tx.withHandle(h -> {
            List<Row> rows = sql.bindTo(h.createQuery(text)).map(JdbcTrackingStore::row).list();
            PageOf<Row> p = page(rows, maxResults, offset);
            return new PageOf<>(withData(h, p.items()), p.nextPageToken());
        });
    }

    // --- inputs -------------------------------------------------------------------------------

    @Override
    public void logInputs(String runId, String experimentId, List<DatasetInput> inputs) {
        tx.inTransaction(h -> {
            long pk = pk(h, runId);
            for (DatasetInput in : inputs) {
                Dataset d = in.dataset();
                Optional<Long> id = h.createQuery("SELECT dataset_id FROM datasets WHERE experiment_id = :e AND name = :n AND digest = :d")
                        .bind("e", expId(experimentId)).bind("n", d.name()).bind("d", d.digest()).mapTo(Long.class).findOne();
                long datasetId = id.orElseGet(() -> h.createUpdate("INSERT INTO datasets (experiment_id, name, digest, source_type, source, "
                        + "schema_json, profile_json) VALUES (:e, :n, :d, :st, :s, :schema, :profile)")
                        .bind("e", expId(experimentId)).bind("n", d.name()).bind("d", d.digest()).bind("st", d.sourceType())
                        .bind("s", d.source()).bind("schema", d.schema()).bind("profile", d.profile())
                        .executeAndReturnGeneratedKeys("dataset_id").mapTo(Long.class).one());
                boolean linked = h.createQuery("SELECT count(*) FROM run_inputs WHERE run_pk = :r AND dataset_id = :d").bind("r", pk)
                        .bind("d", datasetId).mapTo(Long.class).one() > 0;
                if (!linked) {
                    h.createUpdate("INSERT INTO run_inputs (run_pk, dataset_id, context, tags_json) VALUES (:r, :d, :c, :t)")
                            .bind("r", pk).bind("d", datasetId).bind("c", in.tags().get("mlflow.data.context"))
                            .bind("t", Json.write(in.tags())).execute();
                }
            }
            return null;
        });
    }

}
