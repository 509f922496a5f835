package dev.cerulean.core.spec;

import static dev.cerulean.core.spec.Shapes.any;
import static dev.cerulean.core.spec.Shapes.bool;
import static dev.cerulean.core.spec.Shapes.integer;
import static dev.cerulean.core.spec.Shapes.listOf;
import static dev.cerulean.core.spec.Shapes.location;
import static dev.cerulean.core.spec.Shapes.mapOf;
import static dev.cerulean.core.spec.Shapes.name;
import static dev.cerulean.core.spec.Shapes.nonEmptyString;
import static dev.cerulean.core.spec.Shapes.number;
import static dev.cerulean.core.spec.Shapes.object;
import static dev.cerulean.core.spec.Shapes.oneOf;
import static dev.cerulean.core.spec.Shapes.scalarOr;
import static dev.cerulean.core.spec.Shapes.string;
import static dev.cerulean.core.spec.Shapes.tags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * Schemas of job kinds (Azure ML's command and AutoML jobs, Cerulean's train job) and of compute targets.
 * Fields that configure Azure's cloud are accepted with a warning; the environment is the machine's.
 */
public final class JobSchemas {
    private JobSchemas() {
    }

    private static final String ENVIRONMENT_REASON =
            "jobs run in this machine's environment (the interpreters and packages installed here); images and conda files are not built";

    /** {@code azureml:cpu-cluster} or {@code cpu-cluster}: a compute name. */
    static Shape computeRef() {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                if (!value.isTextual()) {
                    ctx.error(path, "expected a compute name, got " + Shapes.kindOf(value));
                    return null;
                }
                String t = value.asText().strip();
                if (t.startsWith("azureml:")) {
                    t = t.substring("azureml:".length());
                }
                return name().check(TextNode.valueOf(t), path, ctx);
            }

            @Override
            public String describe() {
                return "a compute name";
            }
        };
    }

    /** A job input: a literal, or {type, path, mode} for data. */
    static Shape input() {
        ObjectShape data = object().describedAs("a job input")
                .optional("type", oneOf("uri_file", "uri_folder", "mltable", "mlflow_model", "custom_model", "string", "number",
                        "integer", "boolean"), "uri_folder")
                .optional("path", location(true))
                .optional("value", any())
                .optional("default", any())
                .optional("description", string())
                .optional("optional", bool())
                .optional("mode", oneOf("ro_mount", "download", "direct", "eval_mount", "eval_download", "rw_mount", "upload"))
                .optional("datastore", string())
                .rule((o, p, ctx) -> {
                    String type = o.path("type").asText();
                    boolean literal = List.of("string", "number", "integer", "boolean").contains(type);
                    if (!literal && !o.has("path")) {
                        ctx.error(SpecContext.child(p, "path"), "a " + type + " input needs a 'path'",
                                "give a data asset (azureml:NAME:VERSION), a datastore URI or a local path");
                    }
                    if (literal && !o.has("value") && !o.has("default")) {
                        ctx.error(p, "a " + type + " input needs a 'value' (or a 'default')");
                    }
                });
        return scalarOr(string(), data);
    }

    /** A job output: nothing (a folder), or {type, mode, name, version}. */
    static Shape output() {
        return object().describedAs("a job output")
                .optional("type", oneOf("uri_folder", "uri_file", "mltable", "mlflow_model", "custom_model"), "uri_folder")
                .optional("mode", oneOf("rw_mount", "upload", "direct"))
                .optional("name", name())
                .optional("version", Shapes.version())
                .optional("description", string())
                .ignored("path", "outputs are kept with the job's artifacts (and as a data asset when named)")
                .ignored("datastore", "outputs are kept in the workspace");
    }

    private static ObjectShape jobCommon(ObjectShape s) {
        return s.optional("name", name())
                .optional("display_name", string())
                .optional("experiment_name", nonEmptyString())
                .optional("description", string())
                .optional("tags", tags())
                .optional("properties", tags())
                .optional("compute", computeRef(), "local")
                .ignored(SpecSchemas.CLOUD_ONLY_FIELDS, SpecSchemas.CLOUD_ONLY_REASON);
    }

    /** Azure ML's command job. */
    public static ObjectShape commandJob() {
        ObjectShape limits = object().optional("timeout", integer(1, 365L * 24 * 3600));
        return jobCommon(object().describedAs("a command job"))
                .optional("type", oneOf("command"))
                .required("command", nonEmptyString())
                .optional("code", location(true))
                .optional("inputs", mapOf(input()))
                .optional("outputs", mapOf(output()))
                .optional("environment_variables", mapOf(string()))
                .optional("limits", limits)
                .ignored("environment", ENVIRONMENT_REASON)
                .ignored("component", "command jobs run their own command here; components are not supported yet")
                .rule((o, p, ctx) -> {
                    String cmd = o.path("command").asText();
                    for (String ref : List.of("inputs", "outputs")) {
                        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{\\{\\s*" + ref + "\\.([A-Za-z0-9_]+)\\s*}}").matcher(cmd);
                        while (m.find()) {
                            if (!o.path(ref).has(m.group(1))) {
                                ctx.error(SpecContext.child(p, "command"), "the command refers to ${{" + ref + "." + m.group(1)
                                        + "}} but the job has no such " + ref.substring(0, ref.length() - 1),
                                        "declare it under " + ref + ":");
                            }
                        }
                    }
                    if (o.path("code").isTextual() && !ctx.isDirectory(java.nio.file.Path.of(o.get("code").asText()))
                            && !o.get("code").asText().startsWith("azureml")) {
                        ctx.error(SpecContext.child(p, "code"), "'code' must be a folder: '" + o.get("code").asText() + "' is not");
                    }
                });
    }

    /** Cerulean's built-in training job. */
    public static ObjectShape trainJob() {
        ObjectShape register = object().required("name", name()).optional("description", string()).optional("tags", tags());
        ObjectShape limits = object().optional("timeout", integer(1, 365L * 24 * 3600));
        return trainFields(jobCommon(object().describedAs("a train job")))
                .optional("register", scalarOr(name(), register))
                .optional("limits", limits);
    }

    /** What a train job and a sweep's train trial share: the data, the target and how to train. */
    private static ObjectShape trainFields(ObjectShape s) {
        return s.optional("type", oneOf("train"))
                .required("data", location(true))
                .required("target", nonEmptyString())
                .optional("task", oneOf("classification", "regression"))
                .optional("algorithm", nonEmptyString(), "lightgbm")
                .optional("hyperparameters", mapOf(any()))
                .optional("cv_folds", integer(0, 20), 5)
                .optional("validation_size", number(0, 0.9), 0.2)
                .optional("seed", integer(0, Long.MAX_VALUE), 42)
                .optional("group_column", nonEmptyString())
                .optional("feature_columns", listOf(nonEmptyString(), false))
                .optional("threads", integer(1, 1024));
    }

    // --- sweep jobs ---------------------------------------------------------------------------

    private static final java.util.regex.Pattern REFERENCE =
            java.util.regex.Pattern.compile("\\$\\{\\{\\s*(inputs|outputs|search_space)\\.([A-Za-z0-9_.]+)\\s*}}");

    /**
     * A sweep's {@code trial} as a command: what Azure ML allows there (command, code, environment
     * variables; environment and cloud resources with a warning). Its {@code ${{inputs.x}}} refer to
     * the sweep's inputs and {@code ${{search_space.x}}} to the sampled values.
     */
    public static ObjectShape commandTrial() {
        return object().describedAs("a command trial")
                .optional("type", oneOf("command"))
                .required("command", nonEmptyString())
                .optional("code", location(true))
                .optional("inputs", mapOf(input()))
                .optional("environment_variables", mapOf(string()))
                .optional("limits", object().optional("timeout", integer(1, 365L * 24 * 3600)))
                .ignored("environment", ENVIRONMENT_REASON)
                .ignored(SpecSchemas.CLOUD_ONLY_FIELDS, SpecSchemas.CLOUD_ONLY_REASON)
                .rule((o, p, ctx) -> {
                    if (o.path("code").isTextual() && !ctx.isDirectory(java.nio.file.Path.of(o.get("code").asText()))
                            && !o.get("code").asText().startsWith("azureml")) {
                        ctx.error(SpecContext.child(p, "code"), "'code' must be a folder: '" + o.get("code").asText() + "' is not");
                    }
                });
    }

    /** A sweep's {@code trial} as a built-in training: the sampled values become its hyperparameters. */
    public static ObjectShape trainTrial() {
        return trainFields(object().describedAs("a train trial"))
                .optional("limits", object().optional("timeout", integer(1, 365L * 24 * 3600)));
    }

    /** {@code trial}: a command (the default) or, with {@code type: train}, a built-in training. */
    public static Shape trial() {
        ObjectShape command = commandTrial();
        ObjectShape train = trainTrial();
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                if (value.isObject() && value.path("type").asText("command").equals("train")) {
                    return train.check(value, path, ctx);
                }
                if (value.isObject() && !value.path("type").asText("command").equals("command")) {
                    ctx.error(SpecContext.child(path, "type"), "a trial is a command or a train job, not '" + value.get("type").asText() + "'",
                            "use type: command (a script that logs the primary metric) or type: train");
                    return null;
                }
                JsonNode out = command.check(value, path, ctx);
                if (out instanceof ObjectNode o && !o.has("type")) {
                    o.put("type", "command");
                }
                return out;
            }

            @Override
            public String describe() {
                return "a command or train trial";
            }
        };
    }

    /**
     * A sweep job whose tuning sections are checked by the given shapes. Core does not know the
     * tuning expressions: {@link SpecSchemas#standard()} checks those sections as mappings only and
     * the workspace registers the full schema (built from {@code dev.cerulean.ml.tune.SweepShapes})
     * with {@link SpecSchemas#with}.
     *
     * @param crossCheck a rule across sections (grid with continuous expressions), or null
     */
    public static ObjectShape sweepJob(Shape searchSpace, Shape samplingAlgorithm, Shape objective, Shape earlyTermination, Shape limits,
            ObjectShape.Rule crossCheck) {
        ObjectShape s = jobCommon(object().describedAs("a sweep job"))
                .optional("type", oneOf("sweep"))
                .required("trial", trial())
                .required("search_space", searchSpace)
                .required("sampling_algorithm", samplingAlgorithm)
                .required("objective", objective)
                .optional("early_termination", earlyTermination)
                .optional("limits", limits)
                .optional("inputs", mapOf(input()))
                .ignored("outputs", "each trial keeps its own artifacts (its model, logs and outputs) in its run")
                .rule(JobSchemas::sweepReferences);
        return crossCheck == null ? s : s.rule(crossCheck);
    }

    /** A sweep job with its tuning sections checked only for their form (see {@link #sweepJob(Shape, Shape, Shape, Shape, Shape, ObjectShape.Rule)}). */
    static ObjectShape sweepJob() {
        Shape anyMapping = new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                if (!value.isObject()) {
                    ctx.error(path, "expected a mapping, got " + Shapes.kindOf(value));
                    return null;
                }
                return value;
            }

            @Override
            public String describe() {
                return "a mapping";
            }
        };
        return sweepJob(anyMapping, scalarOr(nonEmptyString(), anyMapping), anyMapping, anyMapping, anyMapping, null);
    }

    /** {@code ${{search_space.x}}} must name a hyperparameter, {@code ${{inputs.x}}} an input of the sweep or trial. */
    private static void sweepReferences(ObjectNode o, String p, SpecContext ctx) {
        JsonNode trial = o.path("trial");
        String cmd = trial.path("command").asText("");
        java.util.regex.Matcher m = REFERENCE.matcher(cmd);
        while (m.find()) {
            String ref = m.group(1);
            String name = m.group(2);
            String first = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            String at = SpecContext.child(SpecContext.child(p, "trial"), "command");
            if (ref.equals("search_space") && !o.path("search_space").has(first)) {
                ctx.error(at, "the command refers to ${{search_space." + name + "}} but the search space has no '" + first + "'",
                        o.path("search_space").size() == 0 ? "declare it under search_space:"
                                : "known: " + String.join(", ", (Iterable<String>) o.path("search_space")::fieldNames));
            } else if (ref.equals("inputs") && !o.path("inputs").has(name) && !trial.path("inputs").has(name)) {
                ctx.error(at, "the command refers to ${{inputs." + name + "}} but the sweep has no such input", "declare it under inputs:");
            } else if (ref.equals("outputs")) {
                ctx.error(at, "trials of a sweep have no outputs to refer to (${{outputs." + name + "}})",
                        "write files to ./outputs or log them as artifacts of the trial's run");
            }
        }
    }

    /** A table the job reads: a path or {@code azureml:} reference, or {@code {type: mltable, path}}. */
    private static Shape tableInput() {
        return scalarOr(location(true), object().describedAs("a table input")
                .optional("type", oneOf("mltable", "uri_file", "uri_folder"), "mltable")
                .required("path", location(true))
                .ignored("mode", "inputs are read in place"));
    }

    /** Azure ML's AutoML job: classification, regression and forecasting within a time budget. */
    static ObjectShape automlJob() {
        ObjectShape register = object().required("name", name()).optional("description", string()).optional("tags", tags());
        ObjectShape limits = object()
                .optional("timeout_minutes", number(0.05, 60 * 24 * 30))
                .optional("trial_timeout_minutes", number(0.01, 60 * 24 * 30))
                .optional("max_trials", integer(1, 1_000_000))
                .optional("max_concurrent_trials", integer(1, 1024))
                .optional("enable_early_termination", bool())
                .optional("exit_score", number())
                .ignored(List.of("max_cores_per_trial", "max_nodes"), "trials share this machine's cores");
        ObjectShape training = object()
                .optional("allowed_training_algorithms", listOf(nonEmptyString(), false))
                .optional("blocked_training_algorithms", listOf(nonEmptyString(), false))
                .optional("enable_vote_ensemble", bool())
                .optional("enable_stack_ensemble", bool())
                .optional("enable_model_explainability", bool())
                .ignored(List.of("enable_onnx_compatible_models", "stack_ensemble_settings", "ensemble_model_download_timeout",
                        "enable_dnn_training", "training_mode"), "Cerulean chooses these itself");
        ObjectShape featurization = object()
                .optional("mode", oneOf("auto", "off", "custom"), "auto")
                .optional("blocked_transformers", listOf(nonEmptyString(), false))
                .optional("column_name_and_types", mapOf(nonEmptyString()))
                .ignored(List.of("transformer_params", "enable_dnn_featurization"), "Cerulean featurizes with its own transformers");
        ObjectShape forecasting = object()
                .required("time_column_name", nonEmptyString())
                .optional("time_series_id_column_names", scalarOr(nonEmptyString(), listOf(nonEmptyString(), false)))
                .optional("forecast_horizon", scalarOr(autoOr(), integer(1, 100_000)))
                .optional("target_lags", scalarOr(autoOr(), listOf(integer(1, 100_000), false)))
                .optional("target_rolling_window_size", autoOr())
                .optional("seasonality", autoOr())
                .optional("frequency", nonEmptyString())
                .optional("short_series_handling_config", oneOf("auto", "pad", "drop", "none"))
                .optional("target_aggregate_function", oneOf("sum", "mean", "min", "max"))
                .optional("cv_step_size", autoOr())
                .ignored(List.of("country_or_region_for_holidays", "feature_lags", "use_stl"), "not used by Cerulean's forecasters");
        return jobCommon(object().describedAs("an AutoML job"))
                .optional("type", oneOf("automl"))
                .required("task", oneOf("classification", "regression", "forecasting"))
                .optional("primary_metric", nonEmptyString())
                .required("target_column_name", nonEmptyString())
                .required("training_data", tableInput())
                .optional("validation_data", tableInput())
                .optional("test_data", tableInput())
                .optional("validation_data_size", number(0.01, 0.9))
                .optional("test_data_size", number(0.01, 0.9))
                .optional("n_cross_validations", autoOr())
                .optional("weight_column_name", nonEmptyString())
                .optional("limits", limits)
                .optional("training", training)
                .optional("featurization", featurization)
                .optional("forecasting", forecasting)
                .optional("seed", integer(0, Long.MAX_VALUE), 42)
                .optional("register", scalarOr(name(), register))
                .ignored(List.of("log_verbosity", "outputs"), "not used by Cerulean's AutoML")
                .rule((o, p, ctx) -> {
                    String task = o.path("task").asText();
                    if (task.equals("forecasting") && !o.has("forecasting")) {
                        ctx.error(SpecContext.child(p, "forecasting"), "a forecasting job needs a 'forecasting' section",
                                "add forecasting: {time_column_name: <your time column>, forecast_horizon: <periods>}");
                    }
                    if (!task.equals("forecasting") && o.has("forecasting")) {
                        ctx.error(SpecContext.child(p, "forecasting"), "'forecasting' applies to task: forecasting only", "remove it");
                    }
                    int ways = (o.has("validation_data") ? 1 : 0) + (o.has("validation_data_size") ? 1 : 0)
                            + (o.has("n_cross_validations") && !o.get("n_cross_validations").asText().equals("auto") ? 1 : 0);
                    if (ways > 1) {
                        ctx.error(SpecContext.child(p, "validation_data"), "give one of validation_data, validation_data_size and "
                                + "n_cross_validations", "remove the others");
                    }
                    if (o.has("test_data") && o.has("test_data_size")) {
                        ctx.error(SpecContext.child(p, "test_data_size"), "give test_data or test_data_size, not both", "remove one");
                    }
                    if (o.has("weight_column_name")) {
                        ctx.error(SpecContext.child(p, "weight_column_name"), "sample weights are not supported yet", "remove it");
                    }
                });
    }

    /** {@code auto} or a positive integer. */
    private static Shape autoOr() {
        return new Shape() {
            @Override
            public JsonNode check(JsonNode value, String path, SpecContext ctx) {
                if (value.isTextual() && value.asText().strip().equalsIgnoreCase("auto")) {
                    return TextNode.valueOf("auto");
                }
                return integer(1, 100_000).check(value, path, ctx);
            }

            @Override
            public String describe() {
                return "auto or a positive integer";
            }
        };
    }

    static ObjectShape compute() {
        return object().describedAs("a compute target")
                .required("name", name())
                .optional("type", oneOf("local", "amlcompute", "computeinstance", "kubernetes", "virtualmachine", "synapsespark"), "local")
                .optional("max_concurrent_jobs", integer(1, 1024))
                .optional("description", string())
                .optional("tags", tags())
                .ignored(List.of("size", "min_instances", "max_instances", "idle_time_before_scale_down", "tier", "location",
                        "ssh_public_access_enabled", "ssh_settings", "network_settings", "enable_node_public_ip", "identity",
                        "schedules", "setup_scripts", "resource_id"), SpecSchemas.CLOUD_ONLY_REASON)
                .rule((o, p, ctx) -> {
                    String type = o.path("type").asText();
                    if (!type.equals("local")) {
                        ctx.error(SpecContext.child(p, "type"), "compute type '" + type + "' is not supported yet: Cerulean runs jobs on "
                                + "this machine", "use type: local with max_concurrent_jobs");
                    }
                });
    }

    /** The value of a literal job input: the scalar, or the object's value/default. */
    public static JsonNode literal(JsonNode input) {
        if (!input.isObject()) {
            return input;
        }
        ObjectNode o = (ObjectNode) input;
        return o.has("value") ? o.get("value") : o.get("default");
    }
}
