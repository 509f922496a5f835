package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.client.Typed;
import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.BatchSettings;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cerulean batch-deployment ...}: deployments of registered models behind batch endpoints, as {@code az ml batch-deployment}. */
@Command(name = "batch-deployment", mixinStandardHelpOptions = true, description = "Create, show, list and delete batch deployments.",
        subcommands = {BatchDeploymentCommand.Create.class, BatchDeploymentCommand.Show.class, BatchDeploymentCommand.ListCmd.class,
                BatchDeploymentCommand.Delete.class})
public final class BatchDeploymentCommand {
    static final EndpointCommands.Kind<BatchDeployment> KIND = EndpointCommands.Kind.deployments("batch deployment",
            EndpointClient::batchDeployment, EndpointClient::batchDeployments, EndpointClient::deleteBatchDeployment, BatchDeploymentCommand::print,
            List.of("NAME", "MODEL", "OUTPUT", "CREATED"), d -> List.of(d.name(), d.model(), d.settings().outputAction().toString(),
                    d.createdAt().toString()));

    static void print(Typed<BatchDeployment> answer, Output out) {
        out.print(answer, d -> {
            BatchSettings s = d.settings();
            out.fields(List.of(new String[] {"name", d.endpointName() + "/" + d.name()}, new String[] {"model", d.model()},
                    new String[] {"concurrency", s.maxConcurrencyPerInstance() + " per instance × " + d.instanceCount()},
                    new String[] {"mini-batches", s.miniBatchSize() + " files or " + s.miniBatchRows() + " rows"},
                    new String[] {"output", s.outputAction() + " to " + s.outputFileName()},
                    new String[] {"errors", "threshold " + s.errorThreshold() + ", " + s.maxRetries() + " retries, " + s.timeoutSeconds() + " s per attempt"},
                    new String[] {"compute", d.compute() == null ? "-" : d.compute()},
                    EndpointCommands.created(d.createdAt(), d.createdBy())));
        });
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
            var body = EndpointCommands.spec(file, SpecKind.BATCH_DEPLOYMENT, out, name, endpoint);
            print(client.endpoints().createBatchDeployment(body.get("endpoint_name").asText(), body, setDefault), out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a batch deployment.")
    static final class Show extends EndpointCommands.Show<BatchDeployment> {
        Show() {
            super(KIND);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a batch endpoint's deployments.")
    static final class ListCmd extends EndpointCommands.ListAll<BatchDeployment> {
        ListCmd() {
            super(KIND);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a batch deployment (not the default one while others exist).")
    static final class Delete extends EndpointCommands.Delete<BatchDeployment> {
        Delete() {
            super(KIND);
        }
    }
}
