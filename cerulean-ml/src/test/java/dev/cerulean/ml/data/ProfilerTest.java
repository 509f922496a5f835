package dev.cerulean.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilerTest {
    static final Path ADULT = Path.of("../samples/data/adult.csv");

    @TempDir
    Path dir;

    @Test
    void profilesEveryColumnOfAdult() {
        TableProfile p = Profiler.profile(TableSource.of(ADULT));

        assertThat(p.rowCount()).isEqualTo(48842);
        assertThat(p.columns()).hasSize(15);
        TableProfile.ColumnProfile age = p.columns().get(0);
        assertThat(age.name()).isEqualTo("age");
        assertThat(age.kind()).isEqualTo("numeric");
        assertThat(age.min()).isEqualTo(17.0);
        assertThat(age.max()).isEqualTo(90.0);
        assertThat(age.mean()).isCloseTo(38.64, within(0.01));
        assertThat(age.quantiles()).containsKeys("p5", "p25", "p50", "p75", "p95");
        assertThat(age.histogram()).hasSize(Profiler.HISTOGRAM_BINS);
        assertThat(age.histogram().stream().mapToLong(TableProfile.Bin::count).sum()).isEqualTo(age.count());
        TableProfile.ColumnProfile income = p.columns().get(14);
        assertThat(income.kind()).isEqualTo("categorical");
        assertThat(income.top()).extracting(TableProfile.ValueCount::value).containsExactly("<=50K", ">50K");
        assertThat(p.correlations().columns()).contains("age", "hours_per_week");
        assertThat(p.correlations().matrix().get(0).get(0)).isEqualTo(1.0);
    }

    @Test
    void countsMissingValuesAndComputesExactStatistics() throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "x,y,c\n1,2,a\n2,4,b\n3,,a\n4,8,\n");
        TableProfile p = Profiler.profile(TableSource.of(f));

        TableProfile.ColumnProfile x = p.columns().get(0);
        assertThat(x.count()).isEqualTo(4);
        assertThat(x.missing()).isZero();
        assertThat(x.mean()).isEqualTo(2.5);
        assertThat(x.std()).isCloseTo(Math.sqrt(5.0 / 3.0), within(1e-12));
        assertThat(x.quantiles().get("p50")).isEqualTo(2.5);
        TableProfile.ColumnProfile y = p.columns().get(1);
        assertThat(y.missing()).isEqualTo(1);
        assertThat(p.correlations().matrix().get(0).get(1)).isCloseTo(1.0, within(1e-12));
        TableProfile.ColumnProfile c = p.columns().get(2);
        assertThat(c.missing()).isEqualTo(1);
        assertThat(c.distinct()).isEqualTo(2);
        assertThat(c.top()).containsExactly(new TableProfile.ValueCount("a", 2), new TableProfile.ValueCount("b", 1));
    }

    @Test
    void appliesMltableSteps() throws IOException {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "x,y\n1,a\n2,b\n3,c\n4,d\n");
        TableSource s = TableSource.of(f).withSteps(List.of(new TableStep.Filter("col(\"x\") >= 2 and col(\"y\") != \"d\""),
                new TableStep.DropColumns(List.of("y"))));

        assertThat(DuckTables.count(s)).isEqualTo(2);
        assertThat(DuckTables.schema(s)).extracting(c -> c.name()).containsExactly("x");
    }
}
