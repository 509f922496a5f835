/**
 * HTTP for endpoints: the administration API under {@code /api/v1/online-endpoints} and
 * {@code /api/v1/batch-endpoints}, and the scoring routes clients call with an endpoint key: Azure
 * ML's {@code /endpoints/{name}/score}, MLflow's {@code /endpoints/{name}/invocations} and the Open
 * Inference Protocol under {@code /v2}. Each protocol answers errors in its own format.
 */
package dev.cerulean.server.endpoints;
