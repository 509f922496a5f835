package dev.cerulean.store.jdbc;

import java.sql.SQLException;

/** Classification of SQL errors that mean something to the domain. */
final class SqlErrors {
    private SqlErrors() {
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
