package dev.cerulean.service.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import java.util.Iterator;
import java.util.List;

/**
 * A request to score a data asset with a batch endpoint.
 *
 * @param input      the data asset version ({@code name:version}, {@code name@latest}, with or without {@code azureml:})
 * @param deployment the deployment to use, or null for the endpoint's default
 * @param outputName the data asset the output is registered as (its next version), or null for {@code <endpoint>-predictions}
 * @param idColumn   the input column that identifies rows in the output, or null (a column named {@code id} is used if present)
 */
public record BatchInvocation(String input, String deployment, String outputName, String idColumn) {
    private static final List<String> FIELDS = List.of("input", "deployment_name", "output_name", "id_column");

    /**
     * An invocation as its request body writes it.
     *
     * @throws InvalidParameterException naming a field an invocation does not have
     */
    public static BatchInvocation of(ObjectNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidParameterException("unknown field '" + f + "': an invocation has input, deployment_name, output_name and "
                        + "id_column", f);
            }
        }
        return new BatchInvocation(text(body, "input"), text(body, "deployment_name"), text(body, "output_name"), text(body, "id_column"));
    }

    private static String text(ObjectNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }
}
