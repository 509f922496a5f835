package dev.cerulean.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.DeploymentState;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.client.OnlineDeploymentDetail;
import dev.cerulean.client.Typed;
import dev.cerulean.core.endpoint.DataCollectorSettings;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.core.endpoint.RequestSettings;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cerulean online-deployment ...}: deployments of registered models behind online endpoints, as {@code az ml online-deployment}. */
@Command(name = "online-deployment", mixinStandardHelpOptions = true, description = "Create, show, list and delete online deployments.",
        subcommands = {OnlineDeploymentCommand.Create.class, OnlineDeploymentCommand.Show.class, OnlineDeploymentCommand.ListCmd.class,
                OnlineDeploymentCommand.GetLogs.class, OnlineDeploymentCommand.Delete.class})
public final class OnlineDeploymentCommand {
    static final EndpointCommands.Kind<OnlineDeploymentDetail> KIND = EndpointCommands.Kind.deployments("deployment",
            EndpointClient::deployment, EndpointClient::deployments, EndpointClient::deleteDeployment, OnlineDeploymentCommand::print,
            List.of("NAME", "MODEL", "STATE", "INSTANCES", "CREATED"), d -> List.of(d.deployment().name(), d.deployment().model(),
                    d.provisioningState(), Integer.toString(d.deployment().instanceCount()), d.deployment().createdAt().toString()));

    static void print(Typed<OnlineDeploymentDetail> answer, Output out) {
        out.print(answer, detail -> {
            OnlineDeployment d = detail.deployment();
            RequestSettings rs = d.requestSettings();
            DeploymentState st = detail.status();
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"name", d.endpointName() + "/" + d.name()});
            f.add(new String[] {"model", d.model()});
            f.add(new String[] {"state", detail.provisioningState() + " (" + st.state() + ")" + (st.error() != null ? ": " + st.error() : "")});
            long ready = st.replicas().stream().filter(DeploymentState.Replica::ready).count();
            f.add(new String[] {"replicas", ready + " of " + d.instanceCount() + " ready"});
            f.add(new String[] {"requests", rs.maxConcurrentRequestsPerInstance() + " at once per replica, timeout " + rs.requestTimeoutMs()
                    + " ms, queue wait " + rs.maxQueueWaitMs() + " ms"});
            f.add(new String[] {"answered", out.compact(detail.requests())});
            DataCollectorSettings dc = d.dataCollector();
            if (dc != null) {
                List<String> c = dc.collections().stream().map(x -> x.name() + " → " + x.dataName()).toList();
                f.add(new String[] {"data collector", String.join(", ", c) + " (sampling " + dc.samplingRate() + ", rolling " + dc.rollingRate() + ")"});
            }
            f.add(EndpointCommands.created(d.createdAt(), d.createdBy()));
            out.fields(f);
        });
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
            ObjectNode body = EndpointCommands.spec(file, SpecKind.ONLINE_DEPLOYMENT, out, name, endpoint);
            String ep = body.get("endpoint_name").asText();
            EndpointClient ec = client.endpoints();
            out.note("Creating deployment " + body.get("name").asText() + " of " + ep + " (loading the model)...");
            Typed<OnlineDeploymentDetail> d = ec.createDeployment(ep, body);
            if (allTraffic) {
                String created = d.value().deployment().name();
                ec.updateOnline(ep, Map.of(created, 100), null, null);
                out.note("All live traffic of " + ep + " now goes to " + created);
                d = ec.deployment(ep, created);
            }
            print(d, out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a deployment: model, state, replicas, settings, requests answered.")
    static final class Show extends EndpointCommands.Show<OnlineDeploymentDetail> {
        Show() {
            super(KIND);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an endpoint's deployments.")
    static final class ListCmd extends EndpointCommands.ListAll<OnlineDeploymentDetail> {
        ListCmd() {
            super(KIND);
        }
    }

    @Command(name = "get-logs", mixinStandardHelpOptions = true,
            description = "The deployment's last log lines: loading, probes, restarts, server errors, draining.")
    static final class GetLogs extends ClientCommand {
        @Mixin
        EndpointCommands.DeploymentRef target;
        @Option(names = {"-l", "--lines"}, defaultValue = "100", description = "How many (default: ${DEFAULT-VALUE}, at most 2000).")
        int lines;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.print(client.endpoints().logs(target.endpoint, target.deployment, lines), l -> l.forEach(out::line));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a deployment that has no traffic; requests already routed to it finish first.")
    static final class Delete extends EndpointCommands.Delete<OnlineDeploymentDetail> {
        Delete() {
            super(KIND);
        }
    }
}
