package dev.cerulean.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded H2 file compact. H2 compacts its file from the background thread that writes
 * delayed commits; with WRITE_DELAY=0 (commits written before they return) that thread does not
 * run, so every commit's copy-on-write chunk stays allocated and a busy workspace grows by
 * gigabytes. This does the same maintenance on a timer: when chunks are less than half full, their
 * live pages are rewritten into new chunks and the old ones become free space for new writes.
 */
final class H2Maintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Maintenance.class);
    /** Rewrite chunks until the file is at least this full (percent). */
    private static final int TARGET_FILL_RATE = 60;
    /** At most this many bytes rewritten per tick, so maintenance never stalls writers for long. */
    private static final int WRITE_PER_TICK = 32 * 1024 * 1024;

    private final MVStore store;
    private final ScheduledExecutorService timer;

    private H2Maintenance(MVStore store) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "h2-maintenance");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Starts maintenance of the H2 database behind a data source, or returns null when its store is not reachable. */
    static H2Maintenance start(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            JdbcConnection jc = c.unwrap(JdbcConnection.class);
            MVStore store = ((SessionLocal) jc.getSession()).getDatabase().getStore().getMvStore();
            return new H2Maintenance(store);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("cannot reach H2's store for maintenance; the database file will not be compacted while running", e);
            return null;
        }
    }

    private void tick() {
        try {
            if (!store.isClosed()) {
                store.compact(TARGET_FILL_RATE, WRITE_PER_TICK);
            }
        } catch (RuntimeException e) {
            // Compaction is an optimisation; a failed pass leaves the data as it was and the next one retries.
            LOG.debug("H2 compaction pass failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
