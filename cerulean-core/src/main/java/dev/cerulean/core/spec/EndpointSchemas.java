package dev.cerulean.core.spec;

import static dev.cerulean.core.spec.Shapes.bool;
import static dev.cerulean.core.spec.Shapes.integer;
import static dev.cerulean.core.spec.Shapes.mapOf;
import static dev.cerulean.core.spec.Shapes.name;
import static dev.cerulean.core.spec.Shapes.nonEmptyString;
import static dev.cerulean.core.spec.Shapes.number;
import static dev.cerulean.core.spec.Shapes.object;
import static dev.cerulean.core.spec.Shapes.oneOf;
import static dev.cerulean.core.spec.Shapes.string;
import static dev.cerulean.core.spec.Shapes.tags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The schemas of Azure ML's online and batch endpoints and deployments (managed online endpoint,
 * managed online deployment, batch endpoint, model batch deployment). Fields that configure
 * Azure's cloud are accepted with a warning; fields that need something Cerulean does not run
 * (scoring scripts, environments, Kubernetes, pipeline components, inline models) are errors that
 * say so and how to do without.
 */
public final class EndpointSchemas {
    /** Batch settings that older specs write at the top level instead of under {@code settings}. */
    static final List<String> BATCH_SETTINGS = List.of("mini_batch_size", "mini_batch_rows", "max_concurrency_per_instance",
            "output_action", "output_file_name", "error_threshold", "retry_settings", "logging_level", "environment_variables");

    private static final String NO_SCRIPTS = "Cerulean scores MLflow models (xgboost, lightgbm, onnx and Cerulean's own flavor) with "
            + "its built-in runtime and does not run scoring scripts";

    private EndpointSchemas() {
    }

    /** A field Cerulean cannot honour: always an error, with the reason and what to do instead. */
    static Shape refused(String reason, String suggestion) {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                ctx.error(path, reason, suggestion);
                return null;
            }

            @Override
            public String describe() {
                return "nothing (not supported)";
            }
        };
    }

    /**
     * A registered model: {@code azureml:NAME:VERSION} or {@code azureml:NAME@latest}, normalised to
     * that form. Local paths, inline model specs and registry URIs are refused naming the field.
     */
    static Shape modelRef() {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                String hint = "register the model first (cerulean model register, or MLflow's registry) and write "
                        + "model: azureml:NAME:VERSION or azureml:NAME@latest";
                if (!value.isTextual()) {
                    ctx.error(path, "inline model specs are not supported yet", hint);
                    return null;
                }
                String t = value.asText().strip();
                if (t.startsWith("azureml://")) {
                    ctx.error(path, "'" + t + "' names a model in another workspace or registry; only models registered in this "
                            + "workspace can be deployed", hint);
                    return null;
                }
                if (!t.startsWith("azureml:")) {
                    ctx.error(path, "'" + t + "' is a local model path; deploying a local model folder is not supported yet", hint);
                    return null;
                }
                return Shapes.assetRef().check(value, path, ctx);
            }

            @Override
            public String describe() {
                return "a registered model (azureml:NAME:VERSION or azureml:NAME@latest)";
            }
        };
    }

    private static Shape codeConfiguration() {
        return refused("custom scoring scripts are not supported: " + NO_SCRIPTS,
                "remove code_configuration; register the model in MLflow format and Cerulean generates the scoring");
    }

    private static Shape environment() {
        return refused("a scoring environment is only used with a scoring script: " + NO_SCRIPTS, "remove environment");
    }

    // --- online ---------------------------------------------------------------------------------

    /** {@code managedOnlineEndpoint.schema.json}. */
    public static ObjectShape onlineEndpoint() {
        return object().describedAs("an online endpoint")
                .required("name", name())
                .optional("auth_mode", oneOf("key", "aml_token", "aad_token"), "key")
                .optional("description", string())
                .optional("tags", tags())
                .optional("traffic", mapOf(integer(0, 100)))
                .optional("mirror_traffic", mapOf(integer(0, 50)))
                .optional("compute", refused("'compute' places an endpoint on a Kubernetes cluster; Cerulean serves endpoints "
                        + "in its own process", "remove compute"))
                .ignored(List.of("identity", "public_network_access"), SpecSchemas.CLOUD_ONLY_REASON)
                .rule((o, p, ctx) -> {
                    String mode = o.path("auth_mode").asText();
                    if (!mode.equals("key")) {
                        ctx.error(SpecContext.child(p, "auth_mode"), "auth_mode " + mode + " is not supported yet: Cerulean endpoints "
                                + "authenticate scoring requests with keys", "use auth_mode: key");
                    }
                    trafficSums(o.path("traffic"), SpecContext.child(p, "traffic"), ctx);
                    if (o.path("mirror_traffic").size() > 1) {
                        ctx.error(SpecContext.child(p, "mirror_traffic"), "traffic can be mirrored to one deployment only");
                    }
                });
    }

    private static void trafficSums(JsonNode traffic, String path, SpecContext ctx) {
        if (traffic.isObject() && traffic.size() > 0) {
            int sum = 0;
            for (JsonNode v : traffic) {
                sum += v.asInt();
            }
            if (sum != 0 && sum != 100) {
                ctx.error(path, "traffic percentages sum to " + sum + "; they must sum to 0 or 100");
            }
        }
    }

    private static ObjectShape probe() {
        return object().describedAs("probe settings")
                .optional("initial_delay", integer(0, 3600))
                .optional("period", integer(1, 3600))
                .optional("timeout", integer(1, 3600))
                .optional("success_threshold", integer(1, 1000))
                .optional("failure_threshold", integer(1, 1000))
                .ignored(List.of("method", "path", "port", "scheme"), "Cerulean probes a deployment by scoring in-process");
    }

    private static ObjectShape dataCollector() {
        ObjectShape data = object().describedAs("the data asset of a collection")
                .optional("name", name())
                .ignored("path", "collected data is stored in the workspace's own datastore")
                .ignored("version", "each rolling window is registered as the next version");
        ObjectShape collection = object().describedAs("a collection")
                .optional("enabled", bool(), false)
                .optional("data", data)
                .optional("sampling_rate", number(0, 1));
        return object().describedAs("data collector settings")
                .optional("sampling_rate", number(0, 1), 1.0)
                .optional("rolling_rate", oneOf("Minute", "Hour", "Day", "Month", "Year"), "Hour")
                .required("collections", mapOf(collection))
                .rule((o, p, ctx) -> o.path("collections").fieldNames().forEachRemaining(n -> {
                    if (!n.equals("model_inputs") && !n.equals("model_outputs")) {
                        ctx.error(SpecContext.child(SpecContext.child(p, "collections"), n), "collection '" + n + "' is not "
                                + "supported: " + (n.equals("request") || n.equals("response")
                                        ? "Cerulean collects the rows a model scores, not raw HTTP payloads"
                                        : "custom collections are fed by a scoring script's Collector, which Cerulean does not run"),
                                "use model_inputs and model_outputs");
                    }
                }));
    }

    /** {@code managedOnlineDeployment.schema.json}. */
    public static ObjectShape onlineDeployment() {
        return object().describedAs("an online deployment")
                .required("name", name())
                .required("endpoint_name", name())
                .optional("type", oneOf("managed", "kubernetes"))
                .optional("description", string())
                .optional("tags", tags())
                .required("model", modelRef())
                .optional("instance_count", integer(1, 64), 1)
                .optional("request_settings", object().describedAs("request settings")
                        .optional("request_timeout_ms", integer(1, 180_000), 5_000)
                        .optional("max_concurrent_requests_per_instance", integer(1, 1000))
                        .optional("max_queue_wait_ms", integer(0, 180_000), 500))
                .optional("liveness_probe", probe())
                .optional("readiness_probe", probe())
                .optional("environment_variables", mapOf(string()))
                .optional("data_collector", dataCollector())
                .optional("code_configuration", codeConfiguration())
                .optional("environment", environment())
                .ignored(List.of("instance_type", "app_insights_enabled", "scale_settings", "egress_public_network_access",
                        "model_mount_path", "identity"), SpecSchemas.CLOUD_ONLY_REASON)
                .rule((o, p, ctx) -> {
                    if (o.path("type").asText("managed").equals("kubernetes")) {
                        ctx.error(SpecContext.child(p, "type"), "Kubernetes online deployments are not supported: Cerulean serves "
                                + "deployments in its own process", "use type: managed or leave type out");
                    }
                });
    }

    // --- batch ----------------------------------------------------------------------------------

    /** {@code batchEndpoint.schema.json}. */
    public static ObjectShape batchEndpoint() {
        return object().describedAs("a batch endpoint")
                .required("name", name())
                .optional("description", string())
                .optional("tags", tags())
                .optional("auth_mode", oneOf("aad_token"))
                .optional("defaults", object().describedAs("endpoint defaults").optional("deployment_name", name()))
                .ignored(List.of("identity", "public_network_access"), SpecSchemas.CLOUD_ONLY_REASON)
                .rule((o, p, ctx) -> {
                    if (o.has("auth_mode")) {
                        ctx.warn(SpecContext.child(p, "auth_mode"), "auth_mode aad_token is accepted but no token is checked: batch "
                                + "jobs are started through the workspace API, as the calling user", null);
                    }
                });
    }

    private static ObjectShape batchSettings(ObjectShape into) {
        return into
                .optional("mini_batch_size", integer(1, 1_000_000))
                .optional("mini_batch_rows", integer(1, 10_000_000))
                .optional("max_concurrency_per_instance", integer(1, 256))
                .optional("output_action", oneOf("append_row", "summary_only"))
                .optional("output_file_name", nonEmptyString())
                .optional("error_threshold", integer(-1, Long.MAX_VALUE))
                .optional("retry_settings", object().describedAs("retry settings")
                        .optional("max_retries", integer(0, 100))
                        .optional("timeout", integer(1, 86_400)))
                .optional("logging_level", oneOf("warning", "info", "debug"))
                .optional("environment_variables", mapOf(string()))
                .rule((o, p, ctx) -> {
                    String f = o.path("output_file_name").asText("predictions.csv");
                    if (f.contains("/") || f.contains("\\") || f.startsWith(".") || f.startsWith("_")) {
                        ctx.error(SpecContext.child(p, "output_file_name"), "'" + f + "' is not a plain file name",
                                "write a name such as predictions.csv, without folders and not starting with '.' or '_'");
                    }
                });
    }

    /** {@code batchDeployment.schema.json} for {@code type: model} (and the older form without {@code type}). */
    public static ObjectShape batchDeployment() {
        return batchSettings(object().describedAs("a batch deployment"))
                .required("name", name())
                .required("endpoint_name", name())
                .optional("type", oneOf("model", "pipeline"))
                .optional("description", string())
                .optional("tags", tags())
                .optional("model", modelRef())
                .optional("compute", string())
                .optional("resources", object().describedAs("resources")
                        .optional("instance_count", integer(1, 64))
                        .ignored(List.of("instance_type", "shm_size", "properties", "locations", "max_instance_count"),
                                SpecSchemas.CLOUD_ONLY_REASON))
                .optional("settings", batchSettings(object().describedAs("batch deployment settings")))
                .optional("component", refused("pipeline component batch deployments are not supported yet",
                        "deploy a registered model with type: model"))
                .optional("code_configuration", codeConfiguration())
                .optional("environment", environment())
                .rule((o, p, ctx) -> {
                    if (o.path("type").asText("model").equals("pipeline")) {
                        ctx.error(SpecContext.child(p, "type"), "pipeline component batch deployments are not supported yet",
                                "deploy a registered model with type: model");
                        return;
                    }
                    if (!o.has("model")) {
                        ctx.error(SpecContext.child(p, "model"), "'model' is required", "write model: azureml:NAME:VERSION");
                    }
                    JsonNode settings = o.path("settings");
                    for (String f : BATCH_SETTINGS) {
                        if (o.has(f) && settings.has(f)) {
                            ctx.error(SpecContext.child(p, f), "'" + f + "' is given both at the top level and under settings",
                                    "keep the one under settings");
                        }
                    }
                });
    }

    /** The batch settings of a normalised batch deployment spec: {@code settings} merged over the top-level (older) form. */
    public static ObjectNode mergedBatchSettings(ObjectNode spec) {
        ObjectNode out = Shapes.NODES.objectNode();
        for (String f : BATCH_SETTINGS) {
            if (spec.has(f)) {
                out.set(f, spec.get(f));
            }
        }
        JsonNode settings = spec.path("settings");
        if (settings.isObject()) {
            settings.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
        }
        return out;
    }
}
