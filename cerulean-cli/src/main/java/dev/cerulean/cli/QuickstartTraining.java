package dev.cerulean.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.JobDetail;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.Run;
import java.util.List;

/**
 * How {@code cerulean quickstart} trains its model: an AutoML job within a small time budget, and the
 * run that holds the model it then registers (the job's {@code best_run}, as {@code cerulean model
 * register --job} follows it).
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
     * @param data          the data asset to train on, {@code azureml:NAME:VERSION}
     * @param target        the column to predict
     * @param budgetMinutes AutoML's time budget
     */
    static ObjectNode jobSpec(String data, String target, double budgetMinutes) {
        ObjectNode spec = ApiJson.create().createObjectNode().put("type", "automl").put("task", "classification")
                .put("primary_metric", "AUC_weighted").put("target_column_name", target).put("training_data", data).put("seed", 42)
                .put("experiment_name", "quickstart").put("display_name", "quickstart: AutoML on " + data.replaceFirst("^azureml:", ""));
        spec.putObject("limits").put("timeout_minutes", budgetMinutes);
        spec.putObject("tags").put("source", "cerulean-quickstart");
        return spec;
    }

    /** A short description of what {@link #jobSpec} trains, for the step's line. */
    static String describe(double budgetMinutes) {
        return String.format(java.util.Locale.ROOT, "with AutoML (%s-minute budget)", budgetMinutes == Math.rint(budgetMinutes)
                ? Long.toString((long) budgetMinutes) : Double.toString(budgetMinutes));
    }

    /** The run whose {@code model/} folder holds the model to register: the best trial's for sweeps and AutoML, else the job's own. */
    static String modelRun(JobDetail job) {
        return job.bestRun().orElse(job.job().name());
    }

    /** At most two headline metrics of a run, e.g. {@code "validation_AUC_weighted 0.925, validation_accuracy 0.869"}. */
    static String headline(Run run) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String key : HEADLINE_METRICS) {
            for (Metric m : run.metrics()) {
                if (n < 2 && m.key().equals(key)) {
                    sb.append(n++ == 0 ? "" : ", ").append(key).append(' ').append(String.format(java.util.Locale.ROOT, "%.3f", m.value()));
                }
            }
        }
        return sb.toString();
    }
}
