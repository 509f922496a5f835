package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cerulean online-deployment ...}: deployments of registered models behind online endpoints, as {@code az ml online-deployment}. */
@Command(name = "online-deployment", mixinStandardHelpOptions = true, description = "Create, show, list and delete online deployments.",
        subcommands = {OnlineDeploymentCommand.Create.class, OnlineDeploymentCommand.Show.class, OnlineDeploymentCommand.ListCmd.class,
                OnlineDeploymentCommand.GetLogs.class, OnlineDeploymentCommand.Delete.class})
public final class OnlineDeploymentCommand {

    static void print(JsonNode d, Output out) {
        if (out.isJson()) {
            out.json(d);
            return;
        }
        JsonNode rs = d.path("request_settings");
        JsonNode st = d.path("status");
        List<String[]> f = new ArrayList<>();
        f.add(new String[] {"name", d.get("endpoint_name").asText() + "/" + d.get("name").asText()});
        f.add(new String[] {"model", d.path("model").asText()});
        f.add(new String[] {"state", d.path("provisioning_state").asText() + " (" + st.path("state").asText() + ")"
                + (st.hasNonNull("error") ? ": " + st.get("error").asText() : "")});
        int ready = 0;
        for (JsonNode r : st.path("replicas")) {
            ready += r.path("ready").asBoolean() ? 1 : 0;
        }
        f.add(new String[] {"replicas", ready + " of " + d.path("instance_count").asText() + " ready"});
        f.add(new String[] {"requests", rs.path("max_concurrent_requests_per_instance").asText() + " at once per replica, timeout "
                + rs.path("request_timeout_ms").asText() + " ms, queue wait " + rs.path("max_queue_wait_ms").asText() + " ms"});
        f.add(new String[] {"answered", d.path("requests").toString()});
        if (d.hasNonNull("data_collector")) {
            List<String> c = new ArrayList<>();
            d.get("data_collector").path("collections").forEach(x -> c.add(x.path("name").asText() + " → " + x.path("data_name").asText()));
            f.add(new String[] {"data collector", String.join(", ", c) + " (sampling " + d.get("data_collector").path("sampling_rate").asText()
                    + ", rolling " + d.get("data_collector").path("rolling_rate").asText() + ")"});
        }
        f.add(new String[] {"created", d.path("created_at").asText() + " by " + d.path("created_by").asText()});
        out.fields(f);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a deployment from an Azure ML online deployment YAML file; waits until its replicas are ready.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "managedOnlineDeployment YAML (name, endpoint_name, model: azureml:NAME:VERSION, instance_count, request_settings, ...).")
        Path file;
        @Option(names = {"-n", "--name"}, description = "Deployment name (overrides the file's).")
        String name;
        @Option(names = {"-e", "--endpoint-name"}, description = "Endpoint (overrides the file's).")
        String endpoint;
        @Option(names = "--all-traffic", description = "Then send all of the endpoint's live traffic to this deployment.")
        boolean allTraffic;

        @Override
        protected int run(CeruleanClient client, Output out) {
            ObjectNode body = Specs.read(file, SpecKind.ONLINE_DEPLOYMENT, out).body();
            if (name != null) {
                body.put("name", name);
            }
            if (endpoint != null) {
                body.put("endpoint_name", endpoint);
            }
            String ep = body.get("endpoint_name").asText();
            EndpointClient ec = new EndpointClient(client);
            out.note("Creating deployment " + body.get("name").asText() + " of " + ep + " (loading the model)...");
            JsonNode d = ec.createDeployment(ep, body);
            if (allTraffic) {
                ec.updateOnline(ep, Map.of(d.get("name").asText(), 100), null, null);
                out.note("All live traffic of " + ep + " now goes to " + d.get("name").asText());
                d = ec.deployment(ep, d.get("name").asText());
            }
            print(d, out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a deployment: model, state, replicas, settings, requests answered.")
    static final class Show extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-e", "--endpoint-name"}, required = true)
        String endpoint;

        @Override
        protected int run(CeruleanClient client, Output out) {
            print(new EndpointClient(client).deployment(endpoint, name), out);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an endpoint's deployments.")
    static final class ListCmd extends ClientCommand {
        @Option(names = {"-e", "--endpoint-name"}, required = true)
        String endpoint;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = new EndpointClient(client).deployments(endpoint);
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode d : page.path("items")) {
                rows.add(List.of(d.get("name").asText(), d.path("model").asText(), d.path("provisioning_state").asText(),
                        d.path("instance_count").asText(), d.path("created_at").asText()));
            }
            out.table(List.of("NAME", "MODEL", "STATE", "INSTANCES", "CREATED"), rows);
            return 0;
        }
    }

    @Command(name = "get-logs", mixinStandardHelpOptions = true,
            description = "The deployment's last log lines: loading, probes, restarts, server errors, draining.")
    static final class GetLogs extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-e", "--endpoint-name"}, required = true)
        String endpoint;
        @Option(names = {"-l", "--lines"}, defaultValue = "100", description = "How many (default: ${DEFAULT-VALUE}, at most 2000).")
        int lines;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode r = new EndpointClient(client).logs(endpoint, name, lines);
            if (out.isJson()) {
                out.json(r);
            } else {
                r.path("lines").forEach(l -> out.line(l.asText()));
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a deployment that has no traffic; requests already routed to it finish first.")
    static final class Delete extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-e", "--endpoint-name"}, required = true)
        String endpoint;
        @Option(names = {"-y", "--yes"}, description = "Accepted for Azure CLI compatibility; Cerulean does not ask.")
        boolean yes;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode r = new EndpointClient(client).deleteDeployment(endpoint, name);
            if (out.isJson()) {
                out.json(r);
            } else {
                out.note("Deleted deployment " + endpoint + "/" + name);
            }
            return 0;
        }
    }
}
