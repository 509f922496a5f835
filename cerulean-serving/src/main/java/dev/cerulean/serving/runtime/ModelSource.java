package dev.cerulean.serving.runtime;

import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.Model;
import java.util.Optional;

/** Where a deployment's model comes from: loaded once per replica, and again when a replica is restarted. */
public interface ModelSource {
    /**
     * Loads a new copy of the model.
     *
     * @throws dev.cerulean.core.CeruleanException when the model files are missing or unreadable
     */
    Model load();

    /** An input the model accepts (its package's input example), used by probes; empty for one row of missing values. */
    Optional<Frame> example();
}
