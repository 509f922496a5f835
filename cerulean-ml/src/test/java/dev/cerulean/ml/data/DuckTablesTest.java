package dev.cerulean.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckTablesTest {
    @TempDir
    Path dir;

    @Test
    void raggedRowIsReportedWithItsLine() throws IOException {
        Path f = dir.resolve("ragged.csv");
        Files.writeString(f, "a,b,c\n1,x,2.5\n2,y,3.5\n3,z,4.5,9\n4,w,1\n");

        assertThatThrownBy(() -> DuckTables.validate(TableSource.of(f)))
                .isInstanceOf(CeruleanException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("more fields than the header")
                .satisfies(e -> assertThat(((CeruleanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
    }

    @Test
    void shortRowIsReported() throws IOException {
        Path f = dir.resolve("short.csv");
        Files.writeString(f, "a,b,c\n1,x,2\n2,y\n");

        assertThatThrownBy(() -> DuckTables.validate(TableSource.of(f))).hasMessageContaining("line 3")
                .hasMessageContaining("fewer fields");
    }

    @Test
    void emptyFileIsReported() throws IOException {
        Path f = dir.resolve("empty.csv");
        Files.writeString(f, "");

        assertThatThrownBy(() -> DuckTables.validate(TableSource.of(f))).hasMessageContaining("empty");
    }

    @Test
    void wellFormedFilePassesAndTypesAreInferredFromEveryRow() throws IOException {
        StringBuilder sb = new StringBuilder("id,v\n");
        for (int i = 0; i < 30_000; i++) {
            sb.append(i).append(',').append(i).append('\n');
        }
        sb.append("30000,not-a-number\n");
        Path f = dir.resolve("late.csv");
        Files.writeString(f, sb);

        DuckTables.validate(TableSource.of(f));
        assertThat(DuckTables.schema(TableSource.of(f))).extracting(c -> c.type()).containsExactly("BIGINT", "VARCHAR");
    }

    @Test
    void filterTranslatesMltableSyntax() {
        assertThat(DuckTables.filterSql("col(\"age\") == 30 and col('sex') != \"Male\""))
                .isEqualTo("\"age\" = 30 and \"sex\" != 'Male'");
    }
}
