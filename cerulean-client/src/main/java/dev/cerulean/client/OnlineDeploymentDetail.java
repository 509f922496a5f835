package dev.cerulean.client;

import dev.cerulean.core.endpoint.OnlineDeployment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An online deployment as the server shows it: its settings, Azure's provisioning state, its state
 * in the serving runtime and the requests it answered.
 *
 * @param deployment        its settings
 * @param provisioningState {@code Creating}, {@code Succeeded}, {@code Deleting} or {@code Failed}
 * @param status            its state in the runtime
 * @param requests          requests answered since it started, by HTTP status, in the server's order
 */
public record OnlineDeploymentDetail(OnlineDeployment deployment, String provisioningState, DeploymentState status,
        Map<Integer, Long> requests) {
    public OnlineDeploymentDetail {
        requests = requests == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(requests));
    }
}
