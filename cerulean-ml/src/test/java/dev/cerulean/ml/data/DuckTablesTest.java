package dev.cerulean.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.data.TableFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
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

    @Nested
    class Typing {
        Path csv(String name, String content) throws IOException {
            Path f = dir.resolve(name);
            Files.writeString(f, content);
            return f;
        }

        List<String> types(TableSource s) {
            return DuckTables.schema(s).stream().map(c -> c.name() + " " + c.type()).toList();
        }

        @Test
        void yesNoAndLetterCodesStayStringsAndOnlyTrueFalseIsBoolean() throws IOException {
            Path f = csv("flags.csv", """
                    upper,title,lower,yn,tf,bool,shout,py,bit
                    YES,Yes,yes,Y,T,true,TRUE,True,1
                    NO,No,no,N,F,false,FALSE,False,0
                    ,No,no,,F,,FALSE,True,1
                    """);

            assertThat(types(TableSource.of(f))).containsExactly("upper VARCHAR", "title VARCHAR", "lower VARCHAR", "yn VARCHAR",
                    "tf VARCHAR", "bool BOOLEAN", "shout BOOLEAN", "py BOOLEAN", "bit BIGINT");
        }

        @Test
        void leadingZeroCodesStayStringsAndNumbersStayNumbers() throws IOException {
            Path f = csv("codes.csv", "zip,code,n,x\n00123,007,1,0.5\n12345,8,20,-1.25\n");

            assertThat(types(TableSource.of(f))).containsExactly("zip VARCHAR", "code VARCHAR", "n BIGINT", "x DOUBLE");
        }

        @Test
        void aColumnIsBooleanOnlyWhenEveryFileHoldsTrueAndFalse() throws IOException {
            Path a = csv("a.csv", "id,flag\n1,true\n2,false\n");
            Path b = csv("b.csv", "id,flag\n3,YES\n4,NO\n");
            TableSource both = new TableSource(List.of(a, b), null, TableFormat.CSV, null, null);

            assertThat(types(both)).containsExactly("id BIGINT", "flag VARCHAR");
            assertThat(types(TableSource.of(a))).containsExactly("id BIGINT", "flag BOOLEAN");
        }

        @Test
        void anExplicitConversionStillMakesYesNoBoolean() throws IOException {
            Path f = csv("c.csv", "flag\nYES\nNO\n");
            TableSource s = TableSource.of(f).withSteps(List.of(new TableStep.Convert(List.of("flag"), "boolean")));

            assertThat(types(s)).containsExactly("flag BOOLEAN");
        }

        @Test
        void keptColumnsKeepTheirTrueFalseSpellingAndOthersStayBoolean() throws IOException {
            Path f = csv("k.csv", "label,flag\nTrue,TRUE\nFalse,FALSE\n");

            try (var c = DuckTables.connect(); var st = c.createStatement();
                    var r = st.executeQuery(DuckTables.selectSql(TableSource.of(f), java.util.Set.of("label", "absent")))) {
                assertThat(r.getMetaData().getColumnTypeName(1)).isEqualTo("VARCHAR");
                assertThat(r.getMetaData().getColumnTypeName(2)).isEqualTo("BOOLEAN");
                r.next();
                assertThat(r.getString(1)).isEqualTo("True");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Test
        void jsonStringsStayStringsAndJsonBooleansBoolean() throws IOException {
            Path f = csv("j.jsonl", "{\"a\": \"YES\", \"b\": true, \"z\": \"00123\"}\n{\"a\": \"NO\", \"b\": false, \"z\": \"00456\"}\n");

            assertThat(types(TableSource.of(f))).containsExactly("a VARCHAR", "b BOOLEAN", "z VARCHAR");
        }
    }
}
