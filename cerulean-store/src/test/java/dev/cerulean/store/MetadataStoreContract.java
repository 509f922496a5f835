package dev.cerulean.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.audit.AuditEvent;
import dev.cerulean.core.data.Column;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.data.Datastore;
import dev.cerulean.core.data.TableFormat;
import dev.cerulean.core.lineage.LineageEdge;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MetadataStore} must have; subclassed once per database. */
public abstract class MetadataStoreContract {
    protected MetadataStore store;

    /** A new store over an empty database. */
    protected abstract MetadataStore newStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_000L);

    static DataAsset asset(String name, int version, String hash) {
        return new DataAsset(name, version, DataType.URI_FILE, "desc", Map.of("k", "v"), "/data/" + name + ".csv", false,
                "sha256:" + hash, 42, 1, TableFormat.CSV, List.of(new Column("a", "BIGINT")), T0, "alice");
    }

    @Nested
    class DataAssets {
        @Test
        void insertsAndReadsBackEveryField() {
            DataAsset a = asset("adult", 1, "aa");
            store.dataAssets().insert(a, List.of(new DataFile("adult.csv", "a".repeat(64), 42)));

            assertThat(store.dataAssets().get("adult", 1)).contains(a);
            assertThat(store.dataAssets().files("adult", 1)).containsExactly(new DataFile("adult.csv", "a".repeat(64), 42));
        }

        @Test
        void rejectsADuplicateVersionAndKeepsTheFirst() {
            store.dataAssets().insert(asset("adult", 1, "aa"), List.of());

            assertThatThrownBy(() -> store.dataAssets().insert(asset("adult", 1, "bb"), List.of()))
                    .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("adult:1");
            assertThat(store.dataAssets().get("adult", 1).orElseThrow().contentHash()).isEqualTo("sha256:aa");
        }

        @Test
        void aFailedInsertLeavesNoFiles() {
            store.dataAssets().insert(asset("adult", 1, "aa"), List.of(new DataFile("x", "a".repeat(64), 1)));

            assertThatThrownBy(() -> store.dataAssets().insert(asset("adult", 1, "bb"),
                    List.of(new DataFile("y", "b".repeat(64), 1)))).isInstanceOf(AlreadyExistsException.class);
            assertThat(store.dataAssets().files("adult", 1)).extracting(DataFile::path).containsExactly("x");
        }

        @Test
        void tracksLatestAndVersionsOfEachName() {
            store.dataAssets().insert(asset("adult", 1, "aa"), List.of());
            store.dataAssets().insert(asset("adult", 2, "bb"), List.of());
            store.dataAssets().insert(asset("iris", 1, "cc"), List.of());

            assertThat(store.dataAssets().maxVersion("adult")).isEqualTo(2);
            assertThat(store.dataAssets().maxVersion("none")).isZero();
            assertThat(store.dataAssets().latest("adult").orElseThrow().version()).isEqualTo(2);
            assertThat(store.dataAssets().versions("adult")).extracting(DataAsset::version).containsExactly(2, 1);
            assertThat(store.dataAssets().latestOfEach()).extracting(DataAsset::id).containsExactly("adult:2", "iris:1");
        }

        @Test
        void storesAProfileWithTheVersion() {
            store.dataAssets().insert(asset("adult", 1, "aa"), List.of());
            assertThat(store.dataAssets().profile("adult", 1)).isEmpty();

            String big = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
            store.dataAssets().saveProfile("adult", 1, big);

            assertThat(store.dataAssets().profile("adult", 1)).contains(big);
        }

        @Test
        void concurrentInsertsOfOneVersionLetExactlyOneWin() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 8; i++) {
                String hash = "h" + i;
                pool.submit(() -> {
                    try {
                        store.dataAssets().insert(asset("race", 1, hash), List.of());
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertThat(errors).hasSize(7).allMatch(t -> t instanceof AlreadyExistsException);
            assertThat(store.dataAssets().versions("race")).hasSize(1);
        }
    }

    @Nested
    class Datastores {
        @Test
        void insertsListsAndRejectsDuplicates() {
            Datastore d = new Datastore("raw", "local", "/srv/raw", "", Map.of(), T0, "alice");
            store.datastores().insert(d);

            assertThat(store.datastores().get("raw")).contains(d);
            assertThat(store.datastores().list()).containsExactly(d);
            assertThatThrownBy(() -> store.datastores().insert(d)).isInstanceOf(AlreadyExistsException.class);
        }
    }

    @Nested
    class Lineage {
        @Test
        void recordsEdgesOnceAndFindsThemFromBothEnds() {
            LineageNode data = new LineageNode(LineageKind.DATA, "adult", "1");
            LineageNode job = new LineageNode(LineageKind.JOB, "run-1", "");
            LineageEdge e = new LineageEdge(data, job, "input", T0);
            store.lineage().add(e);
            store.lineage().add(e);

            assertThat(store.lineage().from(data)).containsExactly(e);
            assertThat(store.lineage().to(job)).containsExactly(e);
            assertThat(store.lineage().to(data)).isEmpty();
        }
    }

    @Nested
    class Audit {
        @Test
        void appendsAndListsNewestFirstWithFilters() {
            store.audit().append(new AuditEvent(0, T0, "alice", "data.create", "data:adult:1", AuditEvent.SUCCESS, null, null));
            AuditEvent failed = store.audit().append(new AuditEvent(0, T0.plusSeconds(1), "bob", "datastore.create", "datastore:x",
                    AuditEvent.FAILURE, "INVALID_PARAMETER", "bad path"));

            assertThat(failed.id()).isPositive();
            assertThat(store.audit().list(null, null, 10)).extracting(AuditEvent::principal).containsExactly("bob", "alice");
            assertThat(store.audit().list("alice", null, 10)).hasSize(1);
            assertThat(store.audit().list(null, "datastore.", 10)).containsExactly(failed);
            assertThat(store.audit().list(null, null, 1)).hasSize(1);
        }
    }
}
