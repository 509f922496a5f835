package dev.cerulean.ml.model;

import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import java.util.List;

/**
 * A model that scores frames: trained here ({@link CeruleanModel}) or imported from an MLflow directory
 * (XGBoost, LightGBM, ONNX). Implementations are immutable and thread-safe; scoring does no I/O, so one
 * row per request is cheap.
 */
public interface Model {
    /** The task. */
    Task task();

    /** Class labels in probability-column order (classification), or empty (regression). */
    List<String> classes();

    /** The input columns and output the model expects and gives. */
    ModelSignature signature();

    /**
     * Scores every row of {@code input}, in order. Columns are matched by name; extra columns are ignored.
     *
     * @throws dev.cerulean.core.InvalidParameterException when a needed column is absent or a value does not
     *                                                     fit its column (naming column and row)
     */
    Predictions predict(Frame input);

    /**
     * How the model was made: what {@link dev.cerulean.ml.pkg.ModelPackage} stores as {@code provenance.json}.
     *
     * @return the provenance, or null for a model imported from elsewhere (XGBoost, LightGBM, ONNX), built by
     *         hand, or loaded from a composite package written before composites recorded one
     */
    default Provenance provenance() {
        return null;
    }
}
