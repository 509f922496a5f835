package dev.cerulean.ml.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepChartsTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private final List<SweepCharts.Trial> trials = List.of(
            new SweepCharts.Trial(0, Map.of("lr", 0.1, "kernel", "rbf"), 0.7),
            new SweepCharts.Trial(1, Map.of("lr", 0.01, "kernel", "linear"), Double.NaN),
            new SweepCharts.Trial(2, Map.of("lr", 0.05, "kernel", "linear"), 0.9));

    @Test
    void drawsParallelCoordinatesOfTrialsWithMixedParameterKinds() {
        byte[] png = SweepCharts.parallelCoordinates("accuracy", true, trials);

        assertThat(Arrays.copyOf(png, 4)).isEqualTo(PNG);
    }

    @Test
    void drawsTheBestValueSoFar() {
        assertThat(Arrays.copyOf(SweepCharts.bestSoFar("loss", false, trials), 4)).isEqualTo(PNG);
    }

    @Test
    void drawsEmptyChartsWhenNoTrialHasAValue() {
        List<SweepCharts.Trial> none = List.of(new SweepCharts.Trial(0, Map.of("lr", 0.1), Double.NaN));

        assertThat(Arrays.copyOf(SweepCharts.parallelCoordinates("accuracy", true, none), 4)).isEqualTo(PNG);
        assertThat(Arrays.copyOf(SweepCharts.bestSoFar("accuracy", true, none), 4)).isEqualTo(PNG);
    }
}
