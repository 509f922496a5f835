package dev.cerulean.ml.pkg;

import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.learn.Predictor;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model imported from another tool (an XGBoost or LightGBM booster): no featurizer, the features are
 * the signature's input columns, in order, as numbers. Class labels are the class indices ("0", "1",
 * ...), since native boosters do not store them.
 */
final class NativeModel implements Model, AutoCloseable {
    private final Predictor predictor;
    private final ModelSignature signature;
    private final List<String> classes;

    NativeModel(Predictor predictor, ModelSignature signature) {
        this.predictor = predictor;
        List<String> c = new ArrayList<>();
        for (int k = 0; k < predictor.classes(); k++) {
            c.add(Integer.toString(k));
        }
        this.classes = List.copyOf(c);
        this.signature = new ModelSignature(signature.inputs(), ModelSignature.outputs(predictor.task() == Task.REGRESSION,
                true, classes));
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

    @Override
    public Predictions predict(Frame input) {
        FeatureMatrix x = matrix(input, signature);
        double[] raw = predictor.predict(x);
        return task().isClassification() ? Predictions.classification(classes, raw) : Predictions.regression(raw);
    }

    /**
     * The signature's input columns as a numeric matrix, in signature order.
     *
     * @throws dev.cerulean.core.InvalidParameterException naming a missing column, or the column and row of
     *                                                     a value that is not a number
     */
    static FeatureMatrix matrix(Frame input, ModelSignature signature) {
        List<String> names = signature.inputNames();
        Map<String, ColumnKind> convert = new HashMap<>();
        for (String n : names) {
            FrameColumn c = input.column(n);
            if (c.kind() != ColumnKind.NUMERIC) {
                convert.put(n, ColumnKind.NUMERIC);
            }
        }
        Frame f = convert.isEmpty() ? input : input.withKinds(convert);
        int rows = f.rowCount();
        int d = names.size();
        double[] v = new double[rows * d];
        for (int j = 0; j < d; j++) {
            double[] col = ((NumericColumn) f.column(names.get(j))).values();
            for (int i = 0; i < rows; i++) {
                v[i * d + j] = col[i];
            }
        }
        return new FeatureMatrix(v, rows, d, names, null);
    }

    @Override
    public void close() {
        predictor.close();
    }
}
