package dev.cerulean.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderboardTest {
    private static Leaderboard.Entry trial(int n, Double value) {
        return new Leaderboard.Entry(n, "t" + n, "run" + n, value, value == null ? "failed" : "completed", Map.of());
    }

    @Test
    void scoredTrialsComeFirstByTheGoalThenUnscoredOnesByNumber() {
        Leaderboard max = new Leaderboard("auc", true, List.of(trial(0, 0.7), trial(1, null), trial(2, 0.9), trial(3, Double.NaN), trial(4, 0.8)));
        assertThat(max.ranked()).extracting(Leaderboard.Entry::number).containsExactly(2, 4, 0, 1, 3);
        Leaderboard min = new Leaderboard("rmse", false, max.entries());
        assertThat(min.ranked()).extracting(Leaderboard.Entry::number).containsExactly(0, 4, 2, 1, 3);
        assertThat(min.best()).hasValueSatisfying(b -> assertThat(b.run()).isEqualTo("run0"));
    }

    @Test
    void tiesKeepTheOrderTheTrialsRanIn() {
        Leaderboard b = new Leaderboard("acc", true, List.of(trial(5, 0.5), trial(1, 0.5), trial(3, 0.5)));
        assertThat(b.ranked()).extracting(Leaderboard.Entry::number).containsExactly(1, 3, 5);
    }

    @Test
    void aTrialRecordedAgainReplacesItsEntry() {
        Leaderboard b = Leaderboard.empty("acc", true).with(trial(0, null)).with(trial(1, 0.4)).with(trial(0, 0.6));
        assertThat(b.entries()).hasSize(2);
        assertThat(b.best()).hasValueSatisfying(e -> assertThat(e.number()).isZero());
        assertThat(Leaderboard.empty("acc", true).best()).isEmpty();
    }
}
