package dev.cerulean.bench.ml;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.LightGbmParams;
import dev.cerulean.ml.metrics.Curves;
import dev.cerulean.ml.train.TrainResult;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import dev.cerulean.ml.natives.NativeLibraries;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * (a) Quality: built-in LightGBM, 5-fold stratified CV AUC on Adult, against the raw LightGBM library on
 * the same folds with the same parameters: LightGBM's library defaults, given to Cerulean explicitly
 * ({@link LightGbmParams#LIBRARY_DEFAULTS}; the trainer's own defaults are chosen from the data, see
 * {@link LightGbmDefaultsBenchmark}), categorical columns as native categoricals coded by hand. Target:
 * within 0.005.
 */
public final class LightGbmQualityBenchmark {
    private static final long SEED = 42;
    private static final int FOLDS = 5;

    private LightGbmQualityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        NativeLibraries.lightGbm();
        Frame adult = BenchSupport.adult();
        double[] y = BenchSupport.incomeLabels(adult);
        int threads = 1;

        long t0 = System.nanoTime();
        TrainResult r = Training.train(TrainSpec.builder().frame(adult).target("income").algorithm("lightgbm")
                .hyperparameters(LightGbmParams.LIBRARY_DEFAULTS).seed(SEED).cvFolds(FOLDS).threads(threads).build());
        double builtInSeconds = (System.nanoTime() - t0) / 1e9;
        double[] builtIn = r.foldMetrics().stream().mapToDouble(m -> m.get("AUC_weighted")).toArray();

        // The same folds Training uses: stratified on the class index, same seed.
        int[] labels = Arrays.stream(y).mapToInt(v -> (int) v).toArray();
        List<Fold> folds = Splits.stratifiedKFold(labels, FOLDS, SEED);
        BenchSupport.RawMatrix x = BenchSupport.rawMatrix(adult.drop(List.of("income")));
        String cats = Arrays.stream(x.categorical()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String params = "objective=binary categorical_feature=" + cats + " seed=" + SEED + " num_threads=" + threads
                + " deterministic=true force_row_wise=true verbose=-1";
        double[] raw = new double[FOLDS];
        t0 = System.nanoTime();
        for (int f = 0; f < FOLDS; f++) {
            Fold fold = folds.get(f);
            BenchSupport.RawMatrix tr = x.take(fold.train());
            BenchSupport.RawMatrix te = x.take(fold.test());
            float[] label = new float[fold.train().length];
            for (int i = 0; i < label.length; i++) {
                label[i] = (float) y[fold.train()[i]];
            }
            try (LGBMDataset ds = LGBMDataset.createFromMat(tr.values(), tr.rows(), tr.cols(), true, params, null)) {
                ds.setField("label", label);
                LGBMBooster b = LGBMBooster.create(ds, params);
                for (int i = 0; i < 100; i++) {
                    b.updateOneIter();
                }
                double[] p = b.predictForMat(te.values(), te.rows(), te.cols(), true, PredictionType.C_API_PREDICT_NORMAL);
                boolean[] pos = new boolean[te.rows()];
                for (int i = 0; i < pos.length; i++) {
                    pos[i] = y[fold.test()[i]] == 1;
                }
                raw[f] = Curves.auc(pos, p);
                b.close();
            }
        }
        double rawSeconds = (System.nanoTime() - t0) / 1e9;

        double mb = Arrays.stream(builtIn).average().orElseThrow();
        double mr = Arrays.stream(raw).average().orElseThrow();
        StringBuilder md = new StringBuilder();
        md.append("Adult (48,842 rows, 14 features), 5-fold stratified CV (seed ").append(SEED)
                .append("), LightGBM's library defaults on both sides (100 rounds, 31 leaves, lr 0.1, 20 rows per leaf,")
                .append(" no early stopping; given to Cerulean as hyperparameters), ").append(threads).append(" threads.\n")
                .append("Raw: lightgbm4j on hand-coded categoricals (`categorical_feature`), same folds and parameters.\n\n")
                .append("| fold | Cerulean `lightgbm` AUC | raw LightGBM AUC | difference |\n|---|---|---|---|\n");
        for (int f = 0; f < FOLDS; f++) {
            md.append("| ").append(f + 1).append(" | ").append(BenchSupport.fmt(builtIn[f], 5)).append(" | ")
                    .append(BenchSupport.fmt(raw[f], 5)).append(" | ").append(String.format(java.util.Locale.ROOT, "%.1e", builtIn[f] - raw[f])).append(" |\n");
        }
        md.append("| **mean** | **").append(BenchSupport.fmt(mb, 5)).append("** | **").append(BenchSupport.fmt(mr, 5))
                .append("** | **").append(String.format(java.util.Locale.ROOT, "%.1e", mb - mr)).append("** |\n\n")
                .append("Target: |difference| <= 0.005 — ").append(Math.abs(mb - mr) <= 0.005 ? "**met**" : "**not met**").append(".\n")
                .append("Wall time: Cerulean ").append(BenchSupport.fmt(builtInSeconds, 1)).append(" s (CV, featurization and the refit)")
                .append(", raw ").append(BenchSupport.fmt(rawSeconds, 1)).append(" s (CV only).\n");
        BenchSupport.report("LightGbmQualityBenchmark", "LightGBM quality: Cerulean vs raw LightGBM (Adult, 5-fold AUC)", md.toString());
    }
}
