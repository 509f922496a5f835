package dev.cerulean.ml.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.data.TableSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameTest {
    @TempDir
    Path dir;

    @Nested
    class FromRows {
        @Test
        void infersKindsFromJavaValues() {
            Frame f = Frame.fromRows(List.of("age", "city", "member", "note"), List.of(
                    List.of(31, "Oslo", true, "x"),
                    Arrays.asList(null, "Bergen", false, ""),
                    List.of("45.5", "Oslo", true, "y")), null);

            assertThat(f.kinds()).containsExactly(Map.entry("age", ColumnKind.NUMERIC), Map.entry("city", ColumnKind.CATEGORICAL),
                    Map.entry("member", ColumnKind.BOOLEAN), Map.entry("note", ColumnKind.CATEGORICAL));
            NumericColumn age = (NumericColumn) f.column("age");
            assertThat(age.value(0)).isEqualTo(31.0);
            assertThat(age.isMissing(1)).isTrue();
            assertThat(age.value(2)).isEqualTo(45.5);
            assertThat(f.column("note").isMissing(1)).as("empty string is missing").isTrue();
        }

        @Test
        void leadingZeroCodesInStringsAreCategoricalButNumericStringsAreNumbers() {
            Frame f = Frame.fromRows(List.of("zip", "n"), List.of(List.of("00123", "12"), List.of("12345", "4.5"), List.of("007", "-3")), null);

            assertThat(f.kinds()).containsExactly(Map.entry("zip", ColumnKind.CATEGORICAL), Map.entry("n", ColumnKind.NUMERIC));
            assertThat(f.column("zip").get(0)).isEqualTo("00123");
            assertThat(f.column("zip").get(2)).isEqualTo("007");
        }

        @Test
        void textInANumericColumnNamesTheColumnAndRow() {
            assertThatThrownBy(() -> Frame.fromRows(List.of("age"), List.of(List.of(3), List.of("old")),
                    Map.of("age", ColumnKind.NUMERIC)))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessage("column 'age' row 1: value 'old' is not a number");
        }

        @Test
        void rowOfWrongLengthIsReported() {
            assertThatThrownBy(() -> Frame.fromRows(List.of("a", "b"), List.of(List.of(1, 2), List.of(1)), null))
                    .hasMessageContaining("row 1 has 1 values but there are 2 columns");
        }

        @Test
        void recordsAndColumnArrays() {
            Frame r = Frame.fromRecords(List.of(Map.of("a", 1), Map.of("a", 2, "b", "x")), null);
            assertThat(r.names()).containsExactly("a", "b");
            assertThat(r.column("b").isMissing(0)).isTrue();
            Map<String, List<?>> cols = new java.util.LinkedHashMap<>();
            cols.put("n", List.of(1.5, 2.5));
            cols.put("s", List.of("u", "v"));
            Frame c = Frame.fromColumns(cols, Map.of("n", ColumnKind.CATEGORICAL));
            assertThat(c.column("n").get(0)).isEqualTo("1.5");
            assertThat(c.column("s").kind()).isEqualTo(ColumnKind.CATEGORICAL);
        }

        @Test
        void parsesIsoDatetimesWhenForced() {
            Frame f = Frame.fromRows(List.of("t"), List.of(List.of("2024-05-01"), List.of("2024-05-01T13:45:00"),
                    List.of("2024-05-01T13:45:00Z")), Map.of("t", ColumnKind.DATETIME));
            DatetimeColumn t = (DatetimeColumn) f.column("t");
            assertThat(t.get(0)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
            assertThat(t.get(1)).isEqualTo(Instant.parse("2024-05-01T13:45:00Z"));
            assertThat(t.get(2)).isEqualTo(Instant.parse("2024-05-01T13:45:00Z"));
        }
    }

    @Test
    void unknownColumnSuggestsTheNearestName() {
        Frame f = Frame.of(NumericColumn.of("income", 1, 2));
        assertThatThrownBy(() -> f.column("incme")).hasMessageContaining("did you mean 'income'?");
    }

    @Test
    void takeAndWithKindsKeepValues() {
        Frame f = Frame.of(NumericColumn.of("code", 3, 1, 2), StringColumn.categorical("c", "a", null, "b"));
        Frame t = f.take(new int[] {2, 0});
        assertThat(((NumericColumn) t.column("code")).values()).containsExactly(2, 3);
        Frame k = f.withKinds(Map.of("code", ColumnKind.CATEGORICAL, "c", ColumnKind.TEXT));
        assertThat(k.column("code").get(0)).isEqualTo("3");
        assertThat(k.column("c").kind()).isEqualTo(ColumnKind.TEXT);
    }

    @Test
    void textHeuristicSeparatesSentencesFromLabels() {
        assertThat(KindGuess.forStrings(new String[] {"red", "blue", "red", "green"})).isEqualTo(ColumnKind.CATEGORICAL);
        assertThat(KindGuess.forStrings(new String[] {"the quick brown fox", "jumps over the dog", "a lazy afternoon nap",
            "nothing else to see"})).isEqualTo(ColumnKind.TEXT);
    }

    @Nested
    class Reader {
        @Test
        void readsCsvThroughDuckDbWithTypesAndMissingValues() throws IOException {
            Path f = dir.resolve("t.csv");
            Files.writeString(f, "id,x,flag,day,city\n1,1.5,true,2024-01-02,Oslo\n2,,false,2024-02-03,\n3,2.5,,,Bergen\n");
            Frame fr = FrameReader.read(TableSource.of(f));

            assertThat(fr.rowCount()).isEqualTo(3);
            assertThat(fr.kinds()).containsExactly(Map.entry("id", ColumnKind.NUMERIC), Map.entry("x", ColumnKind.NUMERIC),
                    Map.entry("flag", ColumnKind.BOOLEAN), Map.entry("day", ColumnKind.DATETIME),
                    Map.entry("city", ColumnKind.CATEGORICAL));
            assertThat(((NumericColumn) fr.column("id")).integral()).isTrue();
            assertThat(fr.column("x").isMissing(1)).isTrue();
            assertThat(fr.column("flag").isMissing(2)).isTrue();
            assertThat(fr.column("day").get(0)).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
            assertThat(fr.column("city").isMissing(1)).isTrue();
        }

        @Test
        void yesNoColumnsAreCategoricalWithTheirOwnSpellingAndZipCodesKeepTheirZeros() throws IOException {
            Path f = dir.resolve("y.csv");
            Files.writeString(f, "answer,short,tf,zip,flag\nYES,Y,T,00123,true\nNO,N,F,12345,false\n");
            Frame fr = FrameReader.read(TableSource.of(f));

            assertThat(fr.kinds()).containsExactly(Map.entry("answer", ColumnKind.CATEGORICAL), Map.entry("short", ColumnKind.CATEGORICAL),
                    Map.entry("tf", ColumnKind.CATEGORICAL), Map.entry("zip", ColumnKind.CATEGORICAL), Map.entry("flag", ColumnKind.BOOLEAN));
            assertThat(fr.column("answer").get(0)).isEqualTo("YES");
            assertThat(fr.column("tf").get(1)).isEqualTo("F");
            assertThat(fr.column("zip").get(0)).isEqualTo("00123");
        }

        @Test
        void readsParquetAndJsonLinesAndForcedKinds() throws IOException {
            Path jl = dir.resolve("t.jsonl");
            Files.writeString(jl, "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": \"y\"}\n");
            Frame j = FrameReader.read(TableSource.of(jl), new FrameReader.Options(Map.of("a", ColumnKind.CATEGORICAL), null, 0));
            assertThat(j.column("a").kind()).isEqualTo(ColumnKind.CATEGORICAL);
            assertThat(j.column("a").get(1)).isEqualTo("2");

            Path pq = dir.resolve("t.parquet");
            try (var c = dev.cerulean.ml.data.DuckTables.connect(); var st = c.createStatement()) {
                st.execute("COPY (SELECT 1.5 AS v, 'k' AS s UNION ALL SELECT NULL, 'm') TO '" + pq + "' (FORMAT parquet)");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            Frame p = FrameReader.read(TableSource.of(pq));
            assertThat(p.rowCount()).isEqualTo(2);
            assertThat(p.column("v").kind()).isEqualTo(ColumnKind.NUMERIC);
        }
    }
}
