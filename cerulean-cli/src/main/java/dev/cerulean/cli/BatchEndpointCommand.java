package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.client.Poll;
import dev.cerulean.client.Typed;
import dev.cerulean.core.endpoint.BatchEndpoint;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cerulean batch-endpoint ...}: batch scoring endpoints and their jobs, as {@code az ml batch-endpoint}. */
@Command(name = "batch-endpoint", mixinStandardHelpOptions = true, description = "Create batch endpoints, invoke them on data assets, follow their jobs.",
        subcommands = {BatchEndpointCommand.Create.class, BatchEndpointCommand.Show.class, BatchEndpointCommand.ListCmd.class,
                BatchEndpointCommand.Update.class, BatchEndpointCommand.Invoke.class, BatchEndpointCommand.ListJobs.class,
                BatchEndpointCommand.ShowJob.class, BatchEndpointCommand.CancelJob.class, BatchEndpointCommand.Delete.class})
public final class BatchEndpointCommand {
    static final EndpointCommands.Kind<BatchEndpoint> KIND = EndpointCommands.Kind.endpoints("batch endpoint", EndpointClient::batch,
            EndpointClient::batchList, EndpointClient::deleteBatch, BatchEndpointCommand::print, List.of("NAME", "DEFAULT DEPLOYMENT", "DESCRIPTION"),
            e -> List.of(e.name(), e.defaultDeployment() == null ? "-" : e.defaultDeployment(), e.description()));
    /** How often {@code invoke} asks how its job stands. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    static void print(Typed<BatchEndpoint> answer, Output out) {
        out.print(answer, e -> out.fields(List.of(new String[] {"name", e.name()},
                new String[] {"default deployment", e.defaultDeployment() == null ? "(none)" : e.defaultDeployment()},
                new String[] {"description", e.description()}, EndpointCommands.tags(e.tags(), out),
                EndpointCommands.created(e.createdAt(), e.createdBy()))));
    }

    /** One line about a job. */
    static String progress(BatchJob j) {
        return j.status() + ": " + j.rowsScored() + (j.rowsIn() >= 0 ? "/" + j.rowsIn() : "") + " rows scored, " + j.rowsFailed()
                + " failed, mini-batches " + j.miniBatchesDone() + (j.miniBatches() >= 0 ? "/" + j.miniBatches() : "")
                + (j.retries() > 0 ? ", " + j.retries() + " retries" : "");
    }

    static void printJob(Typed<BatchJob> answer, Output out) {
        out.print(answer, j -> {
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"job", j.id()});
            f.add(new String[] {"endpoint", j.endpointName() + "/" + j.deploymentName()});
            f.add(new String[] {"input", j.input()});
            f.add(new String[] {"status", j.status().toString()});
            f.add(new String[] {"rows", "in " + (j.rowsIn() < 0 ? "?" : Long.toString(j.rowsIn())) + ", scored " + j.rowsScored() + ", failed "
                    + j.rowsFailed() + ", not attempted " + j.rowsSkipped()});
            f.add(new String[] {"mini-batches", j.miniBatchesDone() + " of " + (j.miniBatches() < 0 ? "?" : Integer.toString(j.miniBatches()))
                    + ", " + j.retries() + " retries"});
            f.add(new String[] {"output", j.output() != null ? j.output() : "(none yet)"});
            if (j.error() != null) {
                f.add(new String[] {"error", j.error()});
            }
            f.add(EndpointCommands.created(j.createdAt(), j.createdBy()));
            out.fields(f);
        });
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a batch endpoint from an Azure ML batch endpoint YAML file.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE")
        Path file;
        @Option(names = {"-n", "--name"}, description = "Endpoint name (overrides the file's).")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            print(client.endpoints().createBatch(EndpointCommands.spec(file, SpecKind.BATCH_ENDPOINT, out, name, null)), out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a batch endpoint.")
    static final class Show extends EndpointCommands.Show<BatchEndpoint> {
        Show() {
            super(KIND);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List batch endpoints.")
    static final class ListCmd extends EndpointCommands.ListAll<BatchEndpoint> {
        ListCmd() {
            super(KIND);
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Set the deployment invocations use by default.")
    static final class Update extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = "--default-deployment", required = true, paramLabel = "DEPLOYMENT")
        String deployment;

        @Override
        protected int run(CeruleanClient client, Output out) {
            print(client.endpoints().setDefaultDeployment(name, deployment), out);
            return 0;
        }
    }

    @Command(name = "invoke", mixinStandardHelpOptions = true,
            description = "Score a data asset (a tabular file, a folder of tabular files, or an MLTable) in parallel mini-batches and register "
                    + "the predictions as a new version of a data asset. Follows the job's progress unless --no-wait.")
    static final class Invoke extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-i", "--input"}, required = true, paramLabel = "NAME:VERSION", description = "The data asset to score (azureml: prefix optional).")
        String input;
        @Option(names = {"-d", "--deployment-name"}, description = "Deployment to use (default: the endpoint's default).")
        String deployment;
        @Option(names = "--output-name", paramLabel = "NAME", description = "Data asset to register the output as (default: <endpoint>-predictions).")
        String outputName;
        @Option(names = "--id-column", paramLabel = "COLUMN", description = "Input column that identifies rows in the output (default: a column named id, "
                + "else file and row number).")
        String idColumn;
        @Option(names = "--no-wait", description = "Return the job at once instead of following it.")
        boolean noWait;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            EndpointClient ec = client.endpoints();
            Typed<BatchJob> started = ec.invoke(name, input.startsWith("azureml:") ? input.substring(8) : input, deployment, outputName, idColumn);
            BatchJob job = started.value();
            if (noWait) {
                if (out.isJson()) {
                    out.json(started.json());
                } else {
                    out.line(job.id());
                }
                return 0;
            }
            out.note("Job " + job.id() + " (" + name + "/" + job.deploymentName() + ", input " + job.input() + ")");
            Typed<BatchJob> last = started;
            if (!job.status().isFinal()) {
                String[] shown = {""};
                // A job ends by itself (its mini-batches have time limits), so this follows it as long as it runs.
                last = Poll.of(() -> ec.job(name, job.id())).every(PROGRESS_INTERVAL).until(j -> {
                    String line = progress(j.value());
                    if (!line.equals(shown[0])) {
                        out.note(line);
                        shown[0] = line;
                    }
                    return j.value().status().isFinal();
                });
            }
            printJob(last, out);
            return last.value().status() == BatchJob.Status.COMPLETED ? 0 : 1;
        }
    }

    @Command(name = "list-jobs", mixinStandardHelpOptions = true, description = "List an endpoint's jobs, newest first.")
    static final class ListJobs extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.table(client.endpoints().jobs(name), List.of("JOB", "DEPLOYMENT", "INPUT", "STATUS", "SCORED", "FAILED", "OUTPUT", "CREATED"),
                    j -> List.of(j.id(), j.deploymentName(), j.input(), j.status().toString(),
                            j.rowsScored() + "/" + (j.rowsIn() < 0 ? "?" : Long.toString(j.rowsIn())), Long.toString(j.rowsFailed()),
                            j.output() == null ? "-" : j.output(), j.createdAt().toString()));
            return 0;
        }
    }

    /** A command on one job of an endpoint ({@code -n NAME -j ID}) that prints the job. */
    abstract static class OnJob extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-j", "--job"}, required = true, paramLabel = "ID")
        String job;

        abstract Typed<BatchJob> call(EndpointClient endpoints);

        @Override
        protected int run(CeruleanClient client, Output out) {
            printJob(call(client.endpoints()), out);
            return 0;
        }
    }

    @Command(name = "show-job", mixinStandardHelpOptions = true, description = "Show a job: status, row counts, output, error.")
    static final class ShowJob extends OnJob {
        @Override
        Typed<BatchJob> call(EndpointClient endpoints) {
            return endpoints.job(name, job);
        }
    }

    @Command(name = "cancel-job", mixinStandardHelpOptions = true,
            description = "Stop a job: no new mini-batch starts; what was scored is registered; the job ends Canceled.")
    static final class CancelJob extends OnJob {
        @Override
        Typed<BatchJob> call(EndpointClient endpoints) {
            return endpoints.cancelJob(name, job);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a batch endpoint and its deployments (its jobs stay).")
    static final class Delete extends EndpointCommands.Delete<BatchEndpoint> {
        Delete() {
            super(KIND);
        }
    }
}
