package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.JobDetail;
import dev.cerulean.client.LogChunk;
import dev.cerulean.client.Poll;
import dev.cerulean.client.RunSearch;
import dev.cerulean.client.Typed;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.Leaderboard;
import dev.cerulean.core.jobs.SearchSummary;
import dev.cerulean.core.jobs.SweepSummary;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.files.LocalSpecFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
            Typed<JobDetail> answer = client.job(name);
            if (out.isJson()) {
                out.json(answer.json());
                return 0;
            }
            Job job = answer.value().job();
            Optional<SweepSummary> sweep = answer.value().sweep();
            SearchSummary search = answer.value().search();
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"name", job.name()});
            f.add(new String[] {"type", Jobs.type(job)});
            f.add(new String[] {"status", job.status().toString()});
            f.add(new String[] {"display name", Output.text(job.displayName())});
            String expId = Output.text(job.experimentId());
            f.add(new String[] {"experiment", client.tracking().experiment(expId).value().name() + " (" + expId + ")"});
            f.add(new String[] {"compute", Output.text(job.compute())});
            f.add(new String[] {"created", Output.text(job.createdAt()) + " by " + Output.text(job.createdBy())});
            if (job.startedAt() != null) {
                f.add(new String[] {"started", job.startedAt().toString()});
            }
            if (job.endedAt() != null) {
                f.add(new String[] {"ended", job.endedAt().toString()});
            }
            String duration = Jobs.duration(job);
            if (!duration.isEmpty()) {
                f.add(new String[] {"duration", duration});
            }
            if (job.codeHash() != null) {
                f.add(new String[] {"code", job.codeHash()});
            }
            if (job.parent() != null) {
                f.add(new String[] {"parent", job.parent()});
            }
            sweep.ifPresent(s -> {
                f.add(new String[] {"objective", Output.text(s.goal()) + " " + Output.text(s.primaryMetric())});
                if (s.bestRun() != null) {
                    f.add(new String[] {"best run", s.bestRun() + " (" + Output.text(s.primaryMetric()) + " " + Output.number(s.bestValue()) + ")"});
                }
                f.add(new String[] {"trials", s.trialsTotal() + " (" + s.trialsCompleted() + " completed, " + s.trialsFailed() + " failed, "
                        + s.trialsCanceled() + " canceled (" + s.trialsEarlyTerminated() + " early-terminated), " + s.trialsActive()
                        + " queued or running)"});
            });
            f.add(new String[] {"run", client.base() + "/api/2.0/mlflow/runs/get?run_id=" + job.name()});
            out.fields(f);
            if (job.error() != null) {
                out.line("error:");
                job.error().lines().forEach(l -> out.line("  " + l));
            }
            Run run = client.tracking().run(name).value();
            List<List<String>> metrics = run.metrics().stream().map(m -> List.of(m.key(), Output.number(m.value()), Long.toString(m.step())))
                    .toList();
            if (!metrics.isEmpty()) {
                out.line("metrics:");
                out.table(List.of("KEY", "VALUE", "STEP"), metrics);
            }
            JsonNode outputs = job.spec() == null ? null : job.spec().path("outputs");
            if (outputs != null && outputs.isObject() && outputs.size() > 0) {
                out.line("outputs: " + String.join(", ", (Iterable<String>) outputs::fieldNames) + " (cerulean job download " + name + ")");
            }
            String registered = run.tags().get("cerulean.registered_model");
            if (registered != null) {
                out.line("registered model: " + registered);
            }
            if (sweep.isEmpty() && search != null && search.bestRun() != null) {
                out.line("best: " + Output.text(search.primaryMetric()) + " " + Output.number(search.bestValue()) + " in run "
                        + search.bestRun() + " (cerulean model register --job " + name + " --name NAME)");
            }
            if (Jobs.type(job).equals("automl")) {
                trials(client, job, search, out);
                return 0;
            }
            List<Job> children = client.jobs(null, name, 10_000).value();
            if (!children.isEmpty() && sweep.isPresent()) {
                out.line("trials:");
                Jobs.trials(client, job, sweep.get(), children, out);
            } else if (!children.isEmpty()) {
                out.line("trials:");
                Jobs.table(children, out);
            }
            return 0;
        }

        /** The leaderboard: the job's child runs, best first by its primary metric. */
        private static void trials(CeruleanClient client, Job job, SearchSummary search, Output out) {
            Leaderboard board = client.leaderboard(job.name()).value();
            if (board.entries().isEmpty()) {
                return;
            }
            List<List<String>> table = new ArrayList<>();
            for (Leaderboard.Entry e : board.ranked()) {
                String seconds = e.details().containsKey("duration_seconds")
                        ? String.format(Locale.ROOT, "%.1fs", Double.parseDouble(e.details().get("duration_seconds"))) : "";
                table.add(List.of(e.number() < 1_000_000 ? Integer.toString(e.number()) : "", e.details().getOrDefault("algorithm", ""),
                        e.scored() ? Output.number(e.value()) : "-", seconds, e.status(), e.run()));
            }
            String metric = board.primaryMetric().isEmpty() ? null : board.primaryMetric();
            out.line("trials (" + board.entries().size() + ", best first):");
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
            out.print(client.jobs(status, parent, max), jobs -> Jobs.table(jobs, out));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a queued or running job (its processes are killed).")
    static final class Cancel extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.print(client.cancelJob(name), job -> out.line(name + " " + job.status()));
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
            String root = Output.text(client.tracking().run(name).value().info().artifactUri()).replaceFirst("^mlflow-artifacts:/+", "");
            Path dir = (to != null ? to : Path.of(name)).toAbsolutePath().normalize();
            List<String> folders = outputName != null ? List.of("outputs/" + outputName) : all ? List.of("") : List.of("outputs", "user_logs");
            int n = 0;
            for (String folder : folders) {
                String remote = folder.isEmpty() ? root : root + "/" + folder;
                if (outputName != null && client.tracking().artifactFiles(remote).isEmpty()) {
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
        /** How often {@code stream} asks for more of the log: from the first interval, doubling to the last while nothing is written. */
        static final Duration LOG_FIRST = Duration.ofMillis(200);
        static final Duration LOG_MAX = Duration.ofSeconds(1);
        /** The API's mapper: a job's type is written as the server writes it. */
        private static final ObjectMapper API = ApiJson.create();

        private Jobs() {
        }

        /** The job's type as the API spells it ({@code command}, {@code train}, {@code sweep}, {@code automl}). */
        static String type(Job job) {
            // Through the API's mapper, so the text is the wire name whatever Java type carries it.
            return API.convertValue(job.type(), String.class);
        }

        /**
         * Submits a job spec (uploading the local paths it names) and, when asked or when the job runs
         * in this command's own embedded workspace, follows it to its end.
         *
         * @return the exit code: 0 when submitted (or, when followed, when it completed)
         */
        static int submit(CeruleanClient client, Session session, ObjectNode spec, boolean stream, Output out) throws Exception {
            Typed<Job> submitted = client.submitJob(spec, localPaths(spec));
            Job job = submitted.value();
            String jobName = job.name();
            boolean follow = stream || session.isEmbedded();
            if (out.isJson() && !follow) {
                out.json(submitted.json());
                return 0;
            }
            out.note("Submitted " + type(job) + " job " + jobName + " (experiment " + Output.text(job.experimentId()) + ", compute "
                    + Output.text(job.compute()) + ")");
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
                out.json(client.job(jobName).json());
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

        /**
         * Prints the job's log as it grows, then its outcome; exit code 0 only when it completed. Follows
         * the job as long as it runs: the server ends it at its own time limit.
         */
        static int follow(CeruleanClient client, String name, Output out) throws InterruptedException {
            // With JSON output the log goes to stderr, so stdout stays one JSON document.
            java.io.PrintStream log = out.isJson() ? System.err : out.out();
            long[] offset = {0};
            Poll.of(() -> {
                LogChunk chunk = client.jobLogs(name, offset[0]);
                if (!chunk.text().isEmpty()) {
                    log.print(chunk.text());
                    log.flush();
                }
                offset[0] = chunk.nextOffset();
                return chunk;
            }).every(LOG_FIRST, LOG_MAX).resetWhen(c -> !c.text().isEmpty()).until(c -> c.ended() && c.text().isEmpty());
            Job job = client.job(name).value().job();
            String status = job.status().toString();
            out.note("");
            out.note("Job " + name + " " + status + (duration(job).isEmpty() ? "" : " after " + duration(job)) + ".");
            if (job.error() != null && job.status() != JobStatus.COMPLETED) {
                out.note(job.error());
            }
            return job.status() == JobStatus.COMPLETED ? 0 : 1;
        }

        static String duration(Job job) {
            return duration(job.startedAt(), job.endedAt());
        }

        /** From a start to an end (or now, while it runs); empty before it started. */
        static String duration(Instant started, Instant ended) {
            if (started == null) {
                return "";
            }
            Instant end = ended != null ? ended : Instant.now();
            Duration d = Duration.between(started, end);
            long s = d.toSeconds();
            return s >= 60 ? (s / 60) + "m " + (s % 60) + "s" : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }

        /**
         * A sweep's trials, best first by the objective (trials without a value last, by number):
         * trial, status (with the rule that stopped an early-terminated one), metric and parameters.
         */
        static void trials(CeruleanClient client, Job sweep, SweepSummary summary, List<Job> children, Output out) {
            Leaderboard board = client.leaderboard(sweep.name()).value();
            List<List<String>> table = new ArrayList<>();
            for (Leaderboard.Entry e : board.ranked()) {
                String status = e.status();
                String rule = e.details().get("early_terminated");
                if (rule != null) {
                    status += " (" + rule + ")";
                }
                Instant started = e.details().containsKey("started_at") ? Instant.parse(e.details().get("started_at")) : null;
                Instant ended = e.details().containsKey("ended_at") ? Instant.parse(e.details().get("ended_at")) : null;
                table.add(List.of(e.name(), status, e.scored() ? Output.number(e.value()) : "-", e.details().getOrDefault("params", ""),
                        duration(started, ended)));
            }
            out.table(List.of("TRIAL", "STATUS", Output.text(board.primaryMetric()).toUpperCase(Locale.ROOT), "PARAMS", "DURATION"), table);
        }

        static void table(List<Job> jobs, Output out) {
            List<List<String>> rows = new ArrayList<>();
            for (Job j : jobs) {
                rows.add(List.of(j.name(), type(j), j.status().toString(), Output.text(j.displayName()), Output.text(j.compute()),
                        Output.text(j.createdAt()), duration(j)));
            }
            out.table(List.of("NAME", "TYPE", "STATUS", "DISPLAY NAME", "COMPUTE", "CREATED", "DURATION"), rows);
        }
    }
}
