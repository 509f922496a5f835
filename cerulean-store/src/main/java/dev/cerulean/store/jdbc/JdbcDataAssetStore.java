package dev.cerulean.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.data.Column;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.data.TableFormat;
import dev.cerulean.store.DataAssetStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

final class JdbcDataAssetStore implements DataAssetStore {
    private static final String COLUMNS = "name, version, type, description, tags, source, is_reference, content_hash, "
            + "size_bytes, file_count, format, schema_json, created_at, created_by";

    private final JdbcTransactions tx;

    JdbcDataAssetStore(JdbcTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(DataAsset a, List<DataFile> files) {
        try {
            tx.useTransaction(h -> {
                h.createUpdate("INSERT INTO data_assets (" + COLUMNS + ") VALUES (:name, :version, :type, :description, :tags, "
                        + ":source, :ref, :hash, :size, :files, :format, :schema, :created, :by)")
                        .bind("name", a.name()).bind("version", a.version()).bind("type", a.type().wireName())
                        .bind("description", a.description()).bind("tags", Json.write(a.tags()))
                        .bind("source", a.source()).bind("ref", a.reference()).bind("hash", a.contentHash())
                        .bind("size", a.sizeBytes()).bind("files", a.fileCount())
                        .bind("format", a.format() == null ? null : a.format().wireName())
                        .bind("schema", Json.write(a.schema())).bind("created", a.createdAt().toEpochMilli())
                        .bind("by", a.createdBy())
                        .execute();
                PreparedBatch batch = h.prepareBatch("INSERT INTO data_files (name, version, ordinal, path, sha256, size_bytes) "
                        + "VALUES (:name, :version, :ordinal, :path, :sha, :size)");
                for (int i = 0; i < files.size(); i++) {
                    DataFile f = files.get(i);
                    batch.bind("name", a.name()).bind("version", a.version()).bind("ordinal", i).bind("path", f.path())
                            .bind("sha", f.sha256()).bind("size", f.sizeBytes()).add();
                }
                if (!files.isEmpty()) {
                    batch.execute();
                }
            });
        } catch (JdbiException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new AlreadyExistsException("data asset " + a.id() + " already exists", "version", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<DataAsset> get(String name, int version) {
        return tx.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM data_assets WHERE name = :name AND version = :v")
                .bind("name", name).bind("v", version).map(JdbcDataAssetStore::map).findOne());
    }

    @Override
    public Optional<DataAsset> latest(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM data_assets WHERE name = :name "
                + "ORDER BY version DESC LIMIT 1").bind("name", name).map(JdbcDataAssetStore::map).findOne());
    }

    @Override
    public List<DataAsset> versions(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM data_assets WHERE name = :name ORDER BY version DESC")
                .bind("name", name).map(JdbcDataAssetStore::map).list());
    }

    @Override
    public Optional<DataAsset> matching(String digest, String source) {
        String d = digest == null ? "" : digest.strip();
        String hexPrefix = d.matches("[0-9a-f]{8,64}") ? "sha256:" + d : null;
        String src = source == null ? "" : source;
        return tx.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM data_assets WHERE content_hash = :digest"
                + " OR (:prefix IS NOT NULL AND POSITION(:prefix IN content_hash) = 1)"
                + " OR (source <> '' AND POSITION(source IN :source) > 0)"
                + " OR POSITION(('azureml:' || name || ':' || CAST(version AS VARCHAR(12))) IN :source) > 0"
                + " ORDER BY name, version DESC LIMIT 1")
                .bind("digest", d).bind("prefix", hexPrefix).bind("source", src).map(JdbcDataAssetStore::map).findOne());
    }

    @Override
    public List<DataAsset> latestOfEach() {
        return tx.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM data_assets d WHERE version = "
                + "(SELECT max(version) FROM data_assets e WHERE e.name = d.name) ORDER BY name")
                .map(JdbcDataAssetStore::map).list());
    }

    @Override
    public int maxVersion(String name) {
        return tx.withHandle(h -> h.createQuery("SELECT coalesce(max(version), 0) FROM data_assets WHERE name = :name")
                .bind("name", name).mapTo(Integer.class).one());
    }

    @Override
    public List<DataFile> files(String name, int version) {
        return tx.withHandle(h -> h.createQuery("SELECT path, sha256, size_bytes FROM data_files WHERE name = :name "
                + "AND version = :v ORDER BY ordinal").bind("name", name).bind("v", version)
                .map((rs, ctx) -> new DataFile(rs.getString(1), rs.getString(2), rs.getLong(3))).list());
    }

    @Override
    public Optional<String> profile(String name, int version) {
        return tx.withHandle(h -> h.createQuery("SELECT profile_json FROM data_assets WHERE name = :name AND version = :v")
                .bind("name", name).bind("v", version).mapTo(String.class).findOne());
    }

    @Override
    public void saveProfile(String name, int version, String profileJson) {
        tx.withHandle(h -> h.createUpdate("UPDATE data_assets SET profile_json = :p WHERE name = :name AND version = :v")
                .bind("p", profileJson).bind("name", name).bind("v", version).execute());
    }

    @Override
    public boolean referencesBlob(String sha256) {
        return tx.withHandle(h -> h.createQuery("SELECT count(*) FROM data_files WHERE sha256 = :sha")
                .bind("sha", sha256).mapTo(Long.class).one()) > 0;
    }

    private static DataAsset map(ResultSet rs, StatementContext ctx) throws SQLException {
        String format = rs.getString("format");
        return new DataAsset(rs.getString("name"), rs.getInt("version"), DataType.parse("type", rs.getString("type")),
                rs.getString("description"), Json.read(rs.getString("tags"), new TypeReference<Map<String, String>>() { }),
                rs.getString("source"), rs.getBoolean("is_reference"), rs.getString("content_hash"),
                rs.getLong("size_bytes"), rs.getInt("file_count"),
                format == null ? null : TableFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT)),
                Json.read(rs.getString("schema_json"), new TypeReference<List<Column>>() { }),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getString("created_by"));
    }
}
