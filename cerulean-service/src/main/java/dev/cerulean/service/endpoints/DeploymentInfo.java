package dev.cerulean.service.endpoints;

import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.serving.runtime.DeploymentStatus;
import java.util.Map;

/**
 * An online deployment as stored, with its state in the runtime.
 *
 * @param deployment its configuration
 * @param status     its replicas, load and state ({@code Loading}, {@code Ready}, {@code Failed}, ...)
 * @param requests   requests answered since it started, by HTTP status
 */
public record DeploymentInfo(OnlineDeployment deployment, DeploymentStatus status, Map<Integer, Long> requests) {
    /** Azure's {@code provisioning_state}: Creating while loading, Succeeded when ready, Failed otherwise. */
    public String provisioningState() {
        return switch (status.state()) {
            case "Loading" -> "Creating";
            case "Ready" -> "Succeeded";
            case "Draining", "Stopped" -> "Deleting";
            default -> "Failed";
        };
    }
}
