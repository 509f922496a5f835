package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.explain.WeightedAverageModel;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.model.Provenances;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration trained on each cross-validation fold, predicting with the average of its fold models
 * (k-fold bagging, as AutoGluon does: Erickson et al., "AutoGluon-Tabular", arXiv:2003.06505, 2020). Each
 * fold model saw the rows outside its fold, so no refit on all rows is needed and the fold models' own
 * out-of-fold predictions are what AutoML scored. Immutable and thread-safe; {@link #close()} frees the
 * fold models' native memory.
 */
public final class BaggedModel implements WeightedAverageModel, AutoCloseable {
    private final List<CeruleanModel> folds;
    private final String algorithm;
    private final Map<String, Object> hyperparameters;
    private final Provenance provenance;
    private final ModelSignature signature;

    /**
     * @param folds           the fold models, in fold order; same task, classes and target
     * @param algorithm       Azure ML's algorithm name, for display
     * @param hyperparameters the configuration's hyperparameters
     * @param provenance      how it was made (a {@link Provenance.ModelType#BAGGED} one listing the folds), or null
     * @throws IllegalArgumentException if there is no fold, the folds disagree on task or classes, or the provenance
     *                                  is not a bagged model's
     */
    public BaggedModel(List<CeruleanModel> folds, String algorithm, Map<String, Object> hyperparameters, Provenance provenance) {
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("a bagged model needs at least one fold model");
        }
        for (CeruleanModel f : folds) {
            if (f.task() != folds.get(0).task() || !f.classes().equals(folds.get(0).classes())) {
                throw new IllegalArgumentException("fold models disagree on task or classes");
            }
        }
        this.folds = List.copyOf(folds);
        this.algorithm = algorithm;
        this.provenance = Provenances.requireType(provenance, Provenance.ModelType.BAGGED);
        this.hyperparameters = hyperparameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(hyperparameters));
        CeruleanModel first = folds.get(0);
        this.signature = new ModelSignature(Scoring.mergedInputs(folds), ModelSignature.outputs(task() == Task.REGRESSION,
                first.numericLabels(), first.classes()));
    }

    @Override
    public Task task() {
        return folds.get(0).task();
    }

    @Override
    public List<String> classes() {
        return folds.get(0).classes();
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    /** The target column. */
    public String target() {
        return folds.get(0).target();
    }

    /** Whether the class labels were numbers. */
    public boolean numericLabels() {
        return folds.get(0).numericLabels();
    }

    /** Azure ML's algorithm name. */
    public String algorithm() {
        return algorithm;
    }

    /** The configuration's hyperparameters. */
    public Map<String, Object> hyperparameters() {
        return hyperparameters;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    /** The fold models, in fold order. */
    public List<CeruleanModel> folds() {
        return folds;
    }

    /** The model of fold {@code f}: it did not see that fold's rows. */
    public CeruleanModel fold(int f) {
        return folds.get(f);
    }

    @Override
    public List<Model> parts() {
        return List.copyOf(folds);
    }

    @Override
    public double[] partWeights() {
        double[] w = new double[folds.size()];
        java.util.Arrays.fill(w, 1.0 / folds.size());
        return w;
    }

    @Override
    public Predictions predict(Frame input) {
        double[] raw = raw(new Scoring.FeatureCache(input));
        return task().isClassification() ? Predictions.classification(classes(), raw) : Predictions.regression(raw);
    }

    double[] raw(Scoring.FeatureCache cache) {
        double[] sum = null;
        for (CeruleanModel f : folds) {
            double[] p = f.predictor().predict(cache.of(f.featurizer()));
            if (sum == null) {
                sum = p.clone();
            } else {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += p[i];
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= folds.size();
        }
        return sum;
    }

    @Override
    public void close() {
        for (CeruleanModel f : folds) {
            f.close();
        }
    }

    /** Checks a fold index. */
    static void checkFold(int f, int folds) {
        if (f < 0 || f >= folds) {
            throw new InvalidParameterException("fold " + f + " is out of range [0, " + folds + ")", "fold");
        }
    }
}
