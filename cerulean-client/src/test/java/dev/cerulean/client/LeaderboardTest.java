package dev.cerulean.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.client.Leaderboard.Goal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LeaderboardTest {
    /** A trial as the CLI ranks them: an id and a value (null when it has none). */
    record Trial(int id, Double value) {
    }

    static List<Integer> ranked(Goal goal, Trial... trials) {
        return Leaderboard.rank(Arrays.asList(trials), Trial::id, Trial::value, goal).stream().map(e -> e.item().id()).toList();
    }

    @Nested
    class ByTheGoal {
        @Test
        void maximizingPutsTheLargestFirst() {
            assertThat(ranked(Goal.MAXIMIZE, new Trial(1, 0.7), new Trial(2, 0.9), new Trial(3, 0.8))).containsExactly(2, 3, 1);
        }

        @Test
        void minimizingPutsTheSmallestFirst() {
            assertThat(ranked(Goal.MINIMIZE, new Trial(1, 0.7), new Trial(2, 0.9), new Trial(3, 0.8))).containsExactly(1, 3, 2);
        }
    }

    @Nested
    class Unscored {
        @Test
        void trialsWithoutAFiniteValueComeLastInTrialOrder() {
            assertThat(ranked(Goal.MAXIMIZE, new Trial(4, null), new Trial(3, Double.NaN), new Trial(2, 0.1),
                    new Trial(1, Double.POSITIVE_INFINITY))).containsExactly(2, 1, 3, 4);
        }

        @Test
        void anEntrySaysWhetherItIsScored() {
            List<Leaderboard.Entry<Trial>> board = Leaderboard.rank(List.of(new Trial(1, Double.NaN), new Trial(2, 0.5)), Trial::id,
                    Trial::value, Goal.MINIMIZE);
            assertThat(board).extracting(Leaderboard.Entry::scored).containsExactly(true, false);
        }
    }

    @Nested
    class Ties {
        @Test
        void equalValuesAreOrderedByTrialIdWhateverTheInputOrder() {
            assertThat(ranked(Goal.MAXIMIZE, new Trial(9, 0.5), new Trial(2, 0.5), new Trial(5, 0.5), new Trial(7, 0.6)))
                    .containsExactly(7, 2, 5, 9);
            assertThat(ranked(Goal.MINIMIZE, new Trial(9, 0.5), new Trial(2, 0.5), new Trial(5, 0.5), new Trial(7, 0.6)))
                    .containsExactly(2, 5, 9, 7);
        }
    }

    @Nested
    class Goals {
        @Test
        void areReadInAnyCaseWithAFallbackForAbsentOrUnknownText() {
            assertThat(Goal.parse("Minimize", Goal.MAXIMIZE)).isEqualTo(Goal.MINIMIZE);
            assertThat(Goal.parse(" maximize ", Goal.MINIMIZE)).isEqualTo(Goal.MAXIMIZE);
            assertThat(Goal.parse(null, Goal.MINIMIZE)).isEqualTo(Goal.MINIMIZE);
            assertThat(Goal.parse("best", Goal.MAXIMIZE)).isEqualTo(Goal.MAXIMIZE);
        }
    }
}
