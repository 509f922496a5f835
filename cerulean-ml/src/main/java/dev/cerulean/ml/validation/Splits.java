package dev.cerulean.ml.validation;

import dev.cerulean.core.InvalidParameterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Resampling schemes. All are deterministic for a given seed: shuffles use {@link SplittableRandom}
 * (Fisher–Yates), never a shared RNG. Row indices in each {@link Fold} are sorted.
 */
public final class Splits {
    private Splits() {
    }

    /**
     * Shuffled k-fold: rows are shuffled, then cut into {@code k} folds whose sizes differ by at most one.
     *
     * @throws InvalidParameterException if k &lt; 2 or k &gt; n
     */
    public static List<Fold> kFold(int n, int k, long seed) {
        checkK(n, k);
        int[] perm = permutation(n, seed);
        int[] foldOf = new int[n];
        for (int i = 0; i < n; i++) {
            foldOf[perm[i]] = i % k;
        }
        return fromAssignment(foldOf, k);
    }

    /**
     * Stratified k-fold: each class's rows are shuffled and dealt round-robin to the folds, so every fold
     * has about the class proportions of the whole (as scikit-learn's StratifiedKFold intends). A class
     * with fewer than k rows leaves some folds without it.
     *
     * @param labels class index per row (any ints; only equality matters)
     */
    public static List<Fold> stratifiedKFold(int[] labels, int k, long seed) {
        int n = labels.length;
        checkK(n, k);
        int[] perm = permutation(n, seed);
        // Group the shuffled rows by class, classes in ascending order, then deal them out: consecutive
        // rows of one class land in consecutive folds.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = perm[i];
        }
        Arrays.sort(order, Comparator.comparingInt((Integer r) -> labels[r]));
        int[] foldOf = new int[n];
        for (int i = 0; i < n; i++) {
            foldOf[order[i]] = i % k;
        }
        return fromAssignment(foldOf, k);
    }

    /**
     * Group k-fold: no group is split across folds. Groups are shuffled with the seed, then, largest
     * first, each goes to the fold with the fewest rows so far (scikit-learn's GroupKFold balancing).
     *
     * @param groups group key per row (null is a group of its own)
     * @throws InvalidParameterException if there are fewer groups than folds
     */
    public static List<Fold> groupKFold(Object[] groups, int k, long seed) {
        int n = groups.length;
        checkK(n, k);
        Map<Object, List<Integer>> byGroup = new HashMap<>();
        List<Object> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object g = groups[i];
            List<Integer> rows = byGroup.get(g);
            if (rows == null) {
                rows = new ArrayList<>();
                byGroup.put(g, rows);
                keys.add(g);
            }
            rows.add(i);
        }
        if (keys.size() < k) {
            throw new InvalidParameterException("group k-fold needs at least " + k + " groups, but the group column has "
                    + keys.size(), "n_cross_validations");
        }
        int[] perm = permutation(keys.size(), seed);
        List<Object> shuffled = new ArrayList<>();
        for (int p : perm) {
            shuffled.add(keys.get(p));
        }
        // Stable sort keeps the seeded order among equal-size groups.
        shuffled.sort(Comparator.comparingInt((Object g) -> byGroup.get(g).size()).reversed());
        long[] load = new long[k];
        int[] foldOf = new int[n];
        for (Object g : shuffled) {
            int best = 0;
            for (int f = 1; f < k; f++) {
                if (load[f] < load[best]) {
                    best = f;
                }
            }
            for (int r : byGroup.get(g)) {
                foldOf[r] = best;
            }
            load[best] += byGroup.get(g).size();
        }
        return fromAssignment(foldOf, k);
    }

    /**
     * A single train/validation split holding out {@code round(fraction * n)} rows (at least one, and at
     * least one left to train on). When {@code labels} is non-null the split is stratified: each class
     * contributes its share, rounded, with at least one training row per class where possible.
     *
     * @param fraction share of rows to hold out, in (0, 1)
     * @throws InvalidParameterException if fraction is outside (0, 1) or n &lt; 2
     */
    public static Fold trainValidation(int n, double fraction, int[] labels, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new InvalidParameterException("validation_size must be in (0, 1), got " + fraction, "validation_size");
        }
        if (n < 2) {
            throw new InvalidParameterException("a train/validation split needs at least 2 rows, got " + n, "validation_size");
        }
        boolean[] test = new boolean[n];
        if (labels == null) {
            int[] perm = permutation(n, seed);
            int m = clamp((int) Math.round(fraction * n), 1, n - 1);
            for (int i = 0; i < m; i++) {
                test[perm[i]] = true;
            }
        } else {
            Map<Integer, List<Integer>> byClass = new java.util.TreeMap<>();
            int[] perm = permutation(n, seed);
            for (int r : perm) {
                byClass.computeIfAbsent(labels[r], c -> new ArrayList<>()).add(r);
            }
            for (List<Integer> rows : byClass.values()) {
                int m = (int) Math.round(fraction * rows.size());
                m = Math.min(m, rows.size() - 1);
                for (int i = 0; i < m; i++) {
                    test[rows.get(i)] = true;
                }
            }
            int held = 0;
            for (boolean b : test) {
                held += b ? 1 : 0;
            }
            if (held == 0) {
                test[perm[0]] = true;
            }
        }
        return split(test);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static Fold split(boolean[] test) {
        int m = 0;
        for (boolean b : test) {
            m += b ? 1 : 0;
        }
        int[] te = new int[m];
        int[] tr = new int[test.length - m];
        int a = 0;
        int b = 0;
        for (int i = 0; i < test.length; i++) {
            if (test[i]) {
                te[a++] = i;
            } else {
                tr[b++] = i;
            }
        }
        return new Fold(tr, te);
    }

    private static List<Fold> fromAssignment(int[] foldOf, int k) {
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            boolean[] test = new boolean[foldOf.length];
            for (int i = 0; i < foldOf.length; i++) {
                test[i] = foldOf[i] == f;
            }
            folds.add(split(test));
        }
        return folds;
    }

    private static void checkK(int n, int k) {
        if (k < 2) {
            throw new InvalidParameterException("n_cross_validations must be at least 2, got " + k, "n_cross_validations");
        }
        if (k > n) {
            throw new InvalidParameterException("n_cross_validations is " + k + " but there are only " + n + " rows",
                    "n_cross_validations");
        }
    }

    /** A seeded random permutation of 0..n-1 (Fisher–Yates). */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
