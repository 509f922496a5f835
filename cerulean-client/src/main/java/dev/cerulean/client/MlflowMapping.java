package dev.cerulean.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.tracking.Dataset;
import dev.cerulean.core.tracking.DatasetInput;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.core.tracking.RunInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads MLflow's JSON (proto field names, tags as key–value lists, versions as strings, doubles that
 * are not finite as strings, empty repeated fields left out) into core's tracking records: the
 * inverse of how the server renders them.
 */
final class MlflowMapping {
    private MlflowMapping() {
    }

    /** A search answer: the list in {@code field} and {@code next_page_token}. */
    static <T> Typed<PageOf<T>> page(JsonNode answer, String field, Function<JsonNode, T> item) {
        List<T> items = new ArrayList<>();
        for (JsonNode n : answer.path(field)) {
            items.add(item.apply(n));
        }
        String token = answer.path("next_page_token").asText("");
        return new Typed<>(new PageOf<>(items, token.isEmpty() ? null : token), answer);
    }

    /** The entity in the answer's {@code field} ({@code {"run": {...}}}). */
    static <T> Typed<T> entity(JsonNode answer, String field, Function<JsonNode, T> read) {
        JsonNode n = answer.path(field);
        if (!n.isObject()) {
            throw new CeruleanException(ErrorCode.INTERNAL, "the server's answer has no '" + field + "': " + answer);
        }
        return new Typed<>(read.apply(n), n);
    }

    static Experiment experiment(JsonNode n) {
        return new Experiment(n.path("experiment_id").asText(), n.path("name").asText(), text(n, "artifact_location"),
                n.path("lifecycle_stage").asText(Experiment.ACTIVE), n.path("creation_time").asLong(), n.path("last_update_time").asLong(),
                keyValues(n.path("tags")));
    }

    static RunInfo runInfo(JsonNode n) {
        String id = n.hasNonNull("run_id") ? n.get("run_id").asText() : n.path("run_uuid").asText();
        return new RunInfo(id, n.path("experiment_id").asText(), text(n, "run_name"), text(n, "user_id"), n.path("status").asText(),
                number(n, "start_time"), number(n, "end_time"), text(n, "artifact_uri"), n.path("lifecycle_stage").asText(Experiment.ACTIVE));
    }

    static Run run(JsonNode n) {
        List<Metric> metrics = new ArrayList<>();
        n.path("data").path("metrics").forEach(m -> metrics.add(metric(m)));
        List<DatasetInput> inputs = new ArrayList<>();
        for (JsonNode in : n.path("inputs").path("dataset_inputs")) {
            JsonNode d = in.path("dataset");
            inputs.add(new DatasetInput(new Dataset(text(d, "name"), text(d, "digest"), text(d, "source_type"), text(d, "source"),
                    text(d, "schema"), text(d, "profile")), keyValues(in.path("tags"))));
        }
        return new Run(runInfo(n.path("info")), metrics, keyValues(n.path("data").path("params")), keyValues(n.path("data").path("tags")),
                inputs);
    }

    static Metric metric(JsonNode n) {
        return new Metric(n.path("key").asText(), real(n.path("value")), n.path("timestamp").asLong(), n.path("step").asLong());
    }

    static RegisteredModel registeredModel(JsonNode n) {
        List<ModelVersion> latest = new ArrayList<>();
        n.path("latest_versions").forEach(v -> latest.add(modelVersion(v)));
        Map<String, Integer> aliases = new LinkedHashMap<>();
        n.path("aliases").forEach(a -> aliases.put(a.path("alias").asText(), Integer.parseInt(a.path("version").asText())));
        return new RegisteredModel(n.path("name").asText(), n.path("creation_timestamp").asLong(), n.path("last_updated_timestamp").asLong(),
                text(n, "user_id"), text(n, "description"), latest, keyValues(n.path("tags")), aliases);
    }

    /** A model version in MLflow's fields (Cerulean's details, such as its files' location, come from {@code /api/v1/models}). */
    static ModelVersion modelVersion(JsonNode n) {
        List<String> aliases = new ArrayList<>();
        n.path("aliases").forEach(a -> aliases.add(a.asText()));
        return new ModelVersion(n.path("name").asText(), Integer.parseInt(n.path("version").asText()), n.path("creation_timestamp").asLong(),
                n.path("last_updated_timestamp").asLong(), text(n, "user_id"), text(n, "current_stage"), text(n, "description"),
                text(n, "source"), text(n, "run_id"), text(n, "run_link"), text(n, "status"), text(n, "status_message"),
                keyValues(n.path("tags")), aliases, null, List.of(), null);
    }

    /** {@code [{"key": k, "value": v}, ...]} in order. */
    static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode kv : list) {
            m.put(kv.path("key").asText(), kv.path("value").asText());
        }
        return m;
    }

    /** A double as MLflow writes it: a number, or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
    static double real(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Long number(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asLong() : null;
    }
}
