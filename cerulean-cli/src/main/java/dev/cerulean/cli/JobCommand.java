package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.files.LocalSpecFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cerulean job ...}: submit, follow and inspect jobs. */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Submit, follow, cancel and inspect jobs.",
        subcommands = {JobCommand.Create.class, JobCommand.Show.class, JobCommand.ListCmd.class, JobCommand.Stream.class,
                JobCommand.Cancel.class, JobCommand.Download.class})
public final class JobCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Submit a job from its YAML (command, train or sweep job). Local code and data are uploaded as snapshots.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The job's YAML.")
        Path file;
        @Option(names = {"-n", "--name"}, description = "The job's name (default: the YAML's, else a generated one).")
        String name;
        @Option(names = "--set", paramLabel = "PATH=VALUE",
                description = "Override a field of the YAML, e.g. --set compute=local --set inputs.lr=0.1; repeatable.")
        Map<String, String> sets = new LinkedHashMap<>();
        @Option(names = "--stream", description = "Print the job's log until it ends; the exit code is then the job's outcome.")
        boolean stream;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            Spec parsed = Specs.read(file, null, out);
            ObjectNode body = parsed.body();
            if (name != null) {
                body.put("name", name);
            }
            if (!sets.isEmpty()) {
                ObjectNode b = body;
                sets.forEach((k, v) -> Overrides.set(b, k, v));
                // Re-check: an override may have broken the spec, and the client must upload what it now names.
                body = new SpecParser(LocalSpecFiles.INSTANCE).check(body, file.toString(), file.toAbsolutePath().getParent(), parsed.kind()).body();
            }
            return Jobs.submit(client, session, body, stream, out);
        }
    }

    @Command(name = "stream", mixinStandardHelpOptions = true, description = "Print a job's log until it ends; exit 0 if it completed.")
    static final class Stream extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            return Jobs.follow(client, name, out);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A job: state, timing, error, metrics, outputs and trials.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode job = client.job(name);
            if (out.isJson()) {
                out.json(job);
                return 0;
            }
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"name", job.get("name").asText()});
            f.add(new String[] {"type", job.get("type").asText()});
            f.add(new String[] {"status", job.get("status").asText()});
            f.add(new String[] {"display name", job.path("display_name").asText()});
            String expId = job.path("experiment_id").asText();
            String expName = client.mlflowGet("experiments/get", Map.of("experiment_id", expId)).path("experiment").path("name").asText();
            f.add(new String[] {"experiment", expName + " (" + expId + ")"});
            f.add(new String[] {"compute", job.path("compute").asText()});
            f.add(new String[] {"created", job.path("created_at").asText() + " by " + job.path("created_by").asText()});
            if (job.hasNonNull("started_at")) {
                f.add(new String[] {"started", job.get("started_at").asText()});
            }
            if (job.hasNonNull("ended_at")) {
                f.add(new String[] {"ended", job.get("ended_at").asText()});
            }
            String duration = Jobs.duration(job);
            if (!duration.isEmpty()) {
                f.add(new String[] {"duration", duration});
            }
            if (job.hasNonNull("code_hash")) {
                f.add(new String[] {"code", job.get("code_hash").asText()});
            }
            if (job.hasNonNull("parent")) {
                f.add(new String[] {"parent", job.get("parent").asText()});
            }
            if (job.has("trials_total")) {
                f.add(new String[] {"objective", job.path("goal").asText() + " " + job.path("primary_metric").asText()});
                if (job.hasNonNull("best_run")) {
                    f.add(new String[] {"best run", job.get("best_run").asText() + " (" + job.path("primary_metric").asText() + " "
                            + Output.number(job.get("best_value")) + ")"});
                }
                f.add(new String[] {"trials", job.get("trials_total").asInt() + " (" + job.path("trials_completed").asInt() + " completed, "
                        + job.path("trials_failed").asInt() + " failed, " + job.path("trials_canceled").asInt() + " canceled ("
                        + job.path("trials_early_terminated").asInt() + " early-terminated), " + job.path("trials_active").asInt()
                        + " queued or running)"});
            }
            f.add(new String[] {"run", client.base() + "/api/2.0/mlflow/runs/get?run_id=" + job.get("name").asText()});
            out.fields(f);
            if (job.hasNonNull("error")) {
                out.line("error:");
                job.get("error").asText().lines().forEach(l -> out.line("  " + l));
            }
            JsonNode run = client.mlflowGet("runs/get", Map.of("run_id", name)).path("run");
            List<List<String>> metrics = new ArrayList<>();
            for (JsonNode m : run.path("data").path("metrics")) {
                metrics.add(List.of(m.get("key").asText(), Output.number(m.get("value")), m.path("step").asText()));
            }
            if (!metrics.isEmpty()) {
                out.line("metrics:");
                out.table(List.of("KEY", "VALUE", "STEP"), metrics);
            }
            JsonNode outputs = job.path("spec").path("outputs");
            if (outputs.isObject() && outputs.size() > 0) {
                out.line("outputs: " + String.join(", ", (Iterable<String>) outputs::fieldNames) + " (cerulean job download " + name + ")");
            }
            for (JsonNode t : run.path("data").path("tags")) {
                if (t.get("key").asText().equals("cerulean.registered_model")) {
                    out.line("registered model: " + t.get("value").asText());
                }
            }
            if (job.hasNonNull("best_run") && !job.has("trials_total")) {
                out.line("best: " + job.path("primary_metric").asText() + " " + Output.number(job.path("best_value")) + " in run "
                        + job.get("best_run").asText() + " (cerulean model register --job " + name + " --name NAME)");
            }
            if (job.path("type").asText().equals("automl")) {
                trials(client, job, out);
                return 0;
            }
            JsonNode children = client.jobs(null, name, 10_000).path("items");
            if (children.size() > 0 && job.has("trials_total")) {
                out.line("trials:");
                Jobs.trials(client, job, children, out);
            } else if (children.size() > 0) {
                out.line("trials:");
                Jobs.table(children, out);
            }
            return 0;
        }

        /** The leaderboard: the job's child runs, best first by its primary metric. */
        private static void trials(CeruleanClient client, JsonNode job, Output out) {
            String metric = job.path("primary_metric").asText(null);
            boolean maximize = !job.path("goal").asText("maximize").equals("minimize");
            List<JsonNode> runs = new ArrayList<>();
            String token = null;
            do {
                Map<String, Object> body = new java.util.LinkedHashMap<>();
                body.put("experiment_ids", List.of(job.path("experiment_id").asText()));
                body.put("filter", "tags.mlflow.parentRunId = '" + job.get("name").asText() + "'");
                body.put("max_results", 1000);
                if (token != null) {
                    body.put("page_token", token);
                }
                JsonNode page = client.mlflowPost("runs/search", body);
                page.path("runs").forEach(runs::add);
                token = page.path("next_page_token").asText(null);
            } while (token != null && !token.isEmpty());
            if (runs.isEmpty()) {
                return;
            }
            List<Object[]> rows = new ArrayList<>();
            for (JsonNode r : runs) {
                Map<String, String> tags = new java.util.HashMap<>();
                r.path("data").path("tags").forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
                Double value = null;
                String seconds = "";
                for (JsonNode m : r.path("data").path("metrics")) {
                    if (m.get("key").asText().equals(metric) && m.get("value").isNumber()) {
                        value = m.get("value").asDouble();
                    }
                    if (m.get("key").asText().equals("duration_seconds")) {
                        seconds = String.format(java.util.Locale.ROOT, "%.1fs", m.get("value").asDouble());
                    }
                }
                rows.add(new Object[] {value, List.of(tags.getOrDefault("cerulean.trial", ""), tags.getOrDefault("cerulean.algorithm", ""),
                        value == null ? "-" : Output.number(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(value)),
                        seconds, tags.getOrDefault("cerulean.trial_status", r.path("info").path("status").asText()),
                        r.path("info").path("run_id").asText())});
            }
            rows.sort((a, b) -> {
                if (a[0] == null || b[0] == null) {
                    return a[0] == null ? (b[0] == null ? 0 : 1) : -1;
                }
                int c = Double.compare((Double) a[0], (Double) b[0]);
                return maximize ? -c : c;
            });
            List<List<String>> table = new ArrayList<>();
            for (Object[] r : rows) {
                @SuppressWarnings("unchecked")
                List<String> cells = (List<String>) r[1];
                table.add(cells);
            }
            out.line("trials (" + runs.size() + ", best first):");
            out.table(List.of("TRIAL", "ALGORITHM", metric == null ? "METRIC" : metric, "DURATION", "STATUS", "RUN"), table);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
    static final class ListCmd extends ClientCommand {
        @Option(names = "--status", description = "Only jobs in this state (Queued, Starting, Running, Completed, Failed, Canceled).")
        String status;
        @Option(names = "--parent", paramLabel = "JOB", description = "Only the trials of this sweep or AutoML job.")
        String parent;
        @Option(names = "--max-results", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int max;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = client.jobs(status, parent, max);
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            Jobs.table(page.path("items"), out);
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a queued or running job (its processes are killed).")
    static final class Cancel extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode job = client.cancelJob(name);
            if (out.isJson()) {
                out.json(job);
            } else {
                out.line(name + " " + job.get("status").asText());
            }
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download a job's outputs and logs (its run's artifacts) into a folder.")
    static final class Download extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--output-name", paramLabel = "OUTPUT", description = "Only this named output.")
        String outputName;
        @Option(names = "--all", description = "Every artifact of the run, not only outputs and logs.")
        boolean all;
        @Option(names = {"--download-path", "--to"}, paramLabel = "DIR", description = "Where to write (default: ./<job name>).")
        Path to;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            JsonNode run = client.mlflowGet("runs/get", Map.of("run_id", name)).path("run");
            String root = run.path("info").path("artifact_uri").asText().replaceFirst("^mlflow-artifacts:/+", "");
            Path dir = (to != null ? to : Path.of(name)).toAbsolutePath().normalize();
            List<String> folders = outputName != null ? List.of("outputs/" + outputName) : all ? List.of("") : List.of("outputs", "user_logs");
            int n = 0;
            for (String folder : folders) {
                String remote = folder.isEmpty() ? root : root + "/" + folder;
                if (outputName != null && client.artifactFiles(remote).isEmpty()) {
                    throw new InvalidParameterException("job " + name + " has no output named '" + outputName + "' (or it is empty)",
                            "output-name");
                }
                n += Downloads.folder(client, remote, folder.isEmpty() ? dir : dir.resolve(folder), out);
            }
            out.note("Downloaded " + n + " files of job " + name + " to " + dir);
            return 0;
        }
    }

    /** What job commands share. */
    static final class Jobs {
        private Jobs() {
        }

        /**
         * Submits a job spec (uploading the local paths it names) and, when asked or when the job runs
         * in this command's own embedded workspace, follows it to its end.
         *
         * @return the exit code: 0 when submitted (or, when followed, when it completed)
         */
        static int submit(CeruleanClient client, Session session, ObjectNode spec, boolean stream, Output out) throws Exception {
            JsonNode job = client.submitJob(spec, localPaths(spec));
            String jobName = job.get("name").asText();
            boolean follow = stream || session.isEmbedded();
            if (out.isJson() && !follow) {
                out.json(job);
                return 0;
            }
            out.note("Submitted " + job.get("type").asText() + " job " + jobName + " (experiment " + job.path("experiment_id").asText()
                    + ", compute " + job.path("compute").asText() + ")");
            if (!follow) {
                out.line(jobName);
                out.note("Follow it with: cerulean job stream " + jobName);
                return 0;
            }
            if (!stream) {
                out.note("No server is running, so this command runs the job in its own workspace and waits for it to end.");
            }
            int code = follow(client, jobName, out);
            if (out.isJson()) {
                out.json(client.job(jobName));
            }
            return code;
        }

        /** The local files and folders a spec names (absolute after parsing), which the server cannot read itself. */
        static List<String> localPaths(JsonNode spec) {
            List<String> paths = new ArrayList<>();
            // A sweep's trial names its code and data; its inputs may be the sweep's or the trial's.
            for (JsonNode part : List.of(spec, spec.path("trial"))) {
                addLocal(part.path("code"), paths);
                addLocal(part.path("data"), paths);
                part.path("inputs").forEach(in -> {
                    if (in.isObject() && in.has("path") && !List.of("string", "number", "integer", "boolean").contains(in.path("type").asText())) {
                        addLocal(in.get("path"), paths);
                    }
                });
            }
            for (String table : List.of("training_data", "validation_data", "test_data")) {
                addLocal(spec.path(table), paths);
            }
            return paths;
        }

        private static void addLocal(JsonNode node, List<String> paths) {
            if (node.isObject()) {
                node = node.path("path");
            }
            if (node.isTextual()) {
                String p = node.asText();
                if (p.startsWith("/") && !paths.contains(p)) {
                    paths.add(p);
                }
            }
        }

        /** Prints the job's log as it grows, then its outcome; exit code 0 only when it completed. */
        static int follow(CeruleanClient client, String name, Output out) throws InterruptedException {
            long offset = 0;
            long sleep = 200;
            while (true) {
                JsonNode chunk = client.jobLogs(name, offset);
                String text = chunk.path("text").asText();
                if (!text.isEmpty()) {
                    // With JSON output the log goes to stderr, so stdout stays one JSON document.
                    java.io.PrintStream log = out.isJson() ? System.err : out.out();
                    log.print(text);
                    log.flush();
                    sleep = 200;
                }
                offset = chunk.path("next_offset").asLong(offset);
                if (chunk.path("ended").asBoolean() && text.isEmpty()) {
                    break;
                }
                if (text.isEmpty()) {
                    Thread.sleep(sleep);
                    sleep = Math.min(1000, sleep * 2);
                }
            }
            JsonNode job = client.job(name);
            String status = job.get("status").asText();
            out.note("");
            out.note("Job " + name + " " + status + (Jobs.duration(job).isEmpty() ? "" : " after " + Jobs.duration(job)) + ".");
            if (job.hasNonNull("error") && !status.equals("Completed")) {
                out.note(job.get("error").asText());
            }
            return status.equals("Completed") ? 0 : 1;
        }

        static String duration(JsonNode job) {
            if (!job.hasNonNull("started_at")) {
                return "";
            }
            Instant start = Instant.parse(job.get("started_at").asText());
            Instant end = job.hasNonNull("ended_at") ? Instant.parse(job.get("ended_at").asText()) : Instant.now();
            Duration d = Duration.between(start, end);
            long s = d.toSeconds();
            return s >= 60 ? (s / 60) + "m " + (s % 60) + "s" : String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }

        /**
         * A sweep's trials, best first by the objective (trials without a value last, by number):
         * trial, status (with the rule that stopped an early-terminated one), metric and parameters.
         */
        static void trials(CeruleanClient client, JsonNode sweep, JsonNode children, Output out) {
            String metric = sweep.path("primary_metric").asText();
            boolean maximize = sweep.path("goal").asText().equals("maximize");
            record Row(String name, int number, String status, double value, String params, String duration) {
            }
            List<Row> rows = new ArrayList<>();
            for (JsonNode c : children) {
                String childName = c.get("name").asText();
                JsonNode data = client.mlflowGet("runs/get", Map.of("run_id", childName)).path("run").path("data");
                double value = Double.NaN;
                for (JsonNode m : data.path("metrics")) {
                    if (m.path("key").asText().equals(metric)) {
                        value = m.path("value").asDouble();
                    }
                }
                String status = c.get("status").asText();
                for (JsonNode t : data.path("tags")) {
                    if (t.path("key").asText().equals("cerulean.early_terminated")) {
                        status += " (" + t.path("value").asText() + ")";
                    }
                }
                // Only the hyperparameters the sweep samples (a train trial's run also has its fixed settings).
                JsonNode space = sweep.path("spec").path("search_space");
                List<String> params = new ArrayList<>();
                for (JsonNode p : data.path("params")) {
                    String key = p.path("key").asText();
                    String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
                    if (space.size() == 0 || space.has(top)) {
                        params.add(key + "=" + p.path("value").asText());
                    }
                }
                int number = c.path("spec").path("trial_of").path("number").asInt(rows.size());
                rows.add(new Row(childName, number, status, value, String.join(", ", params), duration(c)));
            }
            java.util.Comparator<Row> byValue = (a, b) -> {
                boolean av = Double.isFinite(a.value());
                boolean bv = Double.isFinite(b.value());
                if (av != bv) {
                    return av ? -1 : 1;
                }
                int cmp = av ? Double.compare(a.value(), b.value()) * (maximize ? -1 : 1) : 0;
                return cmp != 0 ? cmp : Integer.compare(a.number(), b.number());
            };
            rows.sort(byValue);
            List<List<String>> table = new ArrayList<>();
            for (Row r : rows) {
                table.add(List.of(r.name(), r.status(), Double.isFinite(r.value()) ? Output.number(
                        com.fasterxml.jackson.databind.node.DoubleNode.valueOf(r.value())) : "-", r.params(), r.duration()));
            }
            out.table(List.of("TRIAL", "STATUS", metric.toUpperCase(java.util.Locale.ROOT), "PARAMS", "DURATION"), table);
        }

        static void table(JsonNode jobs, Output out) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode j : jobs) {
                rows.add(List.of(j.get("name").asText(), j.get("type").asText(), j.get("status").asText(), j.path("display_name").asText(),
                        j.path("compute").asText(), j.path("created_at").asText(), duration(j)));
            }
            out.table(List.of("NAME", "TYPE", "STATUS", "DISPLAY NAME", "COMPUTE", "CREATED", "DURATION"), rows);
        }
    }
}
