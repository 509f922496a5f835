package dev.cerulean.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** The schema migrations this build carries ({@code db/migration/V<n>__*.sql}, applied by Flyway). */
final class Migrations {
    /** Where the migrations are, on the class path. */
    static final String LOCATION = "db/migration";
    /** The highest migration of this build; {@code MigrationsTest} keeps it in step with the files. */
    static final int SCHEMA_VERSION = 5;

    private Migrations() {
    }

    /**
     * Whether every migration of this build has been applied, and none of a newer one: Flyway's history
     * ends at {@link #SCHEMA_VERSION} with no failed entry. A new database, or one that cannot be read,
     * is not current.
     */
    static boolean isCurrent(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            int highest = 0;
            while (r.next()) {
                if (!r.getBoolean(2)) {
                    return false;
                }
                highest = Math.max(highest, Integer.parseInt(r.getString(1)));
            }
            return highest == SCHEMA_VERSION;
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
    }
}
