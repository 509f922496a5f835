package dev.cerulean.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References from one spec to another, through a kind whose schema refers to a data spec. */
class SpecRefTest {
    /** A test kind (registered as a schedule) whose {@code input} field is a data spec. */
    final SpecParser parser = new SpecParser(SpecSchemas.standard().with(new KindSchema(SpecKind.SCHEDULE,
            Shapes.object().required("name", Shapes.name()).required("input", Shapes.specRef(SpecKind.DATA)), null)), TestFiles.LOCAL);

    @TempDir
    Path dir;

    @Test
    void inlinesALocalSpecFileResolvingItsPathsAgainstItsOwnFolder() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/t.csv"), "x\n1\n");
        Files.writeString(dir.resolve("data/t.yml"), "name: t\ntype: uri_file\npath: ./t.csv\n");
        Files.writeString(dir.resolve("main.yml"), "name: s\ninput: ./data/t.yml\n");

        Spec s = parser.parse(dir.resolve("main.yml"), SpecKind.SCHEDULE);

        assertThat(s.body().get("input").get("path").asText()).isEqualTo(dir.resolve("data/t.csv").toString());
    }

    @Test
    void keepsAssetReferencesCanonical() throws IOException {
        Files.writeString(dir.resolve("main.yml"), "name: s\ninput: azureml:t@latest\n");

        assertThat(parser.parse(dir.resolve("main.yml"), SpecKind.SCHEDULE).body().get("input").asText()).isEqualTo("azureml:t@latest");
    }

    @Test
    void reportsProblemsOfTheReferencedSpecUnderTheReferringField() throws IOException {
        Files.writeString(dir.resolve("t.yml"), "name: t\ntyp: uri_file\npath: ./none.csv\n");
        Files.writeString(dir.resolve("main.yml"), "name: s\ninput: t.yml\n");

        try {
            parser.parse(dir.resolve("main.yml"), SpecKind.SCHEDULE);
            throw new AssertionError("expected problems");
        } catch (SpecException e) {
            assertThat(e.problems()).extracting(Problem::path).containsExactlyInAnyOrder("input.typ", "input.path");
        }
    }

    @Test
    void stopsAtACycle() throws IOException {
        Files.writeString(dir.resolve("a.yml"), "name: a\ninput: b.yml\n");
        Files.writeString(dir.resolve("b.yml"), "name: b\ninput: a.yml\n");
        SpecParser cyclic = new SpecParser(SpecSchemas.standard().with(new KindSchema(SpecKind.SCHEDULE,
                Shapes.object().required("name", Shapes.name()).required("input", Shapes.specRef(SpecKind.SCHEDULE)), null)), TestFiles.LOCAL);

        try {
            cyclic.parse(dir.resolve("a.yml"), SpecKind.SCHEDULE);
            throw new AssertionError("expected a cycle error");
        } catch (SpecException e) {
            assertThat(e.getMessage()).contains("cycle");
        }
    }
}
