package dev.cerulean.serving;

import dev.cerulean.ml.model.Model;
import java.util.Objects;

/**
 * A loaded model and what it is deployed as: the thing a scoring protocol scores with.
 *
 * @param endpoint     the endpoint name
 * @param deployment   the deployment name
 * @param modelName    the registered model
 * @param modelVersion its version
 * @param model        the loaded model (thread-safe)
 */
public record ServedModel(String endpoint, String deployment, String modelName, int modelVersion, Model model) {
    public ServedModel {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(model, "model");
    }
}
