package dev.cerulean.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.Principal;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.engine.port.Assets;
import dev.cerulean.engine.port.RunLogger;
import java.util.Map;

/** A built-in job's {@code register:} field: the model it made, registered when the job ends well. */
public final class ModelRegistration {
    private ModelRegistration() {
    }

    /**
     * Registers the model under {@code model/} of {@code runId} when the job's spec asks for it, and
     * tags the job's run with the version.
     */
    public static void registerIfAsked(Job job, Principal owner, String runId, Assets assets, RunLogger jobRun) {
        JsonNode register = job.spec().path("register");
        if (register.isMissingNode() || register.isNull()) {
            return;
        }
        String model = register.isTextual() ? register.asText() : register.get("name").asText();
        String description = register.path("description").asText(null);
        AssetRef v = assets.registerModel(owner, model, runId, description);
        jobRun.setTags(Map.of("cerulean.registered_model", v.toString()));
        jobRun.log("[cerulean] registered model " + v);
    }
}
