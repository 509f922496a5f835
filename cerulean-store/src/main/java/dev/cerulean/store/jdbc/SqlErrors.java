package dev.cerulean.store.jdbc;

import java.sql.SQLException;

/** Classification of SQL errors that mean something to the domain. */
final class SqlErrors {
    private SqlErrors() {
    }

    /**
     * A failure that another transaction caused and that succeeds when retried: a serialization
     * failure or deadlock (40001, 40P01), or a lock timeout (H2's HYT00).
     */
    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null) {
                switch (s.getSQLState()) {
                    case "40001", "40P01", "HYT00":
                        return true;
                    default:
                        break;
                }
            }
        }
        return false;
    }

    /** A unique or primary-key violation (SQLSTATE 23505 on H2 and PostgreSQL). */
    static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
