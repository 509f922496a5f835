package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.client.CeruleanClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Helpers for commands over the MLflow routes: key–value lists, times, experiment lookup. */
final class Mlflow {
    private Mlflow() {
    }

    static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode kv : list) {
            m.put(kv.get("key").asText(), kv.path("value").asText());
        }
        return m;
    }

    static String time(JsonNode millis) {
        return millis == null || millis.isMissingNode() || millis.isNull() ? "" : Instant.ofEpochMilli(millis.asLong()).toString();
    }

    /** An experiment id for a name or id. */
    static String experimentId(CeruleanClient c, String nameOrId) {
        if (nameOrId.matches("\\d+")) {
            return c.mlflowGet("experiments/get", Map.of("experiment_id", nameOrId)).get("experiment").get("experiment_id").asText();
        }
        return c.mlflowGet("experiments/get-by-name", Map.of("experiment_name", nameOrId)).get("experiment").get("experiment_id").asText();
    }

    /** Duration between a run's start and end (or now, while it runs). */
    static String duration(JsonNode info) {
        if (!info.has("start_time")) {
            return "";
        }
        long end = info.has("end_time") ? info.get("end_time").asLong() : System.currentTimeMillis();
        long s = Math.max(0, (end - info.get("start_time").asLong()) / 1000);
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
