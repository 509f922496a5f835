package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cerulean batch-deployment ...}: deployments of registered models behind batch endpoints, as {@code az ml batch-deployment}. */
@Command(name = "batch-deployment", mixinStandardHelpOptions = true, description = "Create, show, list and delete batch deployments.",
        subcommands = {BatchDeploymentCommand.Create.class, BatchDeploymentCommand.Show.class, BatchDeploymentCommand.ListCmd.class,
                BatchDeploymentCommand.Delete.class})
public final class BatchDeploymentCommand {

    static void print(JsonNode d, Output out) {
        if (out.isJson()) {
            out.json(d);
            return;
        }
        JsonNode s = d.path("settings");
        out.fields(List.of(new String[] {"name", d.get("endpoint_name").asText() + "/" + d.get("name").asText()},
                new String[] {"model", d.path("model").asText()},
                new String[] {"concurrency", s.path("max_concurrency_per_instance").asText() + " per instance × " + d.path("instance_count").asText()},
                new String[] {"mini-batches", s.path("mini_batch_size").asText() + " files or " + s.path("mini_batch_rows").asText() + " rows"},
                new String[] {"output", s.path("output_action").asText() + " to " + s.path("output_file_name").asText()},
                new String[] {"errors", "threshold " + s.path("error_threshold").asText() + ", " + s.path("max_retries").asText()
                        + " retries, " + s.path("timeout_seconds").asText() + " s per attempt"},
                new String[] {"compute", d.path("compute").asText("-")},
                new String[] {"created", d.path("created_at").asText() + " by " + d.path("created_by").asText()}));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a batch deployment from an Azure ML batch deployment YAML file.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE")
        Path file;
        @Option(names = {"-n", "--name"}, description = "Deployment name (overrides the file's).")
        String name;
        @Option(names = {"-e", "--endpoint-name"}, description = "Endpoint (overrides the file's).")
        String endpoint;
        @Option(names = "--set-default", description = "Make it the endpoint's default deployment (the first deployment always is).")
        boolean setDefault;

        @Override
        protected int run(CeruleanClient client, Output out) {
            ObjectNode body = Specs.read(file, SpecKind.BATCH_DEPLOYMENT, out).body();
            if (name != null) {
                body.put("name", name);
            }
            if (endpoint != null) {
                body.put("endpoint_name", endpoint);
            }
            print(new EndpointClient(client).createBatchDeployment(body.get("endpoint_name").asText(), body, setDefault), out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a batch deployment.")
    static final class Show extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-e", "--endpoint-name"}, required = true)
        String endpoint;

        @Override
        protected int run(CeruleanClient client, Output out) {
            print(new EndpointClient(client).batchDeployment(endpoint, name), out);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a batch endpoint's deployments.")
    static final class ListCmd extends ClientCommand {
        @Option(names = {"-e", "--endpoint-name"}, required = true)
        String endpoint;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = new EndpointClient(client).batchDeployments(endpoint);
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode d : page.path("items")) {
                rows.add(List.of(d.get("name").asText(), d.path("model").asText(), d.path("settings").path("output_action").asText(),
                        d.path("created_at").asText()));
            }
            out.table(List.of("NAME", "MODEL", "OUTPUT", "CREATED"), rows);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a batch deployment (not the default one while others exist).")
    static final class Delete extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-e", "--endpoint-name"}, required = true)
        String endpoint;
        @Option(names = {"-y", "--yes"}, description = "Accepted for Azure CLI compatibility; Cerulean does not ask.")
        boolean yes;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode r = new EndpointClient(client).deleteBatchDeployment(endpoint, name);
            if (out.isJson()) {
                out.json(r);
            } else {
                out.note("Deleted batch deployment " + endpoint + "/" + name);
            }
            return 0;
        }
    }
}
