package dev.cerulean.service.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.core.lineage.LineageEdge;
import dev.cerulean.core.lineage.LineageGraph;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.store.jdbc.JdbcMetadataStore;
import dev.cerulean.store.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageServiceTest {
    @TempDir
    Path dir;

    static final LineageNode DATA = new LineageNode(LineageKind.DATA, "adult", "1");
    static final LineageNode JOB = new LineageNode(LineageKind.JOB, "train-1", "");
    static final LineageNode MODEL = new LineageNode(LineageKind.MODEL, "income", "2");
    static final LineageNode DEPLOYMENT = new LineageNode(LineageKind.DEPLOYMENT, "ep/blue", "");
    static final LineageNode OTHER = new LineageNode(LineageKind.DATA, "holdout", "1");

    @Test
    void walksTheGraphBothWaysTransitively() {
        try (JdbcMetadataStore store = JdbcMetadataStore.open(TestDatabases.h2(dir))) {
            LineageService lineage = new LineageService(store.lineage(), Clock.systemUTC());
            lineage.record(DATA, JOB, "input");
            lineage.record(OTHER, JOB, "input");
            lineage.record(JOB, MODEL, "output");
            lineage.record(MODEL, DEPLOYMENT, "deployed_as");

            LineageGraph fromData = lineage.graph(DATA);
            assertThat(fromData.upstream()).isEmpty();
            assertThat(fromData.downstream()).extracting(LineageEdge::to).containsExactly(JOB, MODEL, DEPLOYMENT);

            LineageGraph fromModel = lineage.graph(MODEL);
            assertThat(fromModel.upstream()).extracting(LineageEdge::from).containsExactlyInAnyOrder(JOB, DATA, OTHER);
            assertThat(fromModel.downstream()).extracting(LineageEdge::to).containsExactly(DEPLOYMENT);
        }
    }

    @Test
    void survivesCycles() {
        try (JdbcMetadataStore store = JdbcMetadataStore.open(TestDatabases.h2(dir))) {
            LineageService lineage = new LineageService(store.lineage(), Clock.systemUTC());
            lineage.record(DATA, JOB, "input");
            lineage.record(JOB, DATA, "output");

            assertThat(lineage.graph(DATA).downstream()).hasSize(2);
        }
    }
}
