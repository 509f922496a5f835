package dev.cerulean.ml.automl;

import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.feature.InputColumn;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scoring shared by the composite models: each distinct featurizer transforms the input once per call. */
final class Scoring {
    private Scoring() {
    }

    /** Featurized inputs of one call, by featurizer instance. */
    static final class FeatureCache {
        private final Frame input;
        private final Map<Featurizer, FeatureMatrix> byFeaturizer = new IdentityHashMap<>();

        FeatureCache(Frame input) {
            this.input = input;
        }

        FeatureMatrix of(Featurizer f) {
            return byFeaturizer.computeIfAbsent(f, z -> z.transform(input));
        }
    }

    /** Raw predictions (probabilities row-major, or values) of a member model. */
    static double[] raw(Model m, FeatureCache cache) {
        if (m instanceof CeruleanModel c) {
            return c.predictor().predict(cache.of(c.featurizer()));
        }
        if (m instanceof BaggedModel b) {
            return b.raw(cache);
        }
        if (m instanceof EnsembleModel e) {
            return e.raw(cache);
        }
        return m.predict(cache.input).raw();
    }

    /**
     * The union of the models' input columns in first-seen order; a column is required when any model uses it.
     */
    static List<ModelSignature.ColumnSpec> mergedInputs(List<? extends Model> models) {
        Map<String, ModelSignature.ColumnSpec> merged = new LinkedHashMap<>();
        for (Model m : models) {
            for (ModelSignature.ColumnSpec c : m.signature().inputs()) {
                ModelSignature.ColumnSpec have = merged.get(c.name());
                if (have == null || !have.required() && c.required()) {
                    merged.put(c.name(), have == null ? c : new ModelSignature.ColumnSpec(c.name(), have.type(), true));
                }
            }
        }
        return new ArrayList<>(merged.values());
    }

    /** The input columns of a featurizer, as signature columns. */
    static List<ModelSignature.ColumnSpec> inputs(Featurizer f) {
        List<ModelSignature.ColumnSpec> out = new ArrayList<>();
        for (InputColumn c : f.inputs()) {
            out.add(new ModelSignature.ColumnSpec(c.name(), ModelSignature.mlflowType(c.kind(), c.integral()), c.used()));
        }
        return out;
    }
}
