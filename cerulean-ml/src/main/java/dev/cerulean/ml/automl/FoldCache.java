package dev.cerulean.ml.automl;

import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.feature.FeaturizerConfig;
import dev.cerulean.ml.validation.Fold;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Featurized folds, computed once per (fold, featurization) and shared by every trial that featurizes the
 * same way: the featurizer is fitted on the fold's training rows only, and transforms its held-out rows.
 * Thread-safe; a featurization requested by two trials at once is computed once.
 */
final class FoldCache {
    /**
     * One featurized fold.
     *
     * @param featurizer the featurizer fitted on the fold's training rows
     * @param train      its training rows, featurized (target encodings out of fold)
     * @param test       its held-out rows, featurized
     * @param yTrain     targets of the training rows
     * @param yTest      targets of the held-out rows
     */
    record Entry(Featurizer featurizer, FeatureMatrix train, FeatureMatrix test, double[] yTrain, double[] yTest) {
    }

    private record Key(int fold, FeaturizerConfig config) {
    }

    private final TabularData data;
    private final long seed;
    private final Map<Key, FutureTask<Entry>> entries = new ConcurrentHashMap<>();

    FoldCache(TabularData data, long seed) {
        this.data = data;
        this.seed = seed;
    }

    Entry get(int fold, FeaturizerConfig config) {
        FutureTask<Entry> task = entries.computeIfAbsent(new Key(fold, config), k -> new FutureTask<>(() -> compute(fold, config)));
        task.run();
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while featurizing", e);
        } catch (ExecutionException e) {
            entries.remove(new Key(fold, config));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private Entry compute(int fold, FeaturizerConfig config) {
        Fold f = data.folds.get(fold);
        double[] yTr = pick(data.y, f.train());
        double[] yTe = pick(data.y, f.test());
        Featurizer.Fitted fz = Featurizer.fit(data.features.take(f.train()), yTr, data.k, config, seed);
        FeatureMatrix te = fz.featurizer().transform(data.features.take(f.test()));
        return new Entry(fz.featurizer(), fz.matrix(), te, yTr, yTe);
    }

    static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }
}
