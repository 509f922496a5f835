package dev.cerulean.core.tracking;

/**
 * A dataset as MLflow's {@code log-inputs} describes it.
 *
 * @param name       dataset name
 * @param digest     content digest (MLflow's own, or Cerulean's {@code sha256:...})
 * @param sourceType {@code local}, {@code http}, {@code code}, ...
 * @param source     JSON describing where it came from
 * @param schema     JSON schema, or null
 * @param profile    JSON profile, or null
 */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
}
