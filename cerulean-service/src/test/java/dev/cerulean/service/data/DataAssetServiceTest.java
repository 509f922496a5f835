package dev.cerulean.service.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.AssetRef;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.audit.AuditEvent;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.data.TableFormat;
import dev.cerulean.ml.data.TableProfile;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.WorkspaceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataAssetServiceTest {
    static final Principal ALICE = new Principal("alice");

    @TempDir
    Path home;
    @TempDir
    Path src;

    Workspace ws;
    DataAssetService data;

    @BeforeEach
    void open() {
        ws = Workspace.open(WorkspaceConfig.at(home));
        data = ws.data();
    }

    @AfterEach
    void close() {
        ws.close();
    }

    Path csv(String name, String content) throws IOException {
        Path f = src.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    static DataRequest file(String name, Path path) {
        return new DataRequest(name, null, DataType.URI_FILE, "", Map.of(), path.toString(), false);
    }

    long blobCount() throws IOException {
        try (Stream<Path> s = Files.walk(home.resolve("artifacts").resolve("sha256"))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Nested
    class Registering {
        @Test
        void copiesHashesAndInfersTheSchemaOfACsvFile() throws IOException {
            Path f = csv("iris.csv", "sepal,species\n5.1,setosa\n4.9,setosa\n");

            DataAsset a = data.create(ALICE, file("iris", f)).asset();

            assertThat(a.id()).isEqualTo("iris:1");
            assertThat(a.contentHash()).startsWith("sha256:").hasSize(71);
            assertThat(a.format()).isEqualTo(TableFormat.CSV);
            assertThat(a.schema()).extracting(c -> c.name() + " " + c.type()).containsExactly("sepal DOUBLE", "species VARCHAR");
            assertThat(a.createdBy()).isEqualTo("alice");
            assertThat(blobCount()).isEqualTo(1);
        }

        @Test
        void numbersVersionsOneAfterAnother() throws IOException {
            Path f = csv("a.csv", "x\n1\n");
            data.create(ALICE, file("a", f));
            Files.writeString(f, "x\n2\n");

            assertThat(data.create(ALICE, file("a", f)).asset().version()).isEqualTo(2);
            assertThat(data.get(AssetRef.latest("a")).version()).isEqualTo(2);
        }

        @Test
        void registeringTheSameVersionWithTheSameContentIsAccepted() throws IOException {
            Path f = csv("a.csv", "x\n1\n");
            DataRequest r = new DataRequest("a", 3, DataType.URI_FILE, "", Map.of(), f.toString(), false);
            data.create(ALICE, r);

            DataAssetService.Registration again = data.create(ALICE, r);

            assertThat(again.created()).isFalse();
            assertThat(again.asset().version()).isEqualTo(3);
        }

        @Test
        void keepsTheCopyWhenTheOriginalChanges() throws IOException {
            Path f = csv("a.csv", "x\n1\n");
            data.create(ALICE, file("a", f));
            Files.writeString(f, "x\n999\n");

            try (InputStream in = data.openFile(AssetRef.of("a", 1), "a.csv")) {
                assertThat(new String(in.readAllBytes())).isEqualTo("x\n1\n");
            }
        }

        @Test
        void registersAFolderWithAManifestHash() throws IOException {
            csv("parts/a.csv", "x,y\n1,a\n");
            csv("parts/b.csv", "x,y\n2,b\n");

            DataAsset a = data.create(ALICE, new DataRequest("parts", null, DataType.URI_FOLDER, "", Map.of(),
                    src.resolve("parts").toString(), false)).asset();

            assertThat(a.fileCount()).isEqualTo(2);
            assertThat(a.format()).isEqualTo(TableFormat.CSV);
            assertThat(data.files(AssetRef.of("parts", 1))).extracting(f -> f.path()).containsExactly("a.csv", "b.csv");
            assertThat(data.profile(AssetRef.of("parts", 1)).rowCount()).isEqualTo(2);
        }

        @Test
        void registersAnMltableWithItsTransformations() throws IOException {
            csv("tbl/data.csv", "x;y;z\n1;a;t\n2;b;u\n3;c;v\n");
            csv("tbl/MLTable", """
                    paths:
                      - file: ./data.csv
                    transformations:
                      - read_delimited:
                          delimiter: ';'
                      - drop_columns: z
                      - filter: 'col("x") > 1'
                    """);

            DataAsset a = data.create(ALICE, new DataRequest("tbl", null, DataType.MLTABLE, "", Map.of(),
                    src.resolve("tbl").toString(), false)).asset();

            assertThat(a.schema()).extracting(c -> c.name()).containsExactly("x", "y");
            assertThat(data.profile(AssetRef.of("tbl", 1)).rowCount()).isEqualTo(2);
        }

        @Test
        void aReferencePointsAtTheDataWithoutCopying() throws IOException {
            Path f = csv("big.csv", "x\n1\n2\n");

            DataAsset a = data.create(ALICE, new DataRequest("big", null, DataType.URI_FILE, "", Map.of(), f.toString(), true)).asset();

            assertThat(a.reference()).isTrue();
            assertThat(blobCount()).isZero();
            assertThat(data.profile(AssetRef.of("big", 1)).rowCount()).isEqualTo(2);
        }

        @Test
        void resolvesDatastorePaths() throws IOException {
            csv("store/sub/t.csv", "x\n1\n");
            ws.datastores().create(ALICE, new DatastoreRequest("raw", "local", src.resolve("store").toString(), "", Map.of()));

            DataAsset a = data.create(ALICE, new DataRequest("t", null, DataType.URI_FILE, "", Map.of(),
                    "azureml://datastores/raw/paths/sub/t.csv", false)).asset();

            assertThat(a.source()).isEqualTo(src.resolve("store/sub/t.csv").toString());
        }

        @Test
        void infersTheSchemaOfParquetAndJsonLines() throws Exception {
            Path parquet = src.resolve("t.parquet");
            try (var c = dev.cerulean.ml.data.DuckTables.connect(); var st = c.createStatement()) {
                st.execute("COPY (SELECT range AS id, 'r' || range AS label, range / 2.0 AS score FROM range(5)) TO '"
                        + parquet + "' (FORMAT parquet)");
            }
            Path jsonl = csv("t.jsonl", "{\"id\": 1, \"ok\": true, \"when\": \"2024-01-02\"}\n{\"id\": 2, \"ok\": false, \"when\": \"2024-01-03\"}\n");

            DataAsset p = data.create(ALICE, file("pq", parquet)).asset();
            DataAsset j = data.create(ALICE, file("js", jsonl)).asset();

            assertThat(p.format()).isEqualTo(TableFormat.PARQUET);
            assertThat(p.schema()).extracting(c -> c.name() + " " + c.type()).containsExactly("id BIGINT", "label VARCHAR",
                    "score DOUBLE");
            assertThat(j.format()).isEqualTo(TableFormat.JSONL);
            assertThat(j.schema()).extracting(c -> c.name() + " " + c.type()).containsExactly("id BIGINT", "ok BOOLEAN", "when DATE");
            assertThat(data.profile(AssetRef.of("pq", 1)).rowCount()).isEqualTo(5);
        }

        @Test
        void storesTheProfileWithTheVersion() throws IOException {
            Path f = csv("t.csv", "x,c\n1,a\n2,b\n3,a\n");
            data.create(ALICE, file("t", f));

            TableProfile p = data.profile(AssetRef.of("t", 1));
            Files.delete(f);

            assertThat(p.columns().get(1).top()).first().isEqualTo(new TableProfile.ValueCount("a", 2));
            assertThat(data.profile(AssetRef.of("t", 1))).isEqualTo(p);
        }
    }

    @Nested
    class BadInput {
        void assertNothingLeftBehind() throws IOException {
            assertThat(data.list()).isEmpty();
            assertThat(blobCount()).isZero();
        }

        @Test
        void missingFile() throws IOException {
            assertThatThrownBy(() -> data.create(ALICE, file("m", src.resolve("nope.csv"))))
                    .isInstanceOf(CeruleanException.class).hasMessageContaining("does not exist")
                    .satisfies(e -> assertThat(((CeruleanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER));
            assertNothingLeftBehind();
        }

        @Test
        void emptyFile() throws IOException {
            Path f = csv("empty.csv", "");

            assertThatThrownBy(() -> data.create(ALICE, file("e", f))).hasMessageContaining("is empty");
            assertNothingLeftBehind();
        }

        @Test
        void headerOnlyFile() throws IOException {
            Path f = csv("h.csv", "a,b\n");

            assertThatThrownBy(() -> data.create(ALICE, file("h", f))).hasMessageContaining("no rows");
            assertNothingLeftBehind();
        }

        @Test
        void raggedRowNamesTheLine() throws IOException {
            Path f = csv("r.csv", "a,b,c\n1,2,3\n4,5,6,7\n");

            assertThatThrownBy(() -> data.create(ALICE, file("r", f)))
                    .hasMessageContaining("r.csv line 3").hasMessageContaining("more fields");
            assertNothingLeftBehind();
        }

        @Test
        void invalidName() throws IOException {
            Path f = csv("a.csv", "x\n1\n");

            assertThatThrownBy(() -> data.create(ALICE, file("bad/name", f))).hasMessageContaining("'name'")
                    .hasMessageContaining("not a valid name");
            assertThatThrownBy(() -> data.create(ALICE, file("x".repeat(256), f))).hasMessageContaining("256 characters");
            assertNothingLeftBehind();
        }

        @Test
        void versionThatIsNotPositive() throws IOException {
            Path f = csv("a.csv", "x\n1\n");

            assertThatThrownBy(() -> data.create(ALICE, new DataRequest("a", 0, DataType.URI_FILE, "", Map.of(), f.toString(), false)))
                    .hasMessageContaining("'version'");
            assertNothingLeftBehind();
        }

        @Test
        void pathEscapingTheDatastoreRoot() throws IOException {
            csv("store/t.csv", "x\n1\n");
            csv("secret.csv", "x\n1\n");
            ws.datastores().create(ALICE, new DatastoreRequest("raw", "local", src.resolve("store").toString(), "", Map.of()));

            assertThatThrownBy(() -> data.create(ALICE, new DataRequest("s", null, DataType.URI_FILE, "", Map.of(),
                    "azureml://datastores/raw/paths/../secret.csv", false))).hasMessageContaining("escapes the root");
            assertNothingLeftBehind();
        }

        @Test
        void unknownDatastore() {
            assertThatThrownBy(() -> data.create(ALICE, new DataRequest("s", null, DataType.URI_FILE, "", Map.of(),
                    "azureml://datastores/nope/paths/t.csv", false))).isInstanceOf(NotFoundException.class);
        }

        @Test
        void duplicateVersionWithOtherContentNamesBothHashes() throws IOException {
            Path f = csv("a.csv", "x\n1\n");
            DataAsset first = data.create(ALICE, new DataRequest("a", 1, DataType.URI_FILE, "", Map.of(), f.toString(), false)).asset();
            Path g = csv("b.csv", "x\n2\n");

            assertThatThrownBy(() -> data.create(ALICE, new DataRequest("a", 1, DataType.URI_FILE, "", Map.of(), g.toString(), false)))
                    .isInstanceOf(CeruleanException.class)
                    .hasMessageContaining(first.contentHash())
                    .satisfies(e -> {
                        assertThat(((CeruleanException) e).code()).isEqualTo(ErrorCode.CONFLICT);
                        assertThat(e.getMessage()).containsPattern("sha256:[0-9a-f]{64}.*sha256:[0-9a-f]{64}");
                    });
            assertThat(data.versions("a")).hasSize(1);
            assertThat(blobCount()).isEqualTo(1);
        }

        @Test
        void typeThatDoesNotMatchThePath() throws IOException {
            Path f = csv("a.csv", "x\n1\n");

            assertThatThrownBy(() -> data.create(ALICE, new DataRequest("a", null, DataType.URI_FOLDER, "", Map.of(), f.toString(), false)))
                    .hasMessageContaining("is a file");
            assertNothingLeftBehind();
        }

        @Test
        void profilingDataThatIsNotATable() throws IOException {
            Path f = csv("model.bin", "\u0001\u0002binary");
            data.create(ALICE, file("blob", f));

            assertThatThrownBy(() -> data.profile(AssetRef.of("blob", 1))).hasMessageContaining("not tabular");
        }
    }

    @Test
    void auditsEverySuccessAndFailure() throws IOException {
        Path f = csv("a.csv", "x\n1\n");
        data.create(ALICE, file("a", f));
        try {
            data.create(ALICE, file("b", src.resolve("missing.csv")));
        } catch (CeruleanException expected) {
            // recorded below
        }

        List<AuditEvent> events = ws.auditEvents("alice", "data.", 10);
        assertThat(events).extracting(AuditEvent::target, AuditEvent::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data:b", "failure"),
                        org.assertj.core.groups.Tuple.tuple("data:a:1", "success"));
        assertThat(events.get(0).errorCode()).isEqualTo("INVALID_PARAMETER");
    }
}
