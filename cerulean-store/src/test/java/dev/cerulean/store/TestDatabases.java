package dev.cerulean.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for tests. PostgreSQL is a real server: an external one when {@code CERULEAN_TEST_PG_URL}
 * names it ({@code jdbc:postgresql://host:5432/postgres?user=..&password=..}), else an embedded one
 * started once per JVM. Every call returns a fresh, empty database.
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres embedded;

    private TestDatabases() {
    }

    /** A fresh H2 database in a folder. */
    public static String h2(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** A fresh PostgreSQL database. */
    public static synchronized String postgres() {
        String admin = System.getenv("CERULEAN_TEST_PG_URL");
        if (admin == null || admin.isBlank()) {
            admin = embedded().getJdbcUrl("postgres", "postgres");
        }
        String name = "cerulean_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + admin, e);
        }
        return admin.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
    }

    private static EmbeddedPostgres embedded() {
        if (embedded == null) {
            try {
                Path work = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
                Files.createDirectories(work);
                embedded = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work.toFile()).start();
                EmbeddedPostgres pg = embedded;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        pg.close();
                    } catch (IOException e) {
                        // the JVM is exiting; the server process dies with it
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return embedded;
    }
}
