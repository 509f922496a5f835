package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.tracking.RunInfo;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Helpers for commands over the MLflow routes: tags, times, experiment lookup. */
final class Mlflow {
    private Mlflow() {
    }

    /** Tags or params sorted by key, so that tables list them in the same order every time. */
    static Map<String, String> sorted(Map<String, String> m) {
        return new TreeMap<>(m);
    }

    /** Epoch milliseconds as an instant, or empty. */
    static String time(Long millis) {
        return millis == null ? "" : Instant.ofEpochMilli(millis).toString();
    }

    /** An experiment id for a name or id. */
    static String experimentId(CeruleanClient c, String nameOrId) {
        if (nameOrId.matches("\\d+")) {
            return c.tracking().experiment(nameOrId).value().id();
        }
        return c.tracking().experimentByName(nameOrId).value().id();
    }

    /** Duration between a run's start and end (or now, while it runs). */
    static String duration(RunInfo info) {
        if (info.startTime() == null) {
            return "";
        }
        long end = info.endTime() != null ? info.endTime() : System.currentTimeMillis();
        long s = Math.max(0, (end - info.startTime()) / 1000);
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
