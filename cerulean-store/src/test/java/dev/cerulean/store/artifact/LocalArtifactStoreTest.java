package dev.cerulean.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.store.ArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest {
    @TempDir
    Path root;

    static final String HELLO_SHA = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void storesContentUnderItsSha256() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(root);
        ArtifactStore.Blob blob = store.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(blob).isEqualTo(new ArtifactStore.Blob(HELLO_SHA, 5, true));
        assertThat(Files.readString(store.path(HELLO_SHA))).isEqualTo("hello");
        try (InputStream in = store.open(HELLO_SHA)) {
            assertThat(in.readAllBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void storingTheSameContentTwiceKeepsOneBlob() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(root);
        store.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        ArtifactStore.Blob again = store.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(again.created()).isFalse();
        assertThat(tmpFiles()).isZero();
    }

    @Test
    void aStreamThatFailsMidwayLeavesNothingVisible() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(root);
        InputStream broken = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 1000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> store.put(broken)).isInstanceOf(IOException.class);
        assertThat(tmpFiles()).isZero();
        try (Stream<Path> blobs = Files.walk(root.resolve("sha256"))) {
            assertThat(blobs.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void rejectsNamesThatAreNotDigests() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(root);

        assertThatThrownBy(() -> store.path("../../etc/passwd")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> store.path("0".repeat(64))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void removesStaleTemporaryFilesAtStartUp() throws IOException {
        new LocalArtifactStore(root);
        Path stale = root.resolve("tmp").resolve("old.part");
        Files.writeString(stale, "half");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(0));

        new LocalArtifactStore(root);

        assertThat(stale).doesNotExist();
    }

    private long tmpFiles() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("tmp"))) {
            return s.count();
        }
    }
}
