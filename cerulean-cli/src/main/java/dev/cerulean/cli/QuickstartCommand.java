package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.DeploymentState;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.client.JobDetail;
import dev.cerulean.client.OnlineEndpointDetail;
import dev.cerulean.client.Poll;
import dev.cerulean.client.Typed;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.endpoint.BatchEndpoint;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.tracking.ModelVersion;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cerulean quickstart}: the first thing to run. Walks the whole path on the workspace, each
 * step through the same REST API the other commands use: registers the sample data, trains a model on
 * the Adult census data as a job, registers it, deploys it behind an online endpoint, scores a few
 * rows with each scoring protocol over HTTP, scores the whole data set with a batch endpoint, and says
 * what to try next. Running it again on the same workspace replaces its deployments with the new model.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Walk the whole path on a workspace: register the sample data, train a model on the Adult data (a job), register it, "
                + "deploy it to an online endpoint, score it over HTTP (Azure ML, MLflow and Open Inference Protocol), score the data with "
                + "a batch endpoint, and print what to try next.",
                "Run it again to retrain and redeploy: its endpoints are reused and their deployments replaced."})
public final class QuickstartCommand extends ClientCommand {
    /** The column of adult.csv to predict. */
    static final String TARGET = "income";
    /** The online and batch deployments quickstart (re)creates. */
    static final String DEPLOYMENT = "blue";
    /** The {@code source} tag on what quickstart creates, so that it only ever replaces its own endpoints. */
    static final String SOURCE = "cerulean-quickstart";
    /** Rows of adult.csv scored over HTTP. */
    static final int SCORING_ROWS = 5;

    private static final int STEPS = 7;
    private static final Duration JOB_LIMIT = Duration.ofMinutes(10);

    @Option(names = "--samples", paramLabel = "DIR",
            description = "Folder of sample CSV files, with adult.csv (default: $CERULEAN_SAMPLES, else samples/data of this Cerulean).")
    Path samples;

    @Option(names = "--budget-minutes", paramLabel = "MINUTES", defaultValue = "1",
            description = "Time budget of the AutoML training job (default: ${DEFAULT-VALUE}).")
    double budgetMinutes;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "adult-income",
            description = "Name of the registered model and the online endpoint; the batch endpoint is NAME-batch (default: ${DEFAULT-VALUE}).")
    String name;

    private final ObjectMapper json = ApiJson.create();
    private final ObjectNode summary = json.createObjectNode();
    private final List<String> details = new ArrayList<>();
    private Output out;
    private int step;
    // What the steps made, each read by the steps after it.
    private String data;
    private JobDetail trainingJob;
    private String model;
    private String key;

    @Override
    protected int run(CeruleanClient client, Output output) throws Exception {
        this.out = output;
        long started = System.nanoTime();
        Path dir = samplesDir();
        Path adult = dir.resolve("adult.csv");
        if (!Files.isRegularFile(adult)) {
            throw new CeruleanException(ErrorCode.NOT_FOUND, "no adult.csv in " + dir + ": quickstart trains on it (pass --samples DIR)", "samples");
        }
        String home = client.workspace().value().home();
        String base = client.base().toString();
        summary.put("home", home).put("url", base).put("embedded", session.isEmbedded());
        say("Cerulean quickstart on " + home + " (" + (session.isEmbedded() ? "embedded workspace at " : "server at ") + base + ")");
        say("");

        EndpointClient endpoints = client.endpoints();
        // Refuse before any work rather than after training: the endpoints' names must be free or quickstart's own.
        OnlineEndpointDetail online = find(() -> endpoints.online(name).value());
        if (online != null) {
            requireOwn(online.endpoint().name(), online.endpoint().tags(), "online endpoint");
        }
        BatchEndpoint batch = find(() -> endpoints.batch(name + "-batch").value());
        if (batch != null) {
            requireOwn(batch.name(), batch.tags(), "batch endpoint");
        }
        step("register the sample data", () -> registerSamples(client, dir));
        step("train a model", () -> train(client));
        step("register the model", () -> registerModel(client));
        step("deploy to an online endpoint", () -> deployOnline(endpoints));
        step("score over HTTP", () -> score(endpoints, adult));
        step("score the data with a batch endpoint", () -> batch(endpoints));
        step("summarise", () -> "Done in " + seconds(System.nanoTime() - started) + ": " + data.replaceFirst("^azureml:", "") + " → job "
                + trainingJob.job().name() + " → model " + model + " → endpoints " + name + " and " + name + "-batch");
        summary.put("seconds", (System.nanoTime() - started) / 1e9);

        if (out.isJson()) {
            out.json(summary);
            return 0;
        }
        next(base, dir);
        return 0;
    }

    // --- the steps -------------------------------------------------------------------------------

    /** Registers every sample (adult first) and remembers the Adult data asset as {@code azureml:adult:VERSION}. */
    private String registerSamples(CeruleanClient client, Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().equals("adult.csv"))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
        ArrayNode registered = summary.putArray("samples");
        List<String> cells = new ArrayList<>();
        String adult = null;
        for (Path f : files) {
            DataAsset a = register(client, f);
            String ref = a.id();
            registered.add(ref);
            cells.add(ref + " (" + Output.bytes(a.sizeBytes()) + ")");
            if (f.getFileName().toString().equals("adult.csv")) {
                adult = ref;
            }
        }
        // Four to a line keeps thirteen samples readable; `cerulean data list` has the full table.
        for (int i = 0; i < cells.size(); i += 4) {
            details.add(String.join(", ", cells.subList(i, Math.min(cells.size(), i + 4))));
        }
        String[] nv = Specs.nameAndVersion(adult);
        long rows = client.profile(nv[0], nv[1]).value().rowCount();
        summary.put("data", adult).put("data_rows", rows);
        data = "azureml:" + adult;
        return "Registered " + files.size() + " sample dataset" + (files.size() == 1 ? "" : "s") + "; training on " + data + " ("
                + String.format(Locale.ROOT, "%,d", rows) + " rows, target '" + TARGET + "')";
    }

    /** Submits the training job through the job API and waits for it to complete. */
    private String train(CeruleanClient client) throws IOException, InterruptedException {
        ObjectNode spec = QuickstartTraining.jobSpec(data, TARGET, budgetMinutes);
        String jobName = client.submitJob(spec, JobCommand.Jobs.localPaths(spec)).value().name();
        summary.put("job", jobName);
        JobDetail detail = await(() -> client.job(jobName).value(), d -> d.job().status().toString(), d -> d.job().status().isTerminal(),
                "training job " + jobName);
        Job job = detail.job();
        if (job.status() != JobStatus.COMPLETED) {
            throw new CeruleanException(ErrorCode.INVALID_STATE, "training job " + jobName + " " + job.status()
                    + (job.error() != null ? ": " + job.error() : "") + " (see ./cerulean job show " + jobName + ")");
        }
        trainingJob = detail;
        String metrics = QuickstartTraining.headline(client.tracking().run(QuickstartTraining.modelRun(detail)).value());
        return "Trained " + QuickstartTraining.describe(budgetMinutes) + ": job " + jobName + " Completed" + (metrics.isEmpty() ? "" : " (" + metrics + ")");
    }

    /** Registers the model of the training job's run (its best run, for jobs that have trials). */
    private String registerModel(CeruleanClient client) {
        String run = QuickstartTraining.modelRun(trainingJob);
        ModelVersion v = ModelCommand.register(client, run, "model", name, "Trained by cerulean quickstart on " + data);
        model = v.name() + ":" + v.version();
        summary.put("model", model);
        return "Registered model " + model + " from run " + run;
    }

    /**
     * Creates the online endpoint (or reuses the one an earlier quickstart created), replaces its
     * deployment with one of the registered model, routes all traffic to it and keeps its primary key.
     */
    private String deployOnline(EndpointClient endpoints) {
        OnlineEndpointDetail ep = find(() -> endpoints.online(name).value());
        if (ep == null) {
            ObjectNode spec = json.createObjectNode().put("name", name).put("auth_mode", "key")
                    .put("description", "Adult census income, deployed by cerulean quickstart");
            spec.putObject("tags").put("source", SOURCE);
            endpoints.createOnline(spec);
        } else {
            requireOwn(ep.endpoint().name(), ep.endpoint().tags(), "online endpoint");
            if (find(() -> endpoints.deployment(name, DEPLOYMENT)) != null) {
                // A deployment's model cannot change in place, and one with traffic cannot be deleted:
                // take the traffic away, replace the deployment, then give it back.
                endpoints.updateOnline(name, Map.of(), Map.of(), null);
                endpoints.deleteDeployment(name, DEPLOYMENT);
            }
        }
        ObjectNode dep = json.createObjectNode().put("name", DEPLOYMENT).put("endpoint_name", name).put("model", "azureml:" + model)
                .put("instance_count", 1);
        DeploymentState state = endpoints.createDeployment(name, dep).value().status();
        if (!state.ready()) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "deployment " + name + "/" + DEPLOYMENT + " is not ready: "
                    + (state.error() == null ? "(no error given)" : state.error()) + " (see ./cerulean online-deployment get-logs -e " + name
                    + " -n " + DEPLOYMENT + ")");
        }
        ep = endpoints.updateOnline(name, Map.of(DEPLOYMENT, 100), null, null).value();
        ObjectNode o = summary.putObject("online_endpoint").put("name", name).put("deployment", DEPLOYMENT).put("model", "azureml:" + model);
        o.put("scoring_uri", ep.scoringUri()).put("invocations_uri", ep.invocationsUri()).put("inference_uri", ep.inferenceUri());
        key = endpoints.keys(name).value().primaryKey();
        return "Deployed " + model + " to online endpoint " + name + " as '" + DEPLOYMENT + "' (1 replica, 100% of traffic)";
    }

    /** Scores a few rows of adult.csv (of both classes) with each protocol, checking each answers one prediction per row. */
    private String score(EndpointClient endpoints, Path adult) throws IOException {
        QuickstartRequests requests = QuickstartRequests.from(adult, TARGET, SCORING_ROWS, signature(model));
        Path saved = requestFolder();
        ObjectNode scoring = summary.putObject("scoring");
        JsonNode online = summary.path("online_endpoint");
        int n = requests.rows();

        byte[] azure = requests.azureMl();
        List<String> a = QuickstartRequests.predictions("Azure ML /score", endpoints.score(name, key, null, azure), n);
        protocol(scoring, "azureml", online.path("scoring_uri").asText(), "Azure ML", a, saved.resolve("score.json"), azure);

        byte[] mlflow = requests.mlflow();
        List<String> m = QuickstartRequests.predictions("MLflow /invocations", endpoints.invocations(name, key, mlflow), n);
        protocol(scoring, "mlflow", online.path("invocations_uri").asText(), "MLflow", m, saved.resolve("invocations.json"), mlflow);

        byte[] oip = requests.openInference();
        List<String> v2 = QuickstartRequests.predictions("Open Inference Protocol", endpoints.infer(name, key, oip), n);
        protocol(scoring, "oip", online.path("inference_uri").asText(), "OIP v2", v2, saved.resolve("infer.json"), oip);

        details.add(String.format(Locale.ROOT, "%-9s %s", "actual", String.join(", ", requests.actual())));
        ArrayNode actual = scoring.putArray("actual");
        requests.actual().forEach(actual::add);
        return "Scored " + n + " rows of adult.csv over HTTP with 3 protocols (Authorization: Bearer <endpoint key>)";
    }

    private void protocol(ObjectNode scoring, String id, String uri, String label, List<String> predictions, Path file, byte[] body)
            throws IOException {
        Files.write(file, body);
        ArrayNode p = scoring.putObject(id).put("uri", uri).put("request_file", file.toString()).putArray("predictions");
        predictions.forEach(p::add);
        details.add(String.format(Locale.ROOT, "%-9s %s  POST %s", label, String.join(", ", predictions), uri));
    }

    /**
     * Creates the batch endpoint (or reuses quickstart's own), replaces its deployment with one of the
     * registered model, scores the whole data asset and waits for the job.
     */
    private String batch(EndpointClient endpoints) throws InterruptedException {
        String batchName = name + "-batch";
        BatchEndpoint ep = find(() -> endpoints.batch(batchName).value());
        if (ep == null) {
            ObjectNode spec = json.createObjectNode().put("name", batchName).put("description", "Adult census income, batch scoring by cerulean quickstart");
            spec.putObject("tags").put("source", SOURCE);
            endpoints.createBatch(spec);
        } else {
            requireOwn(ep.name(), ep.tags(), "batch endpoint");
            if (find(() -> endpoints.batchDeployment(batchName, DEPLOYMENT)) != null) {
                endpoints.deleteBatchDeployment(batchName, DEPLOYMENT);
            }
        }
        ObjectNode dep = json.createObjectNode().put("name", DEPLOYMENT).put("endpoint_name", batchName).put("type", "model")
                .put("model", "azureml:" + model);
        dep.putObject("resources").put("instance_count", 1);
        dep.putObject("settings").put("max_concurrency_per_instance", 2).put("output_action", "append_row");
        endpoints.createBatchDeployment(batchName, dep, true);

        String id = endpoints.invoke(batchName, data.replaceFirst("^azureml:", ""), DEPLOYMENT, null, null).value().id();
        Typed<BatchJob> answer = await(() -> endpoints.job(batchName, id), j -> j.value().status().toString(), j -> j.value().status().isFinal(),
                "batch job " + id);
        summary.set("batch", answer.json());
        BatchJob job = answer.value();
        if (job.status() != BatchJob.Status.COMPLETED) {
            throw new CeruleanException(ErrorCode.INVALID_STATE, "batch job " + id + " " + BatchEndpointCommand.progress(job)
                    + (job.error() != null ? ": " + job.error() : "") + " (see ./cerulean batch-endpoint show-job -n "
                    + batchName + " -j " + id + ")");
        }
        return String.format(Locale.ROOT, "Batch job %s on %s Completed: %,d rows in, %,d scored, %,d failed; predictions in data asset %s",
                id, batchName, job.rowsIn(), job.rowsScored(), job.rowsFailed(), Output.text(job.output()));
    }

    private void next(String base, Path dir) {
        boolean embedded = session.isEmbedded();
        String job = summary.path("job").asText();
        String batch = summary.path("batch").path("id").asText();
        String requests = summary.path("scoring").path("azureml").path("request_file").asText();
        Path folder = Path.of(requests).getParent();
        String url = embedded ? Session.DEFAULT_URL : base;
        say("");
        if (embedded) {
            say("This workspace ran inside the command and has stopped. Serve it, with the endpoint restored, at " + Session.DEFAULT_URL + ":");
            say("  ./cerulean server" + (root().homeIsExplicit() ? " --home " + root().home() : "")
                    + "   # in another terminal; the commands below then use it");
        } else {
            say("The endpoint keeps serving at " + base + ".");
        }
        say("");
        say("Score it yourself (the request bodies quickstart sent are in " + folder + "):");
        say("  KEY=$(./cerulean online-endpoint get-credentials -n " + name + " | awk '/primaryKey/ {print $2}')");
        say("  curl -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' -d @" + folder.resolve("score.json") + " \\");
        say("       " + url + "/endpoints/" + name + "/score");
        say("  curl ... -d @" + folder.resolve("invocations.json") + " " + url + "/endpoints/" + name + "/invocations");
        say("  curl ... -d @" + folder.resolve("infer.json") + " " + url + "/v2/models/" + name + "/infer");
        say("");
        say("Look around:");
        List<String[]> tips = new ArrayList<>();
        tips.add(new String[] {"./cerulean job list", "the training job is " + job});
        tips.add(new String[] {"./cerulean job show " + job, "its metrics; charts and the model are in its run"});
        tips.add(new String[] {"./cerulean model show " + model, "flavors, signature, source run"});
        tips.add(new String[] {"./cerulean online-endpoint show -n " + name, "traffic and the three scoring URIs"});
        tips.add(new String[] {"./cerulean online-deployment show -e " + name + " -n " + DEPLOYMENT, "replicas, requests answered"});
        tips.add(new String[] {"./cerulean batch-endpoint show-job -n " + name + "-batch -j " + batch, "rows in, scored, failed; output"});
        tips.add(new String[] {"./cerulean data download " + summary.path("batch").path("output").asText() + " --to predictions/",
                "the batch predictions"});
        tips.add(new String[] {"./cerulean lineage show model " + model, "data → job → model → deployments"});
        tips.add(new String[] {"./cerulean data profile adult", "DuckDB statistics of the training data"});
        tips.add(new String[] {"./cerulean train --data azureml:" + summary.path("data").asText() + " --target " + TARGET
                + " --algorithm xgboost", "another model, as a job"});
        int width = tips.stream().mapToInt(t -> t[0].length()).max().orElse(0);
        tips.forEach(t -> say("  " + t[0] + " ".repeat(width - t[0].length()) + "   # " + t[1]));
        say("Sample data: " + dir + " (./cerulean data list).");
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Runs one step, printing one line with its duration and then its details; a failure names the step. */
    private void step(String what, Callable<String> work) throws Exception {
        int i = ++step;
        details.clear();
        long t0 = System.nanoTime();
        String line;
        try {
            line = work.call();
        } catch (CeruleanException e) {
            throw new CeruleanException(e.code(), failed(i, what, t0) + e.getMessage(), e.target(), e.details(), e);
        } catch (IOException | RuntimeException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, failed(i, what, t0) + e, null, List.of(), e);
        }
        long took = System.nanoTime() - t0;
        summary.withArray("steps").addObject().put("step", what).put("seconds", took / 1e9);
        say(String.format(Locale.ROOT, "[%d/%d] %s  (%s)", i, STEPS, line, seconds(took)));
        details.forEach(d -> say("      " + d));
    }

    private static String failed(int i, String what, long t0) {
        return "quickstart step " + i + "/" + STEPS + " (" + what + ") failed after " + seconds(System.nanoTime() - t0) + ": ";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    /** Step lines go to stdout, or to stderr when stdout is one JSON document. */
    private void say(String line) {
        if (out.isJson()) {
            out.note(line);
        } else {
            out.line(line);
        }
    }

    /** Polls until the state is final, within {@link #JOB_LIMIT}. */
    private static <T> T await(Supplier<T> get, Function<T, String> state, Predicate<T> ended, String what) throws InterruptedException {
        return Poll.of(get).every(Duration.ofMillis(100), Duration.ofMillis(500)).within(JOB_LIMIT, what, state).until(ended);
    }

    /** The resource, or null when the server says it does not exist. */
    private static <T> T find(Supplier<T> get) {
        try {
            return get.get();
        } catch (CeruleanException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Quickstart replaces deployments only behind endpoints it created itself. */
    private static void requireOwn(String endpoint, Map<String, String> tags, String kind) {
        if (!SOURCE.equals(tags.get("source"))) {
            throw new CeruleanException(ErrorCode.CONFLICT, kind + " '" + endpoint
                    + "' exists and quickstart did not create it; run quickstart with --name OTHER to leave it alone", "name");
        }
    }

    /** The registered model's input columns and their MLflow types, in signature order. */
    private List<String[]> signature(String model) {
        CeruleanClient client = session.client();
        String[] nv = Specs.nameAndVersion(model);
        ModelVersion version = client.modelVersion(nv[0], nv[1]).value();
        try {
            JsonNode sig = version.signature() == null ? json.createObjectNode() : ModelCommand.signature(client, version);
            JsonNode inputs = sig.path("inputs");
            if (inputs.isTextual()) {
                inputs = json.readTree(inputs.asText());
            }
            List<String[]> columns = new ArrayList<>();
            for (JsonNode c : inputs) {
                columns.add(new String[] {c.path("name").asText(), c.path("type").asText()});
            }
            if (columns.isEmpty()) {
                throw new CeruleanException(ErrorCode.INVALID_STATE, "model " + model + " has no input signature to build requests from");
            }
            return columns;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "model " + model + " has an unreadable signature: " + e.getOriginalMessage());
        }
    }

    /** Where the scoring requests are kept for the user to replay: {@code <home>/quickstart/}. */
    private Path requestFolder() throws IOException {
        Path folder = Path.of(summary.path("home").asText()).resolve("quickstart");
        if (!session.isEmbedded() && !Files.isDirectory(folder.getParent())) {
            // The server's home is on another machine: keep them in the current folder instead.
            folder = Path.of("cerulean-quickstart").toAbsolutePath();
        }
        Files.createDirectories(folder);
        return folder;
    }

    /** Registers a sample as version 1, or as the next version if version 1 holds other content. */
    private static DataAsset register(CeruleanClient client, Path file) {
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        ObjectNode spec = ApiJson.create().createObjectNode()
                .put("name", stem).put("version", 1).put("type", "uri_file").put("path", file.toAbsolutePath().toString())
                .put("description", "Sample dataset shipped with Cerulean (" + file.getFileName() + ")");
        spec.putObject("tags").put("source", "cerulean-samples");
        try {
            return client.createData(spec, false).value();
        } catch (CeruleanException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            spec.remove("version");
            return client.createData(spec, false).value();
        }
    }

    private Path samplesDir() {
        if (samples != null) {
            return samples.toAbsolutePath().normalize();
        }
        String env = System.getenv("CERULEAN_SAMPLES");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("samples", "data").toAbsolutePath();
        if (Files.isDirectory(cwd)) {
            return cwd;
        }
        try {
            // The jar lives in <checkout>/cerulean-app/target/: the samples are two levels up.
            Path jar = Path.of(QuickstartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("samples").resolve("data"))) {
                    return p.resolve("samples").resolve("data");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the error
        }
        throw new CeruleanException(ErrorCode.NOT_FOUND, "cannot find the sample data: pass --samples DIR or set CERULEAN_SAMPLES");
    }
}
