package dev.cerulean.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.store.StoreInUseException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * A pooled connection to the workspace database, migrated to the current schema on open.
 * Embedded H2 by default ({@link #h2Url(Path)}); PostgreSQL with a {@code jdbc:postgresql:} URL.
 */
public final class Database implements AutoCloseable {
    /** The SQL dialects the store supports; both pass the same tests. */
    public enum Dialect { H2, POSTGRES }

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String description;
    private final H2Maintenance maintenance;

    private Database(HikariDataSource dataSource, Dialect dialect, String description) {
        this.dataSource = dataSource;
        this.maintenance = dialect == Dialect.H2 ? H2Maintenance.start(dataSource) : null;
        this.jdbi = Jdbi.create(dataSource);
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * The URL of the embedded database in a workspace home. Commits are written to the file before
     * they return (WRITE_DELAY=0), so a killed process loses no acknowledged write. Space of old
     * versions is reused at once (RETENTION_TIME=0): with H2's 45-second default every commit of a
     * busy server leaves a copy of the pages it changed, and the file grows by gigabytes. H2 notes
     * that this trades away consistency after a power failure (not after a killed process); a
     * workspace that must survive power loss belongs on PostgreSQL. Cerulean closes the database
     * itself (DB_CLOSE_ON_EXIT=FALSE) so that shutdown hooks run in order. The page cache is a
     * quarter of the heap, up to 1 GiB: H2's 16 MiB default makes searches over a few thousand runs
     * read pages from disk on every query.
     */
    public static String h2Url(Path home) {
        return "jdbc:h2:file:" + home.toAbsolutePath().resolve("db").resolve("cerulean")
                + ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + cacheKib();
    }

    /** A quarter of the maximum heap, between 16 MiB and 1 GiB, in KiB. */
    static long cacheKib() {
        long quarter = Runtime.getRuntime().maxMemory() / 4 / 1024;
        return Math.max(16 * 1024, Math.min(1024 * 1024, quarter));
    }

    /**
     * Opens (and migrates) a database.
     *
     * @param url JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql://host:port/db?user=..&password=..}
     * @throws InvalidParameterException for an unsupported URL
     * @throws CeruleanException (UNAVAILABLE) when the database cannot be reached or is locked by another process
     */
    public static Database open(String url) {
        return open(url, null, null);
    }

    public static Database open(String url, String user, String password) {
        Dialect dialect;
        if (url.startsWith("jdbc:h2:")) {
            dialect = Dialect.H2;
        } else if (url.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRES;
        } else {
            throw new InvalidParameterException("database URL '" + redact(url)
                    + "' is not supported: use jdbc:h2:file:PATH or jdbc:postgresql://HOST:PORT/DB", "db");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("cerulean");
        config.setMaximumPoolSize(dialect == Dialect.H2 ? 16 : 20);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        // An embedded file another process holds fails at the first connection, at once and with H2's
        // reason, rather than after the pool's connection timeout with none.
        config.setInitializationFailTimeout(dialect == Dialect.H2 ? 1 : -1);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unavailable(url, e);
        }
        try {
            String product;
            try (Connection c = ds.getConnection()) {
                DatabaseMetaData md = c.getMetaData();
                product = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
            }
            // Flyway scans the class path for its migrations (a good part of a second in the application
            // jar): skip it when the database already has this build's schema, as it nearly always does.
            if (!Migrations.isCurrent(ds)) {
                Flyway.configure().dataSource(ds).locations("classpath:" + Migrations.LOCATION)
                        .placeholders(java.util.Map.of("binary", dialect == Dialect.H2 ? "VARBINARY" : "BYTEA"))
                        .load().migrate();
            }
            return new Database(ds, dialect, redact(url) + " (" + product + ")");
        } catch (SQLException | FlywayException e) {
            ds.close();
            throw unavailable(url, e);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /** H2's code for a database file locked by another process. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private static CeruleanException unavailable(String url, Exception e) {
        // The pool wraps the driver's exception: the reason is the innermost SQL error.
        Throwable reason = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                reason = sql;
                if (sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                    return new StoreInUseException("the workspace database " + redact(url) + " is in use by another process", e);
                }
            }
        }
        String msg = String.valueOf(reason.getMessage());
        return new CeruleanException(ErrorCode.UNAVAILABLE, "cannot open database " + redact(url) + ": "
                + msg.lines().findFirst().orElse(msg), "db", List.of(), e);
    }

    /** The URL with any password removed. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }

    /** The pool, for the store's own checks. */
    javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (maintenance != null) {
            maintenance.close();
        }
        if (dialect == Dialect.H2) {
            // Close the H2 file cleanly (compacts and releases the lock) before the pool goes.
            try {
                jdbi.useHandle(h -> h.execute("SHUTDOWN"));
            } catch (RuntimeException e) {
                // The pool may already be broken; closing it below is all that is left to do.
            }
        }
        dataSource.close();
    }
}
