package dev.cerulean.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
    @TempDir
    Path dir;

    @Test
    void theMetadataStoreIsChosenByTheUrisScheme() {
        try (MetadataStore h2 = Stores.metadata(TestDatabases.h2(dir))) {
            assertThat(h2.describe()).contains("H2");
        }
        try (MetadataStore pg = Stores.metadata(TestDatabases.postgres())) {
            assertThat(pg.describe()).contains("PostgreSQL");
        }
    }

    @Test
    void anArtifactFolderIsOpenedFromItsFileUri() throws Exception {
        Artifacts a = Stores.artifacts(dir.resolve("artifacts").toUri());
        ArtifactStore.Blob b = a.blobs().put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(a.blobs().exists(b.sha256())).isTrue();
        a.runs().write("0/run/artifacts/x.txt", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
        assertThat(a.runs().exists("0/run/artifacts/x.txt")).isTrue();
    }

    @Test
    void aSchemeNoProviderOpensIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Stores.metadata("jdbc:mysql://db/x?password=secret")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("not supported").hasMessageNotContaining("secret")
                .satisfies(e -> assertThat(((InvalidParameterException) e).target()).isEqualTo("db"));
        assertThatThrownBy(() -> Stores.artifacts(URI.create("s3://bucket/prefix"))).isInstanceOf(InvalidParameterException.class)
                .satisfies(e -> assertThat(((InvalidParameterException) e).target()).isEqualTo("artifacts"));
    }
}
