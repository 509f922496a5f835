package dev.cerulean.ml.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private static void assertPartition(List<Fold> folds, int n) {
        int[] seen = new int[n];
        for (Fold f : folds) {
            for (int r : f.test()) {
                seen[r]++;
            }
            assertThat(f.train().length + f.test().length).isEqualTo(n);
            Set<Integer> train = new HashSet<>();
            Arrays.stream(f.train()).forEach(train::add);
            assertThat(Arrays.stream(f.test()).noneMatch(train::contains)).isTrue();
        }
        assertThat(seen).containsOnly(1);
    }

    @Test
    void kFoldPartitionsRowsIntoBalancedFoldsReproducibly() {
        List<Fold> a = Splits.kFold(103, 5, 7);
        assertPartition(a, 103);
        assertThat(a.stream().mapToInt(f -> f.test().length)).allMatch(s -> s == 20 || s == 21);
        List<Fold> b = Splits.kFold(103, 5, 7);
        for (int i = 0; i < 5; i++) {
            assertThat(a.get(i).test()).containsExactly(b.get(i).test());
        }
        assertThat(Splits.kFold(103, 5, 8).get(0).test()).isNotEqualTo(a.get(0).test());
    }

    @Test
    void stratifiedKFoldKeepsClassShares() {
        int[] y = IntStream.range(0, 200).map(i -> i < 40 ? 1 : 0).toArray();
        List<Fold> folds = Splits.stratifiedKFold(y, 5, 3);
        assertPartition(folds, 200);
        for (Fold f : folds) {
            assertThat(Arrays.stream(f.test()).filter(r -> y[r] == 1).count()).isEqualTo(8);
        }
    }

    @Test
    void groupKFoldNeverSplitsAGroup() {
        Object[] g = IntStream.range(0, 60).mapToObj(i -> "g" + (i % 13)).toArray();
        List<Fold> folds = Splits.groupKFold(g, 4, 1);
        assertPartition(folds, 60);
        for (Fold f : folds) {
            Set<Object> testGroups = new HashSet<>();
            Arrays.stream(f.test()).forEach(r -> testGroups.add(g[r]));
            assertThat(Arrays.stream(f.train()).mapToObj(r -> g[r]).noneMatch(testGroups::contains)).isTrue();
        }
        assertThatThrownBy(() -> Splits.groupKFold(new Object[] {"a", "a", "b"}, 3, 1)).hasMessageContaining("at least 3 groups");
    }

    @Test
    void trainValidationSplitIsStratifiedAndSized() {
        int[] y = IntStream.range(0, 100).map(i -> i < 30 ? 1 : 0).toArray();
        Fold f = Splits.trainValidation(100, 0.2, y, 5);
        assertThat(f.test()).hasSize(20);
        assertThat(Arrays.stream(f.test()).filter(r -> y[r] == 1).count()).isEqualTo(6);
        assertThatThrownBy(() -> Splits.trainValidation(100, 1.0, null, 5)).hasMessageContaining("validation_size");
        assertThatThrownBy(() -> Splits.kFold(3, 5, 1)).hasMessageContaining("only 3 rows");
    }
}
