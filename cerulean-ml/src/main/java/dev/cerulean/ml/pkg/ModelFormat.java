package dev.cerulean.ml.pkg;

import dev.cerulean.ml.model.Model;
import java.io.IOException;
import java.util.Map;

/**
 * A kind of composite model that {@link ModelPackage} can save and load besides a single
 * {@link dev.cerulean.ml.model.CeruleanModel}: AutoML's bagged models and ensembles, forecasters. Formats
 * are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.cerulean.ml.pkg.ModelFormat}), so this package does not depend on the
 * packages that define them.
 *
 * <p>A composite package has the usual MLflow layout ({@code MLmodel}, signature, input example); its
 * {@code cerulean} flavor carries {@code format_version: 2}, {@code model_type} naming the format, the
 * task, classes and target, and whatever attributes {@link #write} returns. Cerulean versions that only
 * know format version 1 refuse such packages with a message saying to upgrade.
 */
public interface ModelFormat {
    /** The {@code model_type} value in the {@code cerulean} flavor, e.g. {@code ensemble}. */
    String modelType();

    /** Whether this format saves {@code model}. */
    boolean supports(Model model);

    /**
     * Writes the model's files through {@code out}.
     *
     * @return attributes to add to the {@code cerulean} flavor (at least {@code target} and {@code learner},
     *         a display name); values must be YAML-serialisable
     * @throws IOException on I/O failure
     */
    Map<String, Object> write(Model model, PackageWriter out) throws IOException;

    /**
     * Reads a model written by {@link #write}.
     *
     * @param flavor the {@code cerulean} flavor, with the attributes {@link #write} returned
     * @throws dev.cerulean.core.InvalidParameterException naming the file or field that is missing or unreadable
     */
    Model read(PackageReader in, Map<String, Object> flavor);
}
