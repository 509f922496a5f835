package dev.cerulean.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.tracking.Dataset;
import dev.cerulean.core.tracking.DatasetInput;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.core.tracking.RunInfo;
import java.util.Map;

/**
 * MLflow's JSON for its entities: proto field names, int64 as JSON numbers (as MLflow's server
 * renders them), doubles that are not finite as strings, empty repeated fields left out.
 */
final class MlflowJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MlflowJson() {
    }

    static ObjectNode object() {
        return F.objectNode();
    }

    static ArrayNode keyValues(Map<String, String> m) {
        ArrayNode a = F.arrayNode();
        m.forEach((k, v) -> a.addObject().put("key", k).put("value", v));
        return a;
    }

    private static void putKeyValues(ObjectNode o, String field, Map<String, String> m) {
        if (!m.isEmpty()) {
            o.set(field, keyValues(m));
        }
    }

    static ObjectNode experiment(Experiment e) {
        ObjectNode o = F.objectNode().put("experiment_id", e.id()).put("name", e.name()).put("artifact_location", e.artifactLocation())
                .put("lifecycle_stage", e.lifecycleStage()).put("last_update_time", e.lastUpdateTime())
                .put("creation_time", e.creationTime());
        putKeyValues(o, "tags", e.tags());
        return o;
    }

    static ObjectNode runInfo(RunInfo r) {
        ObjectNode o = F.objectNode().put("run_uuid", r.runId()).put("run_id", r.runId()).put("run_name", r.runName())
                .put("experiment_id", r.experimentId()).put("user_id", r.userId() == null ? "" : r.userId()).put("status", r.status());
        if (r.startTime() != null) {
            o.put("start_time", r.startTime());
        }
        if (r.endTime() != null) {
            o.put("end_time", r.endTime());
        }
        return o.put("artifact_uri", r.artifactUri()).put("lifecycle_stage", r.lifecycleStage());
    }

    static ObjectNode metric(Metric m) {
        ObjectNode o = F.objectNode().put("key", m.key());
        putDouble(o, "value", m.value());
        return o.put("timestamp", m.timestamp()).put("step", m.step());
    }

    static void putDouble(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.put(field, "NaN");
        } else if (Double.isInfinite(v)) {
            o.put(field, v > 0 ? "Infinity" : "-Infinity");
        } else {
            o.put(field, v);
        }
    }

    static ObjectNode run(Run r) {
        ObjectNode o = F.objectNode();
        o.set("info", runInfo(r.info()));
        ObjectNode data = o.putObject("data");
        if (!r.metrics().isEmpty()) {
            ArrayNode ms = data.putArray("metrics");
            r.metrics().forEach(m -> ms.add(metric(m)));
        }
        putKeyValues(data, "params", r.params());
        putKeyValues(data, "tags", r.tags());
        ObjectNode inputs = o.putObject("inputs");
        if (!r.inputs().isEmpty()) {
            ArrayNode di = inputs.putArray("dataset_inputs");
            for (DatasetInput in : r.inputs()) {
                ObjectNode x = di.addObject();
                putKeyValues(x, "tags", in.tags());
                x.set("dataset", dataset(in.dataset()));
            }
        }
        return o;
    }

    static ObjectNode dataset(Dataset d) {
        ObjectNode o = F.objectNode().put("name", d.name()).put("digest", d.digest()).put("source_type", d.sourceType())
                .put("source", d.source());
        if (d.schema() != null) {
            o.put("schema", d.schema());
        }
        if (d.profile() != null) {
            o.put("profile", d.profile());
        }
        return o;
    }

    static ObjectNode registeredModel(RegisteredModel m) {
        ObjectNode o = F.objectNode().put("name", m.name()).put("creation_timestamp", m.creationTimestamp())
                .put("last_updated_timestamp", m.lastUpdatedTimestamp());
        if (m.userId() != null) {
            o.put("user_id", m.userId());
        }
        if (m.description() != null) {
            o.put("description", m.description());
        }
        if (!m.latestVersions().isEmpty()) {
            ArrayNode lv = o.putArray("latest_versions");
            m.latestVersions().forEach(v -> lv.add(modelVersion(v)));
        }
        putKeyValues(o, "tags", m.tags());
        if (!m.aliases().isEmpty()) {
            ArrayNode a = o.putArray("aliases");
            m.aliases().forEach((alias, v) -> a.addObject().put("alias", alias).put("version", Integer.toString(v)));
        }
        return o;
    }

    static ObjectNode modelVersion(ModelVersion v) {
        ObjectNode o = F.objectNode().put("name", v.name()).put("version", Integer.toString(v.version()))
                .put("creation_timestamp", v.creationTimestamp()).put("last_updated_timestamp", v.lastUpdatedTimestamp());
        if (v.userId() != null) {
            o.put("user_id", v.userId());
        }
        o.put("current_stage", v.currentStage());
        if (v.description() != null) {
            o.put("description", v.description());
        }
        o.put("source", v.source());
        if (v.runId() != null) {
            o.put("run_id", v.runId());
        }
        if (v.runLink() != null) {
            o.put("run_link", v.runLink());
        }
        o.put("status", v.status());
        if (v.statusMessage() != null) {
            o.put("status_message", v.statusMessage());
        }
        putKeyValues(o, "tags", v.tags());
        if (!v.aliases().isEmpty()) {
            ArrayNode a = o.putArray("aliases");
            v.aliases().forEach(a::add);
        }
        return o;
    }
}
