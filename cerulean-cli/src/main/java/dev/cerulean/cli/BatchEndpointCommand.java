package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
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

    static void print(JsonNode e, Output out) {
        if (out.isJson()) {
            out.json(e);
            return;
        }
        out.fields(List.of(new String[] {"name", e.get("name").asText()},
                new String[] {"default deployment", e.path("default_deployment").asText("(none)")},
                new String[] {"description", e.path("description").asText()}, new String[] {"tags", e.path("tags").toString()},
                new String[] {"created", e.path("created_at").asText() + " by " + e.path("created_by").asText()}));
    }

    /** One line about a job. */
    static String progress(JsonNode j) {
        long in = j.path("rows_in").asLong(-1);
        int batches = j.path("mini_batches").asInt(-1);
        return j.path("status").asText() + ": " + j.path("rows_scored").asLong() + (in >= 0 ? "/" + in : "") + " rows scored, "
                + j.path("rows_failed").asLong() + " failed, mini-batches " + j.path("mini_batches_done").asInt() + (batches >= 0 ? "/" + batches : "")
                + (j.path("retries").asInt() > 0 ? ", " + j.path("retries").asInt() + " retries" : "");
    }

    static void printJob(JsonNode j, Output out) {
        if (out.isJson()) {
            out.json(j);
            return;
        }
        List<String[]> f = new ArrayList<>();
        f.add(new String[] {"job", j.get("id").asText()});
        f.add(new String[] {"endpoint", j.get("endpoint_name").asText() + "/" + j.get("deployment_name").asText()});
        f.add(new String[] {"input", j.get("input").asText()});
        f.add(new String[] {"status", j.get("status").asText()});
        f.add(new String[] {"rows", "in " + (j.path("rows_in").asLong() < 0 ? "?" : j.path("rows_in").asText()) + ", scored "
                + j.path("rows_scored").asText() + ", failed " + j.path("rows_failed").asText() + ", not attempted " + j.path("rows_skipped").asText()});
        f.add(new String[] {"mini-batches", j.path("mini_batches_done").asText() + " of " + (j.path("mini_batches").asInt() < 0 ? "?"
                : j.path("mini_batches").asText()) + ", " + j.path("retries").asText() + " retries"});
        f.add(new String[] {"output", j.hasNonNull("output") ? j.get("output").asText() : "(none yet)"});
        if (j.hasNonNull("error")) {
            f.add(new String[] {"error", j.get("error").asText()});
        }
        f.add(new String[] {"created", j.path("created_at").asText() + " by " + j.path("created_by").asText()});
        out.fields(f);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a batch endpoint from an Azure ML batch endpoint YAML file.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE")
        Path file;
        @Option(names = {"-n", "--name"}, description = "Endpoint name (overrides the file's).")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            ObjectNode body = Specs.read(file, SpecKind.BATCH_ENDPOINT, out).body();
            if (name != null) {
                body.put("name", name);
            }
            print(new EndpointClient(client).createBatch(body), out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a batch endpoint.")
    static final class Show extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            print(new EndpointClient(client).batch(name), out);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List batch endpoints.")
    static final class ListCmd extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = new EndpointClient(client).batchList();
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode e : page.path("items")) {
                rows.add(List.of(e.get("name").asText(), e.path("default_deployment").asText("-"), e.path("description").asText()));
            }
            out.table(List.of("NAME", "DEFAULT DEPLOYMENT", "DESCRIPTION"), rows);
            return 0;
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
            print(new EndpointClient(client).setDefaultDeployment(name, deployment), out);
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
            EndpointClient ec = new EndpointClient(client);
            JsonNode job = ec.invoke(name, input.startsWith("azureml:") ? input.substring(8) : input, deployment, outputName, idColumn);
            String id = job.get("id").asText();
            if (noWait) {
                if (out.isJson()) {
                    out.json(job);
                } else {
                    out.line(id);
                }
                return 0;
            }
            out.note("Job " + id + " (" + name + "/" + job.get("deployment_name").asText() + ", input " + job.get("input").asText() + ")");
            String last = "";
            while (!isFinal(job)) {
                Thread.sleep(500);
                job = ec.job(name, id);
                String line = progress(job);
                if (!line.equals(last)) {
                    out.note(line);
                    last = line;
                }
            }
            printJob(job, out);
            return job.get("status").asText().equals("Completed") ? 0 : 1;
        }
    }

    static boolean isFinal(JsonNode job) {
        String s = job.get("status").asText();
        return s.equals("Completed") || s.equals("Failed") || s.equals("Canceled");
    }

    @Command(name = "list-jobs", mixinStandardHelpOptions = true, description = "List an endpoint's jobs, newest first.")
    static final class ListJobs extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = new EndpointClient(client).jobs(name);
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode j : page.path("items")) {
                rows.add(List.of(j.get("id").asText(), j.get("deployment_name").asText(), j.get("input").asText(), j.get("status").asText(),
                        j.path("rows_scored").asText() + "/" + (j.path("rows_in").asLong() < 0 ? "?" : j.path("rows_in").asText()),
                        j.path("rows_failed").asText(), j.path("output").asText("-"), j.path("created_at").asText()));
            }
            out.table(List.of("JOB", "DEPLOYMENT", "INPUT", "STATUS", "SCORED", "FAILED", "OUTPUT", "CREATED"), rows);
            return 0;
        }
    }

    @Command(name = "show-job", mixinStandardHelpOptions = true, description = "Show a job: status, row counts, output, error.")
    static final class ShowJob extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-j", "--job"}, required = true, paramLabel = "ID")
        String job;

        @Override
        protected int run(CeruleanClient client, Output out) {
            printJob(new EndpointClient(client).job(name, job), out);
            return 0;
        }
    }

    @Command(name = "cancel-job", mixinStandardHelpOptions = true,
            description = "Stop a job: no new mini-batch starts; what was scored is registered; the job ends Canceled.")
    static final class CancelJob extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-j", "--job"}, required = true, paramLabel = "ID")
        String job;

        @Override
        protected int run(CeruleanClient client, Output out) {
            printJob(new EndpointClient(client).cancelJob(name, job), out);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a batch endpoint and its deployments (its jobs stay).")
    static final class Delete extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-y", "--yes"}, description = "Accepted for Azure CLI compatibility; Cerulean does not ask.")
        boolean yes;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode r = new EndpointClient(client).deleteBatch(name);
            if (out.isJson()) {
                out.json(r);
            } else {
                out.note("Deleted batch endpoint " + name);
            }
            return 0;
        }
    }
}
