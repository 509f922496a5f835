package dev.cerulean.ml.model;

import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Predictor;
import dev.cerulean.ml.learn.Task;
import java.util.List;
import java.util.Objects;

/**
 * A model trained by Cerulean: a fitted {@link Featurizer} and a {@link Predictor}, with the target's
 * name and class labels and the provenance. Immutable and thread-safe.
 */
public final class CeruleanModel implements Model, AutoCloseable {
    private final Featurizer featurizer;
    private final Predictor predictor;
    private final String target;
    private final List<String> classes;
    private final boolean numericLabels;
    private final Provenance provenance;
    private final ModelSignature signature;

    /**
     * @param featurizer    the fitted featurizer
     * @param predictor     the fitted learner
     * @param target        target column name
     * @param classes       class labels in index order (classification), empty for regression
     * @param numericLabels whether the labels were numbers in the data (signature type {@code long})
     * @param provenance    how it was made (a {@link Provenance.ModelType#SINGLE} one), or null
     */
    public CeruleanModel(Featurizer featurizer, Predictor predictor, String target, List<String> classes,
            boolean numericLabels, Provenance provenance) {
        this.featurizer = Objects.requireNonNull(featurizer, "featurizer");
        this.predictor = Objects.requireNonNull(predictor, "predictor");
        this.target = target;
        this.classes = List.copyOf(classes);
        this.numericLabels = numericLabels;
        this.provenance = Provenances.requireType(provenance, Provenance.ModelType.SINGLE);
        this.signature = ModelSignature.of(featurizer.inputs(), predictor.task() == Task.REGRESSION, numericLabels, classes);
    }

    @Override
    public Task task() {
        return predictor.task();
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    /** The featurizer. */
    public Featurizer featurizer() {
        return featurizer;
    }

    /** The fitted learner. */
    public Predictor predictor() {
        return predictor;
    }

    /** The target column. */
    public String target() {
        return target;
    }

    /** Whether class labels were numbers in the training data. */
    public boolean numericLabels() {
        return numericLabels;
    }

    /** How the model was made (null for models built by hand). */
    @Override
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public Predictions predict(Frame input) {
        FeatureMatrix x = featurizer.transform(input);
        double[] raw = predictor.predict(x);
        return task().isClassification() ? Predictions.classification(classes, raw) : Predictions.regression(raw);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
