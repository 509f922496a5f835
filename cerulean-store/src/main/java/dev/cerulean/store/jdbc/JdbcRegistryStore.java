package dev.cerulean.store.jdbc;


import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.PageToken;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.SearchFilter.Clause;
import dev.cerulean.core.tracking.SearchFilter.Entity;
import dev.cerulean.core.tracking.SearchFilter.Order;
import dev.cerulean.store.RegistryStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/** The model registry on H2 or PostgreSQL. */
final class JdbcRegistryStore implements RegistryStore {
    private final JdbcTransactions tx;

    JdbcRegistryStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void createRegisteredModel(String name, String description, String userId, Map<String, String> tags, long now) {
        try {
            tx.useTransaction(h -> {
                h.createUpdate("INSERT INTO registered_models (name, creation_timestamp, last_updated_timestamp, user_id, description) "
                        + "VALUES (:n, :now, :now, :u, :d)").bind("n", name).bind("now", now).bind("u", userId).bind("d", description)
                        .execute();
                tags.forEach((k, v) -> h.createUpdate("INSERT INTO registered_model_tags (name, tag_key, tag_value) VALUES (:n, :k, :v)")
                        .bind("n", name).bind("k", k).bind("v", v).execute());
            });
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException("Registered Model (name=" + name + ") already exists.", "name", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<RegisteredModel> registeredModel(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT * FROM registered_models WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> registeredModel(h, rs)).findOne());
    }

    private RegisteredModel registeredModel(Handle h, ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        Map<String, String> tags = new LinkedHashMap<>();
        h.createQuery("SELECT tag_key, tag_value FROM registered_model_tags WHERE name = :n ORDER BY tag_key").bind("n", name)
                .map((r, c) -> tags.put(r.getString(1), r.getString(2))).list();
        Map<String, Integer> aliases = new LinkedHashMap<>();
        h.createQuery("SELECT alias, version FROM registered_model_aliases WHERE name = :n ORDER BY alias").bind("n", name)
                .map((r, c) -> aliases.put(r.getString(1), r.getInt(2))).list();
        return new RegisteredModel(name, rs.getLong("creation_timestamp"), rs.getLong("last_updated_timestamp"), rs.getString("user_id"),
                rs.getString("description"), latest(h, name, List.of()), tags, aliases);
    }

    @Override
    public void renameRegisteredModel(String name, String newName, long now) {
        try {
            tx.useTransaction(h -> {
                h.createUpdate("INSERT INTO registered_models (name, creation_timestamp, last_updated_timestamp, user_id, description) "
                        + "SELECT :nn, creation_timestamp, :now, user_id, description FROM registered_models WHERE name = :n")
                        .bind("nn", newName).bind("now", now).bind("n", name).execute();
                for (String t : List.of("registered_model_tags", "model_versions", "model_version_tags", "registered_model_aliases")) {
                    h.createUpdate("UPDATE " + t + " SET name = :nn WHERE name = :n").bind("nn", newName).bind("n", name).execute();
                }
                h.createUpdate("DELETE FROM registered_models WHERE name = :n").bind("n", name).execute();
            });
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException("Registered Model (name=" + newName + ") already exists.", "new_name", e);
            }
            throw e;
        }
    }

    @Override
    public void updateRegisteredModel(String name, String description, long now) {
        tx.withHandle(h -> h.createUpdate("UPDATE registered_models SET description = :d, last_updated_timestamp = :now WHERE name = :n")
                .bind("d", description).bind("now", now).bind("n", name).execute());
    }

    @Override
    public void deleteRegisteredModel(String name) {
        tx.useTransaction(h -> {
            for (String t : List.of("registered_model_aliases", "model_version_tags", "model_versions", "registered_model_tags",
                    "registered_models")) {
                h.createUpdate("DELETE FROM " + t + " WHERE name = :n").bind("n", name).execute();
            }
        });
    }

    @Override
    public PageOf<RegisteredModel> searchRegisteredModels(List<Clause> filter, List<Order> orderBy, int maxResults, long offset) {
        SearchSql sql = new SearchSql();
        int n = 0;
        for (Clause c : applying(sql, filter, "registered_model_tags", "m.name")) {
            n++;
            if (c.entity() == Entity.TAG) {
                sql.keyValue(MODEL_TAGS, "t" + n, c);
            } else {
                sql.and(sql.compare("m." + c.key(), c));
            }
        }
        StringBuilder order = new StringBuilder(" ORDER BY ");
        for (Order o : orderBy) {
            if (o.entity() != Entity.ATTRIBUTE) {
                throw new InvalidParameterException("Invalid order_by: registered models sort by name, creation_timestamp or "
                        + "last_updated_timestamp", "order_by");
            }
            order.append("m.").append(o.key()).append(o.ascending() ? " ASC" : " DESC").append(", ");
        }
        order.append("m.name ASC LIMIT ").append(maxResults + 1).append(" OFFSET ").append(offset);
        String text = sql.render("SELECT m.* FROM registered_models m", order.toString());
        List<RegisteredModel> rows = tx.withHandle(h -> sql.bindTo(h.createQuery(text))
                .map((rs, ctx) -> registeredModel(h, rs)).list());
        return page(rows, maxResults, offset);
    }

    private static final SearchSql.KeyValues MODEL_TAGS = new SearchSql.KeyValues("registered_model_tags", "tag_key", "tag_value",
            a -> a + ".name = m.name");
    private static final SearchSql.KeyValues VERSION_TAGS = new SearchSql.KeyValues("model_version_tags", "tag_key", "tag_value",
            a -> a + ".name = v.name AND " + a + ".version = v.version");

    /** The tag MLflow (2.21 and later) marks prompts with; prompts live in the registry as registered models. */
    static final String PROMPT_TAG = "mlflow.prompt.is_prompt";

    /**
     * MLflow's prompt rule for registry searches ({@code _is_querying_prompt} and
     * {@code _update_query_to_exclude_prompts}): a search returns models, not prompts, unless its first
     * clause on the prompt tag asks for prompts ({@code = 'true'} or {@code != 'false'}, any case). When it
     * does not, every clause on that tag is dropped and models with a version or model tagged
     * {@code mlflow.prompt.is_prompt = 'true'} are left out instead, so {@code tags.`mlflow.prompt.is_prompt` != 'true'}
     * (which MLflow 2.21+ clients send with every search) matches models that lack the tag.
     *
     * @param tagTable   the tag table whose prompt tag excludes a model
     * @param nameColumn the searched row's model name
     * @return the clauses that still apply
     */
    private static List<Clause> applying(SearchSql sql, List<Clause> filter, String tagTable, String nameColumn) {
        boolean prompts = filter.stream().filter(JdbcRegistryStore::onPromptTag).findFirst()
                .map(c -> c.value() instanceof String s && (c.op().equals("=") && s.equalsIgnoreCase("true")
                        || c.op().equals("!=") && s.equalsIgnoreCase("false")))
                .orElse(false);
        if (prompts) {
            return filter;
        }
        sql.and("NOT EXISTS (SELECT 1 FROM " + tagTable + " pt WHERE pt.name = " + nameColumn + " AND pt.tag_key = " + sql.bind(PROMPT_TAG)
                + " AND pt.tag_value = " + sql.bind("true") + ")");
        return filter.stream().filter(c -> !onPromptTag(c)).toList();
    }

    private static boolean onPromptTag(Clause c) {
        return c.entity() == Entity.TAG && c.key().equals(PROMPT_TAG);
    }

    private static <T> PageOf<T> page(List<T> rows, int maxResults, long offset) {
        return rows.size() > maxResults ? new PageOf<>(rows.subList(0, maxResults), PageToken.encode(offset + maxResults))
                : new PageOf<>(rows, null);
    }

    @Override
    public void setRegisteredModelTag(String name, String key, String value, long now) {
        tx.useTransaction(h -> {
            h.createUpdate("DELETE FROM registered_model_tags WHERE name = :n AND tag_key = :k").bind("n", name).bind("k", key).execute();
            h.createUpdate("INSERT INTO registered_model_tags (name, tag_key, tag_value) VALUES (:n, :k, :v)").bind("n", name)
                    .bind("k", key).bind("v", value).execute();
            touch(h, name, now);
        });
    }

    private static void touch(Handle h, String name, long now) {
        h.createUpdate("UPDATE registered_models SET last_updated_timestamp = :now WHERE name = :n").bind("now", now).bind("n", name).execute();
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        tx.withHandle(h -> h.createUpdate("DELETE FROM registered_model_tags WHERE name = :n AND tag_key = :k").bind("n", name)
                .bind("k", key).execute());
    }

    @Override
    public ModelVersion createModelVersion(ModelVersion v) {
        return tx.inTransaction(h -> {
            int next = h.createQuery("SELECT coalesce(max(version), 0) + 1 FROM model_versions WHERE name = :n").bind("n", v.name())
                    .mapTo(Integer.class).one();
            h.createUpdate("INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, user_id, "
                    + "current_stage, description, source, storage_location, run_id, run_link, status, status_message, flavors, "
                    + "signature_json, deleted) VALUES (:n, :v, :ct, :ut, :u, :stage, :d, :src, :loc, :run, :link, :st, :sm, :fl, "
                    + ":sig, FALSE)")
                    .bind("n", v.name()).bind("v", next).bind("ct", v.creationTimestamp()).bind("ut", v.lastUpdatedTimestamp())
                    .bind("u", v.userId()).bind("stage", v.currentStage()).bind("d", v.description()).bind("src", v.source())
                    .bind("loc", v.storageLocation()).bind("run", v.runId()).bind("link", v.runLink()).bind("st", v.status())
                    .bind("sm", v.statusMessage()).bind("fl", String.join(",", v.flavors())).bind("sig", v.signature()).execute();
            v.tags().forEach((k, val) -> h.createUpdate("INSERT INTO model_version_tags (name, version, tag_key, tag_value) "
                    + "VALUES (:n, :v, :k, :val)").bind("n", v.name()).bind("v", next).bind("k", k).bind("val", val).execute());
            touch(h, v.name(), v.creationTimestamp());
            return versionOf(h, v.name(), next).orElseThrow();
        });
    }

    @Override
    public Optional<ModelVersion> modelVersion(String name, int version) {
        return tx.withHandle(h -> versionOf(h, name, version));
    }

    private Optional<ModelVersion> versionOf(Handle h, String name, int version) {
        return h.createQuery("SELECT * FROM model_versions WHERE name = :n AND version = :v AND deleted = FALSE").bind("n", name)
                .bind("v", version).map((rs, ctx) -> version(rs)).findOne().map(v -> withTagsAndAliases(h, List.of(v)).get(0));
    }

    private static ModelVersion version(ResultSet rs) throws SQLException {
        String fl = rs.getString("flavors");
        return new ModelVersion(rs.getString("name"), rs.getInt("version"), rs.getLong("creation_timestamp"),
                rs.getLong("last_updated_timestamp"), rs.getString("user_id"), rs.getString("current_stage"), rs.getString("description"),
                rs.getString("source"), rs.getString("run_id"), rs.getString("run_link"), rs.getString("status"),
                rs.getString("status_message"), Map.of(), List.of(), rs.getString("storage_location"),
                fl == null || fl.isEmpty() ? List.of() : List.of(fl.split(",")), rs.getString("signature_json"));
    }

    private static List<ModelVersion> withTagsAndAliases(Handle h, List<ModelVersion> versions) {
        List<ModelVersion> out = new ArrayList<>();
        for (ModelVersion v : versions) {
            Map<String, String> tags = new LinkedHashMap<>();
            h.createQuery("SELECT tag_key, tag_value FROM model_version_tags WHERE name = :n AND version = :v ORDER BY tag_key")
                    .bind("n", v.name()).bind("v", v.version()).map((r, c) -> tags.put(r.getString(1), r.getString(2))).list();
            List<String> aliases = h.createQuery("SELECT alias FROM registered_model_aliases WHERE name = :n AND version = :v ORDER BY alias")
                    .bind("n", v.name()).bind("v", v.version()).mapTo(String.class).list();
            out.add(new ModelVersion(v.name(), v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(), v.userId(), v.currentStage(),
                    v.description(), v.source(), v.runId(), v.runLink(), v.status(), v.statusMessage(), tags, aliases, v.storageLocation(),
                    v.flavors(), v.signature()));
        }
        return out;
    }

    @Override
    public void recordStorage(String name, int version, String storageLocation, List<String> flavors, String signatureJson) {
        tx.withHandle(h -> h.createUpdate("UPDATE model_versions SET storage_location = :loc, flavors = :fl, signature_json = :sig "
                + "WHERE name = :n AND version = :v").bind("loc", storageLocation).bind("fl", String.join(",", flavors))
                .bind("sig", signatureJson).bind("n", name).bind("v", version).execute());
    }

    @Override
    public void updateModelVersion(String name, int version, String description, long now) {
        tx.withHandle(h -> h.createUpdate("UPDATE model_versions SET description = :d, last_updated_timestamp = :now WHERE name = :n "
                + "AND version = :v").bind("d", description).bind("now", now).bind("n", name).bind("v", version).execute());
    }

    @Override
    public void transitionStage(String name, int version, String stage, boolean archiveExisting, long now) {
        tx.useTransaction(h -> {
            if (archiveExisting && (stage.equals("Staging") || stage.equals("Production"))) {
                h.createUpdate("UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = :now WHERE name = :n "
                        + "AND current_stage = :s AND version <> :v AND deleted = FALSE").bind("now", now).bind("n", name).bind("s", stage)
                        .bind("v", version).execute();
            }
            h.createUpdate("UPDATE model_versions SET current_stage = :s, last_updated_timestamp = :now WHERE name = :n AND version = :v")
                    .bind("s", stage).bind("now", now).bind("n", name).bind("v", version).execute();
        });
    }

    @Override
    public void deleteModelVersion(String name, int version) {
        tx.useTransaction(h -> {
            h.createUpdate("UPDATE model_versions SET deleted = TRUE, current_stage = 'None' WHERE name = :n AND version = :v")
                    .bind("n", name).bind("v", version).execute();
            h.createUpdate("DELETE FROM registered_model_aliases WHERE name = :n AND version = :v").bind("n", name).bind("v", version)
                    .execute();
            h.createUpdate("DELETE FROM model_version_tags WHERE name = :n AND version = :v").bind("n", name).bind("v", version).execute();
        });
    }

    @Override
    public PageOf<ModelVersion> searchModelVersions(List<Clause> filter, List<Order> orderBy, int maxResults, long offset) {
        SearchSql sql = new SearchSql();
        sql.and("v.deleted = FALSE");
        int n = 0;
        for (Clause c : applying(sql, filter, "model_version_tags", "v.name")) {
            n++;
            if (c.entity() == Entity.TAG) {
                sql.keyValue(VERSION_TAGS, "t" + n, c);
            } else {
                sql.and(sql.compare(column(c.key()), c));
            }
        }
        StringBuilder order = new StringBuilder(" ORDER BY ");
        for (Order o : orderBy) {
            if (o.entity() != Entity.ATTRIBUTE) {
                throw new InvalidParameterException("Invalid order_by: model versions sort by attributes only", "order_by");
            }
            order.append(column(o.key())).append(o.ascending() ? " ASC" : " DESC").append(", ");
        }
        order.append("v.name ASC, v.version DESC LIMIT ").append(maxResults + 1).append(" OFFSET ").append(offset);
        String text = sql.render("SELECT v.* FROM model_versions v", order.toString());
        List<ModelVersion> rows = tx.withHandle(h -> withTagsAndAliases(h, sql.bindTo(h.createQuery(text))
                .map((rs, ctx) -> version(rs)).list()));
        return page(rows, maxResults, offset);
    }

    private static String column(String attribute) {
        return switch (attribute) {
            case "version_number" -> "v.version";
            case "source_path" -> "v.source";
            default -> "v." + attribute;
        };
    }

    @Override
    public void setModelVersionTag(String name, int version, String key, String value, long now) {
        tx.useTransaction(h -> {
            h.createUpdate("DELETE FROM model_version_tags WHERE name = :n AND version = :v AND tag_key = :k").bind("n", name)
                    .bind("v", version).bind("k", key).execute();
            h.createUpdate("INSERT INTO model_version_tags (name, version, tag_key, tag_value) VALUES (:n, :v, :k, :val)").bind("n", name)
                    .bind("v", version).bind("k", key).bind("val", value).execute();
        });
    }

    @Override
    public void deleteModelVersionTag(String name, int version, String key) {
        tx.withHandle(h -> h.createUpdate("DELETE FROM model_version_tags WHERE name = :n AND version = :v AND tag_key = :k")
                .bind("n", name).bind("v", version).bind("k", key).execute());
    }

    @Override
    public void setAlias(String name, String alias, int version, long now) {
        tx.useTransaction(h -> {
            h.createUpdate("DELETE FROM registered_model_aliases WHERE name = :n AND alias = :a").bind("n", name).bind("a", alias).execute();
            h.createUpdate("INSERT INTO registered_model_aliases (name, alias, version) VALUES (:n, :a, :v)").bind("n", name)
                    .bind("a", alias).bind("v", version).execute();
            touch(h, name, now);
        });
    }

    @Override
    public void deleteAlias(String name, String alias) {
        tx.withHandle(h -> h.createUpdate("DELETE FROM registered_model_aliases WHERE name = :n AND alias = :a").bind("n", name)
                .bind("a", alias).execute());
    }

    @Override
    public Optional<Integer> aliasVersion(String name, String alias) {
        return tx.withHandle(h -> h.createQuery("SELECT version FROM registered_model_aliases WHERE name = :n AND alias = :a")
                .bind("n", name).bind("a", alias).mapTo(Integer.class).findOne());
    }

    @Override
    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        return tx.withHandle(h -> latest(h, name, stages));
    }

    private List<ModelVersion> latest(Handle h, String name, List<String> stages) {
        Map<String, ModelVersion> byStage = new HashMap<>();
        for (ModelVersion v : h.createQuery("SELECT * FROM model_versions WHERE name = :n AND deleted = FALSE ORDER BY version")
                .bind("n", name).map((rs, ctx) -> version(rs)).list()) {
            byStage.put(v.currentStage(), v);
        }
        List<ModelVersion> out = new ArrayList<>();
        for (String stage : ModelVersion.STAGES) {
            if (byStage.containsKey(stage) && (stages.isEmpty() || stages.stream().anyMatch(s -> s.equalsIgnoreCase(stage)))) {
                out.add(byStage.get(stage));
            }
        }
        return withTagsAndAliases(h, out);
    }

}
