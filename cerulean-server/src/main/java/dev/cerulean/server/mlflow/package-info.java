/**
 * MLflow's REST API ({@code /api/2.0/mlflow/...}, {@code /ajax-api/2.0/mlflow/...} and the
 * {@code mlflow-artifacts} proxy) with MLflow's field names, int64 handling and error format, so that
 * MLflow's own clients work against Cerulean unchanged.
 */
package dev.cerulean.server.mlflow;
