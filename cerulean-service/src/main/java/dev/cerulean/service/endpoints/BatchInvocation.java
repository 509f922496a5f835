package dev.cerulean.service.endpoints;

/**
 * A request to score a data asset with a batch endpoint.
 *
 * @param input      the data asset version ({@code name:version}, {@code name@latest}, with or without {@code azureml:})
 * @param deployment the deployment to use, or null for the endpoint's default
 * @param outputName the data asset the output is registered as (its next version), or null for {@code <endpoint>-predictions}
 * @param idColumn   the input column that identifies rows in the output, or null (a column named {@code id} is used if present)
 */
public record BatchInvocation(String input, String deployment, String outputName, String idColumn) {
}
