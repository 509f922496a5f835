/**
 * Fitted models as callers see them: {@link dev.cerulean.ml.model.Model} (predict on a frame, expose a
 * signature), {@link dev.cerulean.ml.model.CeruleanModel} (featurizer + learner trained here),
 * {@link dev.cerulean.ml.model.Predictions} (CSV with {@code prediction} and {@code probability_<class>}
 * columns), {@link dev.cerulean.ml.model.ModelSignature}, and {@link dev.cerulean.ml.model.Provenances}, which stamps a
 * {@link dev.cerulean.core.model.Provenance} with the library, JVM and OS versions of the process that trains.
 */
package dev.cerulean.ml.model;
