package dev.cerulean.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelVersionFolderTest {
    static final List<String> NAMES = List.of("fraud.v2", "a b", "x@y", "modèle-ü", "50%off", "a+b", "q?x#y", "a/b", "c:d", "t~1",
            "back\\slash", ".", "..", "...", ".hidden", "日本語モデル", "emoji 🙂", "a%2Eb", "a.b");

    @Test
    void keepsLettersDigitsDotsDashesAndUnderscoresAsTheyAre() {
        assertThat(ArtifactTree.modelVersionFolder("fraud.v2_final-3", 7)).isEqualTo("models/fraud.v2_final-3/7");
    }

    @Test
    void writesEveryOtherByteAsTildeAndHex() {
        assertThat(ArtifactTree.modelVersionFolder("a b", 1)).isEqualTo("models/a~20b/1");
        assertThat(ArtifactTree.modelVersionFolder("modèle", 1)).isEqualTo("models/mod~C3~A8le/1");
        assertThat(ArtifactTree.modelVersionFolder("t~1", 1)).isEqualTo("models/t~7E1/1");
        assertThat(ArtifactTree.modelVersionFolder("..", 1)).isEqualTo("models/~2E~2E/1");
    }

    @Test
    void differentNamesGetDifferentFolders() {
        Set<String> folders = new HashSet<>();
        NAMES.forEach(n -> folders.add(ArtifactTree.modelVersionFolder(n, 1)));
        assertThat(folders).hasSize(NAMES.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fraud.v2", "a b", "x@y", "modèle-ü", "50%off", "a+b", "q?x#y", "a/b", "back\\slash", "..", "emoji 🙂"})
    void theFolderIsItsOwnUriPathAndQueryValue(String name) {
        String folder = ArtifactTree.modelVersionFolder(name, 3);

        assertThat(folder.split("/")).hasSize(3);
        assertThat(URI.create("mlflow-artifacts:/" + folder).getPath()).isEqualTo("/" + folder);
        assertThat(URI.create("http://h/api/2.0/mlflow-artifacts/artifacts/" + folder).getRawPath()).endsWith("/" + folder);
        assertThat(URLDecoder.decode(folder, StandardCharsets.UTF_8)).isEqualTo(folder);
        assertThat(URLEncoder.encode(folder, StandardCharsets.UTF_8)).isEqualTo(folder.replace("/", "%2F").replace("~", "%7E"));
    }

    @Test
    void aLongNameEndsInAHashAndStaysShortAndDistinct() {
        String a = "é".repeat(256);
        String b = "é".repeat(255) + "e";
        String fa = ArtifactTree.modelVersionFolder(a, 1).split("/")[1];
        String fb = ArtifactTree.modelVersionFolder(b, 1).split("/")[1];

        assertThat(fa).hasSizeLessThanOrEqualTo(160).contains("~~").isNotEqualTo(fb);
        assertThat(fa).matches("[A-Za-z0-9._~-]+");
    }

    @Test
    void everyFolderCanBeWrittenAndReadInTheTree(@TempDir Path root) throws Exception {
        ArtifactTree tree = new ArtifactTree(root);
        for (String n : NAMES) {
            String folder = ArtifactTree.modelVersionFolder(n, 1);
            tree.write(folder + "/MLmodel", new ByteArrayInputStream(n.getBytes(StandardCharsets.UTF_8)));
            try (var in = tree.open(folder + "/MLmodel")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(n);
            }
        }
        assertThat(tree.list("models")).hasSize(NAMES.size());
    }
}
