package dev.cerulean.ml.metrics;

import java.util.List;

/**
 * Counts of true class (row) against predicted class (column).
 *
 * @param classes class labels, in index order
 * @param counts  {@code counts[true][predicted]}
 */
public record ConfusionMatrix(List<String> classes, long[][] counts) {
    public ConfusionMatrix {
        classes = List.copyOf(classes);
    }

    /** Builds one from class indices. */
    public static ConfusionMatrix of(List<String> classes, int[] yTrue, int[] yPred) {
        int k = classes.size();
        long[][] c = new long[k][k];
        for (int i = 0; i < yTrue.length; i++) {
            c[yTrue[i]][yPred[i]]++;
        }
        return new ConfusionMatrix(classes, c);
    }

    /** Rows with this true class. */
    public long support(int k) {
        long s = 0;
        for (long v : counts[k]) {
            s += v;
        }
        return s;
    }

    /** Rows predicted as this class. */
    public long predicted(int k) {
        long s = 0;
        for (long[] row : counts) {
            s += row[k];
        }
        return s;
    }

    /** All rows. */
    public long total() {
        long s = 0;
        for (long[] row : counts) {
            for (long v : row) {
                s += v;
            }
        }
        return s;
    }
}
