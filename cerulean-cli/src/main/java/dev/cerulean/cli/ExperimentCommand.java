package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.client.CeruleanClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cerulean experiment list|show}. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Experiments (MLflow's).",
        subcommands = {ExperimentCommand.ListCmd.class, ExperimentCommand.Show.class})
public final class ExperimentCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List experiments.")
    static final class ListCmd extends ClientCommand {
        @Option(names = "--filter", description = "MLflow filter, e.g. \"name LIKE 'churn%'\".")
        String filter;
        @Option(names = "--all", description = "Include deleted experiments.")
        boolean all;

        @Override
        protected int run(CeruleanClient client, Output out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("max_results", 1000);
            body.put("view_type", all ? "ALL" : "ACTIVE_ONLY");
            if (filter != null) {
                body.put("filter", filter);
            }
            JsonNode page = client.mlflowPost("experiments/search", body);
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode e : page.path("experiments")) {
                rows.add(List.of(e.get("experiment_id").asText(), e.get("name").asText(), e.get("lifecycle_stage").asText(),
                        Mlflow.time(e.get("creation_time")), e.get("artifact_location").asText()));
            }
            out.table(List.of("ID", "NAME", "STAGE", "CREATED", "ARTIFACTS"), rows);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an experiment and its latest runs.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME_OR_ID")
        String experiment;

        @Override
        protected int run(CeruleanClient client, Output out) {
            String id = Mlflow.experimentId(client, experiment);
            JsonNode e = client.mlflowGet("experiments/get", Map.of("experiment_id", id)).get("experiment");
            JsonNode runs = client.mlflowPost("runs/search", Map.of("experiment_ids", List.of(id), "max_results", 20));
            if (out.isJson()) {
                var o = dev.cerulean.core.ApiJson.create().createObjectNode();
                o.set("experiment", e);
                o.set("runs", runs.path("runs"));
                out.json(o);
                return 0;
            }
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"id", e.get("experiment_id").asText()});
            f.add(new String[] {"name", e.get("name").asText()});
            f.add(new String[] {"stage", e.get("lifecycle_stage").asText()});
            f.add(new String[] {"artifacts", e.get("artifact_location").asText()});
            f.add(new String[] {"created", Mlflow.time(e.get("creation_time"))});
            f.add(new String[] {"tags", Mlflow.keyValues(e.path("tags")).toString()});
            out.fields(f);
            out.line("");
            RunCommand.printRuns(runs.path("runs"), out);
            return 0;
        }
    }
}
