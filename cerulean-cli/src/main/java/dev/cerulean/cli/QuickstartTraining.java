package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.ApiJson;
import java.util.List;

/**
 * How {@code cerulean quickstart} trains its model: the job it submits and the run that holds the
 * model it then registers. This is the one place to change to train with AutoML instead of the
 * built-in learner: return a {@code type: automl} spec from {@link #jobSpec}; {@link #modelRun}
 * already follows a job's {@code best_run}, as {@code cerulean model register --job} does.
 */
final class QuickstartTraining {
    /** Metrics worth one line, in order of preference (cross-validated names first, then holdout ones). */
    private static final List<String> HEADLINE_METRICS = List.of("AUC_weighted", "validation_AUC_weighted", "accuracy", "validation_accuracy",
            "r2_score", "validation_r2_score", "normalized_root_mean_squared_error", "validation_normalized_root_mean_squared_error");

    private QuickstartTraining() {
    }

    /**
     * The training job, as the job API takes it.
     *
     * @param data   the data asset to train on, {@code azureml:NAME:VERSION}
     * @param target the column to predict
     */
    static ObjectNode jobSpec(String data, String target) {
        // LightGBM's defaults on one 80/20 split: a few seconds on the full Adult data, where
        // five-fold cross-validation would take five times as long for a first look.
        ObjectNode spec = ApiJson.create().createObjectNode().put("type", "train").put("data", data).put("target", target)
                .put("algorithm", "lightgbm").put("cv_folds", 0).put("validation_size", 0.2).put("seed", 42)
                .put("experiment_name", "quickstart").put("display_name", "quickstart: lightgbm on " + data.replaceFirst("^azureml:", ""));
        spec.putObject("tags").put("source", "cerulean-quickstart");
        return spec;
    }

    /** A short description of what {@link #jobSpec} trains, for the step's line. */
    static String describe() {
        return "lightgbm, 80/20 validation split";
    }

    /** The run whose {@code model/} folder holds the model to register: the best trial's for sweeps and AutoML, else the job's own. */
    static String modelRun(JsonNode job) {
        return job.path("best_run").asText(job.get("name").asText());
    }

    /** At most two headline metrics of a run, e.g. {@code "validation_AUC_weighted 0.925, validation_accuracy 0.869"}. */
    static String headline(JsonNode run) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String key : HEADLINE_METRICS) {
            for (JsonNode m : run.path("data").path("metrics")) {
                if (n < 2 && m.path("key").asText().equals(key)) {
                    sb.append(n++ == 0 ? "" : ", ").append(key).append(' ').append(String.format(java.util.Locale.ROOT, "%.3f", m.get("value").asDouble()));
                }
            }
        }
        return sb.toString();
    }
}
