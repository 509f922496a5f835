package dev.cerulean.service.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.tracking.Metric;
import dev.cerulean.core.tracking.Run;
import dev.cerulean.engine.CancelToken;
import dev.cerulean.ml.chart.SweepCharts;
import dev.cerulean.ml.tune.EarlyTerminationPolicy;
import dev.cerulean.ml.tune.Goal;
import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.Sampler;
import dev.cerulean.ml.tune.SearchSpace;
import dev.cerulean.ml.tune.SweepSettings;
import dev.cerulean.ml.tune.Termination;
import dev.cerulean.ml.tune.TrialProgress;
import dev.cerulean.ml.tune.sampler.Samplers;
import dev.cerulean.service.tracking.TrackingService;
import dev.cerulean.store.JobStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs sweep jobs. Each sweep has a controller thread of its own (so it never takes a compute slot
 * its trials need): it asks the sampler for configurations, submits each as a child job on the
 * sweep's compute target (its own MLflow run, a child of the sweep's), at most
 * {@code max_concurrent_trials} at once, watches the primary metric they log, stops those the
 * early-termination policy picks, and records the best trial in the sweep's run.
 */
final class SweepController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SweepController.class);
    /** How often the controller looks at its trials. */
    static final long POLL_MILLIS = 250;
    /** How long a stopping sweep waits for its cancelled trials to end. */
    private static final long DRAIN_SECONDS = 30;

    /** Tags of the sweep's run. */
    static final String BEST_RUN_TAG = "cerulean.best_run";
    static final String BEST_VALUE_TAG = "cerulean.best_value";
    /** Tags of an early-terminated trial's run. */
    static final String TERMINATED_TAG = "cerulean.early_terminated";
    static final String TERMINATION_REASON_TAG = "cerulean.termination_reason";

    private final JobRunner runner;
    private final JobStore jobs;
    private final TrackingService tracking;
    private final Clock clock;
    private final ExecutorService threads;

    SweepController(JobRunner runner, JobStore jobs, TrackingService tracking, Clock clock) {
        this.runner = runner;
        this.jobs = jobs;
        this.tracking = tracking;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sweep-controller-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void start(Job sweep) {
        threads.execute(() -> run(sweep.name()));
    }

    private void run(String name) {
        Job sweep = jobs.get(name).orElse(null);
        if (sweep == null || !jobs.transition(name, List.of(JobStatus.QUEUED), JobStatus.STARTING, null, null, null)) {
            return;
        }
        CancelToken cancel = new CancelToken();
        runner.track(name, cancel);
        Sweep state = new Sweep(sweep, cancel);
        try {
            state.run();
        } catch (RuntimeException e) {
            // Trials do not outlive their sweep.
            state.stopTrials("canceled: the sweep failed: " + e.getMessage());
            String why = cancel.isCancelled() ? cancel.reason() : e.getMessage();
            runner.appendLog(name, "error: " + why);
            runner.finish(sweep, cancel.isCancelled() && why.startsWith("canceled") ? JobStatus.CANCELED : JobStatus.FAILED, why);
            if (!(e instanceof CeruleanException)) {
                LOG.error("sweep {} failed", name, e);
            }
        } finally {
            runner.untrack(name);
            runner.uploadLog(sweep);
            if (state.interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One trial as the controller follows it. */
    private static final class Trial {
        final int number;
        final String name;
        final Map<String, Object> config;
        JobStatus status = JobStatus.QUEUED;
        List<Double> values = List.of();
        double value = Double.NaN;
        String error;
        Termination terminated;

        Trial(int number, String name, Map<String, Object> config) {
            this.number = number;
            this.name = name;
            this.config = config;
        }

        boolean active() {
            return !status.isTerminal();
        }
    }

    /** The state of one running sweep. */
    private final class Sweep {
        private final Job job;
        private final CancelToken cancel;
        private final Principal owner;
        private final List<Trial> trials = new ArrayList<>();
        private SweepSettings settings;
        private String metric;
        private Goal goal;
        private History history;
        private Trial best;
        private boolean interrupted;

        Sweep(Job job, CancelToken cancel) {
            this.job = job;
            this.cancel = cancel;
            this.owner = new Principal(job.createdBy());
        }

        void run() {
            ObjectNode spec = job.spec();
            settings = SweepSettings.parse(spec);
            metric = settings.objective().primaryMetric();
            goal = settings.objective().goal();
            history = History.empty(goal);
            // A sweep without a seed gets one from its name, recorded so that it can be repeated.
            long seed = settings.seed(Integer.toUnsignedLong(job.name().hashCode()));
            Sampler sampler = Samplers.create(settings.samplingAlgorithm(), settings.searchSpace(), seed);
            SplittableRandom rng = new SplittableRandom(seed);
            long planned = settings.plannedTrials();
            int concurrent = settings.limits().maxConcurrentTrials();
            runner.markRunning(job);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("cerulean.sweep.seed", Long.toString(seed));
            tags.put("cerulean.sweep.sampler", sampler.name());
            tags.put("cerulean.sweep.primary_metric", metric);
            tags.put("cerulean.sweep.goal", goal.wireName());
            tracking.logBatch(owner, job.name(), List.of(), Map.of(), tags);
            log("sweep " + job.name() + ": up to " + planned + " " + TrialSpecs.trialType(spec) + " trials, " + concurrent + " at once, "
                    + sampler.name() + " sampling (seed " + seed + "), " + goal.wireName() + " " + metric
                    + settings.earlyTermination().map(p -> ", early termination: " + p.type()).orElse(""));
            Instant deadline = clock.instant().plusSeconds(settings.limits().timeoutSeconds());
            boolean exhausted = false;
            String stop = null;
            while (true) {
                refresh();
                if (cancel.isCancelled()) {
                    break;
                }
                if (!clock.instant().isBefore(deadline)) {
                    stop = "the sweep reached its limits.timeout of " + settings.limits().timeoutSeconds() + " s";
                    break;
                }
                settings.earlyTermination().ifPresent(this::terminate);
                long active = trials.stream().filter(Trial::active).count();
                while (!exhausted && trials.size() < planned && active < concurrent && !cancel.isCancelled()) {
                    List<Map<String, Object>> pending = trials.stream().filter(Trial::active).map(t -> t.config).toList();
                    Optional<Map<String, Object>> next = sampler.suggest(history, pending, rng);
                    if (next.isEmpty()) {
                        exhausted = true;
                        break;
                    }
                    launch(next.get());
                    active++;
                }
                if (active == 0 && (exhausted || trials.size() >= planned)) {
                    break;
                }
                pause();
            }
            String why = cancel.isCancelled() ? cancel.reason() : stop;
            if (why != null) {
                log("stopping: " + why);
                stopTrials(why.startsWith("canceled") ? why : "canceled: " + why);
            }
            charts();
            end(why, stop != null);
        }

        /** Cancels the trials still queued or running and waits for them to end. */
        void stopTrials(String reason) {
            for (Trial t : trials) {
                if (t.active()) {
                    try {
                        jobs.get(t.name).ifPresent(j -> runner.cancel(j, reason));
                    } catch (RuntimeException e) {
                        LOG.warn("cannot cancel trial {} of sweep {}: {}", t.name, job.name(), e.getMessage());
                    }
                }
            }
            try {
                drain();
            } catch (RuntimeException e) {
                LOG.warn("cannot follow the trials of sweep {} to their end: {}", job.name(), e.getMessage());
            }
        }

        /** Waits for cancelled trials to end, so that the sweep ends after its trials. */
        private void drain() {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            while (trials.stream().anyMatch(Trial::active) && System.nanoTime() < until) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    return;
                }
                refresh();
            }
        }

        private void pause() {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                // Not re-interrupted yet: the sweep still records its end in the database.
                interrupted = true;
                cancel.cancel("the server stopped while the sweep was running");
            }
        }

        private void launch(Map<String, Object> config) {
            int number = trials.size();
            ObjectNode spec = TrialSpecs.trialSpec(job.spec(), job.name(), number, config);
            String name = spec.get("name").asText();
            String type = spec.get("type").asText();
            Map<String, String> runTags = new LinkedHashMap<>();
            runTags.put("mlflow.parentRunId", job.name());
            runTags.put("mlflow.source.type", "JOB");
            runTags.put("cerulean.job.type", type);
            runTags.put("cerulean.compute", job.compute());
            runTags.put("cerulean.sweep", job.name());
            runTags.put("cerulean.sweep.trial", Integer.toString(number));
            if (job.codeHash() != null) {
                runTags.put("cerulean.code_hash", job.codeHash());
            }
            tracking.createRun(owner, job.experimentId(), name, "SCHEDULED", owner.name(), name, clock.millis(), runTags);
            Map<String, String> params = TrialSpecs.params(config);
            List<Map.Entry<String, String>> all = new ArrayList<>(params.entrySet());
            for (int i = 0; i < all.size(); i += 100) {
                Map<String, String> chunk = new LinkedHashMap<>();
                all.subList(i, Math.min(all.size(), i + 100)).forEach(e -> chunk.put(e.getKey(), e.getValue()));
                tracking.logBatch(owner, name, List.of(), chunk, Map.of());
            }
            Job child = new Job(name, type, name, job.experimentId(), JobStatus.QUEUED, job.compute(), spec, job.codeHash(), null, job.name(),
                    clock.instant(), null, null, job.createdBy(), "trial " + number + " of sweep " + job.name(), Map.of());
            jobs.insert(child);
            trials.add(new Trial(number, name, config));
            log("trial " + name + " queued: " + describe(params));
            runner.enqueue(child);
        }

        /** Reads the state and primary metric of every active trial; records those that ended. */
        private void refresh() {
            for (Trial t : trials) {
                if (!t.active()) {
                    continue;
                }
                Job j = jobs.get(t.name).orElse(null);
                if (j == null) {
                    continue;
                }
                boolean ended = j.status().isTerminal();
                // Only a policy needs the whole history. Read after the state, so an ended trial's values are complete.
                if (settings.earlyTermination().isPresent()) {
                    t.values = values(t.name);
                }
                if (ended) {
                    t.status = j.status();
                    t.error = j.error();
                    ended(t);
                } else {
                    t.status = j.status();
                }
            }
        }

        private List<Double> values(String run) {
            List<Metric> points = new ArrayList<>(tracking.metricHistory(run, metric, 25_000, null).items());
            points.sort(Comparator.comparingLong(Metric::step).thenComparingLong(Metric::timestamp));
            return points.stream().map(Metric::value).toList();
        }

        private void ended(Trial t) {
            Run run = tracking.run(t.name);
            for (Metric m : run.metrics()) {
                if (m.key().equals(metric)) {
                    t.value = m.value();
                }
            }
            history = history.with(t.config, t.status == JobStatus.COMPLETED || t.terminated != null ? t.value : Double.NaN);
            boolean improved = false;
            if (t.status == JobStatus.COMPLETED && Double.isFinite(t.value) && (best == null || goal.better(t.value, best.value))) {
                best = t;
                improved = true;
                Map<String, String> tags = new LinkedHashMap<>();
                tags.put(BEST_RUN_TAG, t.name);
                tags.put(BEST_VALUE_TAG, Double.toString(t.value));
                tracking.logBatch(owner, job.name(), List.of(), Map.of(), tags);
            }
            if (best != null) {
                tracking.logBatch(owner, job.name(), List.of(new Metric("best_" + metric, best.value, clock.millis(), t.number)), Map.of(),
                        Map.of());
            }
            String outcome = t.status == JobStatus.COMPLETED ? metric + " = " + fmt(t.value)
                    : t.terminated != null ? "early-terminated by " + t.terminated.policy() + ": " + t.terminated.reason()
                    : firstLine(t.error);
            log("trial " + t.name + " " + t.status + ": " + outcome + (improved ? " (new best)" : "")
                    + (best != null ? "; best " + metric + " so far " + fmt(best.value) + " (" + best.name + ")" : ""));
        }

        /** Applies the early-termination policy to the trials' progress and stops the running ones it picks. */
        private void terminate(EarlyTerminationPolicy policy) {
            List<TrialProgress> progress = new ArrayList<>();
            for (Trial t : trials) {
                boolean running = t.status == JobStatus.RUNNING && t.terminated == null;
                progress.add(new TrialProgress(t.name, running, t.values));
            }
            for (Termination term : policy.evaluate(goal, progress)) {
                Trial t = trials.stream().filter(x -> x.name.equals(term.trialId())).findFirst().orElse(null);
                if (t == null || !t.active() || t.terminated != null) {
                    continue;
                }
                t.terminated = term;
                Map<String, String> tags = new LinkedHashMap<>();
                tags.put(TERMINATED_TAG, term.policy());
                tags.put(TERMINATION_REASON_TAG, truncate(term.reason(), 4000));
                tracking.logBatch(owner, t.name, List.of(), Map.of(), tags);
                String why = "canceled early by the " + term.policy() + " policy: " + term.reason();
                log("trial " + t.name + " " + why);
                jobs.get(t.name).ifPresent(j -> runner.cancel(j, why));
            }
        }

        private void charts() {
            List<SweepCharts.Trial> points = new ArrayList<>();
            for (Trial t : trials) {
                double v = t.status == JobStatus.COMPLETED ? t.value : Double.NaN;
                Map<String, Object> flat = new LinkedHashMap<>();
                SearchSpace.flatten(t.config).forEach((k, x) -> flat.put(k, x instanceof Map<?, ?> || x instanceof List<?> ? String.valueOf(x) : x));
                points.add(new SweepCharts.Trial(t.number, flat, v));
            }
            boolean max = goal == Goal.MAXIMIZE;
            try {
                runner.logArtifact(job, SweepCharts.parallelCoordinates(metric, max, points), "charts/parallel_coordinates.png");
                runner.logArtifact(job, SweepCharts.bestSoFar(metric, max, points), "charts/best_so_far.png");
            } catch (RuntimeException e) {
                log("cannot draw the sweep's charts: " + e.getMessage());
                LOG.warn("charts of sweep {} failed", job.name(), e);
            }
        }

        private void end(String why, boolean timedOut) {
            long completed = trials.stream().filter(t -> t.status == JobStatus.COMPLETED).count();
            long failed = trials.stream().filter(t -> t.status == JobStatus.FAILED).count();
            long canceled = trials.stream().filter(t -> t.status == JobStatus.CANCELED).count();
            String counts = trials.size() + " trials: " + completed + " completed, " + failed + " failed, " + canceled + " canceled";
            if (cancel.isCancelled()) {
                runner.finish(job, why.startsWith("canceled") ? JobStatus.CANCELED : JobStatus.FAILED, why + " (" + counts + ")");
                return;
            }
            if (best != null) {
                log("sweep completed (" + counts + "); best " + metric + " " + fmt(best.value) + " by " + best.name
                        + (timedOut ? "; " + why + ", so it stopped early" : ""));
                runner.finish(job, JobStatus.COMPLETED, null);
                return;
            }
            String error;
            if (timedOut) {
                error = why + " before any trial completed with the primary metric '" + metric + "' (" + counts + ")";
            } else if (trials.isEmpty()) {
                error = "the sampler proposed no trial";
            } else {
                Trial first = trials.stream().filter(t -> t.error != null).findFirst().orElse(trials.get(0));
                error = "every trial failed (" + counts + "); trial " + first.name + ": " + (first.error == null ? "no value for " + metric
                        : first.error);
            }
            log(error);
            runner.finish(job, JobStatus.FAILED, error);
        }

        private void log(String line) {
            runner.appendLog(job.name(), "[cerulean] " + line);
        }
    }

    private static String describe(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return sb.toString();
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "") : "-";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    /**
     * Gives the controllers (whose sweeps the runner has just cancelled) a moment to record how their
     * sweeps ended, then interrupts those still running. Interrupting first would make their last
     * database writes fail.
     */
    @Override
    public void close() {
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
