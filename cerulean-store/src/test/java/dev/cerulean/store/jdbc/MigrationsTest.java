package dev.cerulean.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void theSchemaVersionIsTheHighestMigrationOfThisBuild() throws Exception {
        Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
        int highest = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources").resolve(Migrations.LOCATION))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = version.matcher(f.getFileName().toString());
                if (m.matches()) {
                    highest = Math.max(highest, Integer.parseInt(m.group(1)));
                }
            }
        }
        assertThat(Migrations.SCHEMA_VERSION).as("Migrations.SCHEMA_VERSION against db/migration").isEqualTo(highest);
    }

    @Test
    void aNewDatabaseIsNotCurrentAndAMigratedOneIs() throws Exception {
        String url = TestDatabases.h2(dir);
        try (Database db = Database.open(url)) {
            assertThat(Migrations.isCurrent(db.dataSource())).isTrue();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + Migrations.SCHEMA_VERSION + "'");
            }
            assertThat(Migrations.isCurrent(db.dataSource())).as("a database one migration behind").isFalse();
        }
        try (Database pg = Database.open(TestDatabases.postgres())) {
            assertThat(Migrations.isCurrent(pg.dataSource())).as("PostgreSQL").isTrue();
        }
    }
}
