package dev.cerulean.ml.automl;

import dev.cerulean.ml.feature.FeaturizerConfig;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.ElasticNetLearner;
import dev.cerulean.ml.learn.FitContext;
import dev.cerulean.ml.learn.Predictor;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Provenances;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Ensembling on out-of-fold predictions: Caruana et al.'s greedy ensemble selection (ICML 2004) with
 * replacement from an empty ensemble, keeping the best-scoring prefix (as AutoGluon and auto-sklearn do),
 * optionally bagged over random halves of the models; and stacking with an elastic-net meta-learner.
 */
final class Ensembles {
    /** Selection rounds: AutoGluon's 25 ("TabRepo: more gives no measurable gain"). */
    static final int ITERATIONS = 25;
    /** Bags of the bagged variant, each over half the models (Caruana et al. 2004, section 4). */
    static final int BAGS = 20;
    /** The stacking meta-learner's regularisation: alpha (on mean loss, standardised inputs) and L1 share. */
    static final double META_ALPHA = 1e-2;
    static final double META_L1_RATIO = 0.0;

    private Ensembles() {
    }

    /**
     * Greedy ensemble selection: start empty; each round add (with replacement) the model whose addition gives
     * the best metric of the averaged predictions, ties broken at random; return the weights (selection counts
     * over rounds) of the best round's ensemble.
     *
     * @param preds each model's predictions on the same rows
     */
    static double[] caruana(List<double[]> preds, Scorer scorer, int iterations, SplittableRandom rng) {
        int m = preds.size();
        int len = preds.get(0).length;
        double[] sum = new double[len];
        double[] cand = new double[len];
        int[] counts = new int[m];
        int[] bestCounts = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int t = 1; t <= iterations; t++) {
            double roundBest = Double.POSITIVE_INFINITY;
            List<Integer> ties = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                double[] p = preds.get(j);
                for (int i = 0; i < len; i++) {
                    cand[i] = (sum[i] + p[i]) / t;
                }
                double loss = scorer.loss(cand);
                if (loss < roundBest - 1e-12) {
                    roundBest = loss;
                    ties.clear();
                    ties.add(j);
                } else if (Math.abs(loss - roundBest) <= 1e-12) {
                    ties.add(j);
                }
            }
            int pick = ties.size() == 1 ? ties.get(0) : ties.get(rng.nextInt(ties.size()));
            double[] p = preds.get(pick);
            for (int i = 0; i < len; i++) {
                sum[i] += p[i];
            }
            counts[pick]++;
            if (roundBest < bestLoss - 1e-12) {
                bestLoss = roundBest;
                bestCounts = counts.clone();
            }
        }
        double[] w = new double[m];
        int total = 0;
        for (int c : bestCounts) {
            total += c;
        }
        for (int j = 0; j < m; j++) {
            w[j] = bestCounts[j] / (double) total;
        }
        return w;
    }

    /** Caruana's bagged selection: average the weights of {@link #BAGS} selections, each over a random half of the models. */
    static double[] baggedCaruana(List<double[]> preds, Scorer scorer, int iterations, SplittableRandom rng) {
        int m = preds.size();
        if (m < 4) {
            return caruana(preds, scorer, iterations, rng);
        }
        double[] w = new double[m];
        for (int b = 0; b < BAGS; b++) {
            int[] perm = shuffled(m, rng);
            int half = Math.max(2, m / 2);
            List<double[]> sub = new ArrayList<>();
            for (int i = 0; i < half; i++) {
                sub.add(preds.get(perm[i]));
            }
            double[] sw = caruana(sub, scorer, iterations, rng);
            for (int i = 0; i < half; i++) {
                w[perm[i]] += sw[i] / BAGS;
            }
        }
        return w;
    }

    private static int[] shuffled(int m, SplittableRandom rng) {
        int[] p = new int[m];
        for (int i = 0; i < m; i++) {
            p[i] = i;
        }
        for (int i = m - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The weighted sum of the models' predictions (weights summing to 1). */
    static double[] combine(List<double[]> preds, double[] weights) {
        double[] out = new double[preds.get(0).length];
        for (int j = 0; j < preds.size(); j++) {
            if (weights[j] == 0) {
                continue;
            }
            double[] p = preds.get(j);
            for (int i = 0; i < out.length; i++) {
                out[i] += weights[j] * p[i];
            }
        }
        return out;
    }

    /** The entries of row-major predictions for the given rows. */
    static double[] rows(double[] pred, int[] rows, int width) {
        double[] out = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(pred, rows[i] * width, out, i * width, width);
        }
        return out;
    }

    static List<double[]> rows(List<double[]> preds, int[] rows, int width) {
        List<double[]> out = new ArrayList<>();
        for (double[] p : preds) {
            out.add(rows(p, rows, width));
        }
        return out;
    }

    /**
     * Fits the stacking meta-learner: an elastic net (logistic, multinomial or linear) on
     * {@link EnsembleModel#stackFeatures} of the members' out-of-fold predictions, standardised.
     */
    static CeruleanModel fitStacker(List<double[]> preds, double[] y, Task task, int k, List<String> classes, boolean numericLabels,
            String target, long seed, String datasetHash) {
        Frame x = EnsembleModel.stackFeatures(task, k, preds);
        FeaturizerConfig cfg = FeaturizerConfig.forLinear().toBuilder().dropIdLike(false).build();
        Featurizer.Fitted fz = Featurizer.fit(x, y, task.isClassification() ? k : 0, cfg, seed);
        Map<String, Object> hp = Map.of("alpha", META_ALPHA, "l1_ratio", META_L1_RATIO, "max_iter", 1000);
        Predictor p = ElasticNetLearner.INSTANCE.fit(fz.matrix(), y, task, k, hp, new FitContext(seed, 1, null, null));
        return new CeruleanModel(fz.featurizer(), p, target, classes, numericLabels, Provenances.learner("elastic_net", hp, cfg.toMap(),
                seed, 1, datasetHash, y.length, target, p.trainingInfo()).build());
    }
}
