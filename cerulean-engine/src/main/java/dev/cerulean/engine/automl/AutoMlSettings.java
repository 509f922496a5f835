package dev.cerulean.engine.automl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.ml.automl.Algorithms;
import dev.cerulean.ml.automl.AutoMlLimits;
import dev.cerulean.ml.automl.AutoMlSpec;
import dev.cerulean.ml.automl.AutoMlTask;
import dev.cerulean.ml.automl.FeaturizationSettings;
import dev.cerulean.ml.automl.PrimaryMetrics;
import dev.cerulean.ml.automl.TrainingSettings;
import dev.cerulean.ml.forecast.ForecastSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the settings of a normalised AutoML job spec into the AutoML library's settings. The same reading
 * checks a job when it is submitted (so a primary metric the task does not have, an unknown algorithm or a bad
 * forecasting setting is a 400 naming the field) and configures it when it runs.
 */
public final class AutoMlSettings {
    /** A workstation-sized default budget when the spec sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    private AutoMlSettings() {
    }

    /** A builder with everything but the data; throws InvalidParameterException naming the field. */
    public static AutoMlSpec.Builder read(JsonNode s) {
        AutoMlTask task = AutoMlTask.parse(s.get("task").asText());
        String metric = PrimaryMetrics.resolve(task, s.path("primary_metric").asText(null));
        JsonNode l = s.path("limits");
        Duration timeout = l.has("timeout_minutes") ? Duration.ofMillis(Math.round(l.get("timeout_minutes").asDouble() * 60_000))
                : DEFAULT_TIMEOUT;
        Duration trialTimeout = l.has("trial_timeout_minutes")
                ? Duration.ofMillis(Math.round(l.get("trial_timeout_minutes").asDouble() * 60_000)) : null;
        AutoMlLimits limits = new AutoMlLimits(timeout, trialTimeout, l.path("max_trials").asInt(AutoMlLimits.DEFAULT.maxTrials()),
                l.path("max_concurrent_trials").asInt(AutoMlLimits.DEFAULT.maxConcurrentTrials()),
                l.path("enable_early_termination").asBoolean(true), l.hasNonNull("exit_score") ? l.get("exit_score").asDouble() : null);

        JsonNode t = s.path("training");
        TrainingSettings training = new TrainingSettings(strings(t.path("allowed_training_algorithms")),
                strings(t.path("blocked_training_algorithms")), t.path("enable_vote_ensemble").asBoolean(true),
                t.hasNonNull("enable_stack_ensemble") ? t.get("enable_stack_ensemble").asBoolean() : null,
                t.path("enable_model_explainability").asBoolean(true));
        Algorithms.resolve(task, training.allowedAlgorithms(), training.blockedAlgorithms(), new ArrayList<>());

        JsonNode f = s.path("featurization");
        Map<String, String> columnTypes = new LinkedHashMap<>();
        f.path("column_name_and_types").fields().forEachRemaining(e -> columnTypes.put(e.getKey(), e.getValue().asText()));
        FeaturizationSettings featurization = new FeaturizationSettings(FeaturizationSettings.Mode.parse(f.path("mode").asText("auto")),
                strings(f.path("blocked_transformers")), columnTypes);

        AutoMlSpec.Builder b = AutoMlSpec.builder().task(task).primaryMetric(metric).target(s.get("target_column_name").asText())
                .limits(limits).training(training).featurization(featurization).seed(s.path("seed").asLong(42));
        if (s.has("validation_data_size")) {
            b.validationDataSize(s.get("validation_data_size").asDouble());
        }
        if (s.has("test_data_size")) {
            b.testDataSize(s.get("test_data_size").asDouble());
        }
        JsonNode cv = s.path("n_cross_validations");
        if (cv.isNumber()) {
            b.nCrossValidations(cv.asInt());
        }
        if (task == AutoMlTask.FORECASTING) {
            b.forecasting(forecasting(s.get("forecasting")));
        }
        return b;
    }

    private static ForecastSettings forecasting(JsonNode fc) {
        JsonNode ids = fc.path("time_series_id_column_names");
        List<String> idColumns = ids.isTextual() ? List.of(ids.asText()) : strings(ids);
        JsonNode lags = fc.path("target_lags");
        List<Integer> lagList = new ArrayList<>();
        if (lags.isArray()) {
            lags.forEach(x -> lagList.add(x.asInt()));
        } else if (lags.isNumber()) {
            lagList.add(lags.asInt());
        }
        return new ForecastSettings(fc.get("time_column_name").asText(), idColumns, autoInt(fc.path("forecast_horizon"), 0),
                lagList, autoInt(fc.path("target_rolling_window_size"), 0),
                fc.path("seasonality").isNumber() ? fc.get("seasonality").asInt() : null, fc.path("frequency").asText(null),
                ForecastSettings.ShortSeriesHandling.parse(fc.path("short_series_handling_config").asText("auto")),
                autoInt(fc.path("cv_step_size"), 0), fc.path("target_aggregate_function").asText(null));
    }

    private static int autoInt(JsonNode n, int auto) {
        return n.isNumber() ? n.asInt() : auto;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(x -> out.add(x.asText()));
        return out;
    }
}
