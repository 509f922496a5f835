/**
 * What Cerulean knows about a trained model apart from its bytes: {@link dev.cerulean.core.model.Provenance},
 * the record every model package carries as {@code provenance.json} (how it was trained, on which data, with
 * which libraries). The ML library fills it in and stores it; the service reads it to show a model and to
 * walk its lineage.
 */
package dev.cerulean.core.model;
