package dev.cerulean.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Specs written in the image of Azure ML's examples: the valid ones parse, the invalid ones report
 * exactly the field paths their first line names ({@code # expect: a, b}), and kinds Cerulean does not
 * support yet say so.
 */
class SpecCorpusTest {
    final SpecParser parser = new SpecParser(TestFiles.LOCAL);

    static Stream<Path> files(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(SpecCorpusTest.class.getResource("/specs/" + folder).toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    static Stream<Path> valid() throws Exception {
        return files("valid");
    }

    static Stream<Path> invalid() throws Exception {
        return files("invalid");
    }

    static Stream<Path> unsupported() throws Exception {
        return files("unsupported");
    }

    @ParameterizedTest
    @MethodSource("valid")
    void validSpecsParse(Path file) {
        Spec s = parser.parse(file, file.getFileName().toString().equals("MLTable") ? SpecKind.MLTABLE : null);

        assertThat(s.body().has("$schema")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidSpecsNameEveryBadField(Path file) throws IOException {
        String first = Files.readAllLines(file).get(0);
        String[] expected = Arrays.stream(first.replace("# expect:", "").split(",")).map(String::strip).toArray(String[]::new);

        assertThatThrownBy(() -> parser.parse(file, null)).isInstanceOfSatisfying(SpecException.class,
                e -> assertThat(e.problems()).filteredOn(Problem::isError).extracting(Problem::path).containsExactlyInAnyOrder(expected));
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void unsupportedKindsSaySo(Path file) {
        assertThatThrownBy(() -> parser.parse(file, null)).isInstanceOfSatisfying(SpecException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
            assertThat(e.getMessage()).contains("not supported yet");
        });
    }
}
