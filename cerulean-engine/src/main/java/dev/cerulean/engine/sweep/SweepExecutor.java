package dev.cerulean.engine.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.core.jobs.Leaderboard;
import dev.cerulean.engine.Execution;
import dev.cerulean.engine.ExecutionFailed;
import dev.cerulean.engine.Executor;
import dev.cerulean.engine.SearchProgress;
import dev.cerulean.engine.port.ChildJobs;
import dev.cerulean.engine.port.RunLogger;
import dev.cerulean.engine.port.Runs;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sweep job ({@code type: sweep}). Its controller takes no compute slot (its trials need them): it
 * asks the sampler for configurations, submits each as a child job on the sweep's compute target,
 * at most {@code max_concurrent_trials} at once, watches the primary metric they log, stops those
 * the early-termination policy picks, and reports every ended trial through {@link SearchProgress}.
 */
public final class SweepExecutor implements Executor<Job> {
    private static final Logger LOG = LoggerFactory.getLogger(SweepExecutor.class);
    /** How often the controller looks at its trials. */
    static final Duration POLL = Duration.ofMillis(250);
    /** How long a stopping sweep waits for its cancelled trials to end. */
    private static final long DRAIN_SECONDS = 30;
    /** Tags of an early-terminated trial's run. */
    public static final String TERMINATED_TAG = "cerulean.early_terminated";
    public static final String TERMINATION_REASON_TAG = "cerulean.termination_reason";

    private final Runs runs;
    private final ChildJobs children;

    public SweepExecutor(Runs runs, ChildJobs children) {
        this.runs = runs;
        this.children = children;
    }

    @Override
    public JobType type() {
        return JobType.SWEEP;
    }

    @Override
    public boolean holdsComputeSlot() {
        return false;
    }

    @Override
    public void execute(Execution<Job> e) {
        Sweep sweep = new Sweep(e);
        try {
            sweep.run();
        } catch (RuntimeException ex) {
            // Trials do not outlive their sweep.
            sweep.stopTrials("canceled: the sweep failed: " + ex.getMessage());
            throw ex;
        } finally {
            if (sweep.interrupted) {
                // Kept for the engine, which records the end before it lets the interrupt through.
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
        private final Execution<Job> e;
        private final Job job;
        private final List<Trial> trials = new ArrayList<>();
        private RunLogger run;
        private SweepSettings settings;
        private String metric;
        private Goal goal;
        private History history;
        private SearchProgress progress;
        private Trial best;
        boolean interrupted;

        Sweep(Execution<Job> e) {
            this.e = e;
            this.job = e.spec();
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
            e.running();
            run = runs.logger(e.owner(), job.name(), e.log());
            progress = new SearchProgress(e, run, metric, goal == Goal.MAXIMIZE);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("cerulean.sweep.seed", Long.toString(seed));
            tags.put("cerulean.sweep.sampler", sampler.name());
            tags.put("cerulean.sweep.primary_metric", metric);
            tags.put("cerulean.sweep.goal", goal.wireName());
            run.setTags(tags);
            log("sweep " + job.name() + ": up to " + planned + " " + TrialSpecs.trialType(spec) + " trials, " + concurrent + " at once, "
                    + sampler.name() + " sampling (seed " + seed + "), " + goal.wireName() + " " + metric
                    + settings.earlyTermination().map(p -> ", early termination: " + p.type()).orElse(""));
            Instant deadline = e.clock().instant().plusSeconds(settings.limits().timeoutSeconds());
            boolean exhausted = false;
            String stop = null;
            while (true) {
                refresh();
                if (e.cancel().isCancelled()) {
                    break;
                }
                if (!e.clock().instant().isBefore(deadline)) {
                    stop = "the sweep reached its limits.timeout of " + settings.limits().timeoutSeconds() + " s";
                    break;
                }
                settings.earlyTermination().ifPresent(this::terminate);
                long active = trials.stream().filter(Trial::active).count();
                while (!exhausted && trials.size() < planned && active < concurrent && !e.cancel().isCancelled()) {
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
            String why = e.cancel().isCancelled() ? e.cancel().reason() : stop;
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
                        children.find(t.name).ifPresent(j -> children.cancel(j, reason));
                    } catch (RuntimeException ex) {
                        LOG.warn("cannot cancel trial {} of sweep {}: {}", t.name, job.name(), ex.getMessage());
                    }
                }
            }
            try {
                drain();
            } catch (RuntimeException ex) {
                LOG.warn("cannot follow the trials of sweep {} to their end: {}", job.name(), ex.getMessage());
            }
        }

        /** Waits for cancelled trials to end, so that the sweep ends after its trials. */
        private void drain() {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            while (trials.stream().anyMatch(Trial::active) && System.nanoTime() < until && !interrupted) {
                try {
                    TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
                } catch (InterruptedException ex) {
                    interrupted = true;
                    return;
                }
                refresh();
            }
        }

        /** Waits for the next look at the trials; a cancellation cuts the wait short. */
        private void pause() {
            try {
                e.cancel().await(POLL);
            } catch (InterruptedException ex) {
                // Not re-interrupted yet: the sweep still records its end in the database.
                interrupted = true;
                e.cancel().cancel("the server stopped while the sweep was running");
            }
        }

        private void launch(Map<String, Object> config) {
            int number = trials.size();
            ObjectNode spec = TrialSpecs.trialSpec(job.spec(), job.name(), number, config);
            String name = spec.get("name").asText();
            Map<String, String> runTags = new LinkedHashMap<>();
            runTags.put("cerulean.sweep", job.name());
            runTags.put("cerulean.sweep.trial", Integer.toString(number));
            Map<String, String> params = TrialSpecs.params(config);
            children.submit(job, spec, "trial " + number + " of sweep " + job.name(), runTags, params);
            trials.add(new Trial(number, name, config));
            log("trial " + name + " queued: " + describe(params));
        }

        /** Reads the state and primary metric of every active trial; records those that ended. */
        private void refresh() {
            for (Trial t : trials) {
                if (!t.active()) {
                    continue;
                }
                Job j = children.find(t.name).orElse(null);
                if (j == null) {
                    continue;
                }
                boolean ended = j.status().isTerminal();
                // Only a policy needs the whole history. Read after the state, so an ended trial's values are complete.
                if (settings.earlyTermination().isPresent()) {
                    t.values = runs.history(t.name, metric);
                }
                t.status = j.status();
                if (ended) {
                    t.error = j.error();
                    ended(t);
                }
            }
        }

        private void ended(Trial t) {
            Double last = runs.latestMetrics(t.name).get(metric);
            if (last != null) {
                t.value = last;
            }
            history = history.with(t.config, t.status == JobStatus.COMPLETED || t.terminated != null ? t.value : Double.NaN);
            Map<String, String> details = new LinkedHashMap<>(TrialSpecs.params(t.config));
            String status = t.terminated != null ? "early_terminated" : t.status.wireName();
            boolean completed = t.status == JobStatus.COMPLETED && Double.isFinite(t.value);
            boolean improved = progress.trial(new Leaderboard.Entry(t.number, t.name, t.name, Double.isFinite(t.value) ? t.value : null, status,
                    details), completed);
            if (improved) {
                best = t;
            }
            if (best != null) {
                run.logMetrics(Map.of("best_" + metric, best.value), t.number);
            }
            String outcome = t.status == JobStatus.COMPLETED ? metric + " = " + fmt(t.value)
                    : t.terminated != null ? "early-terminated by " + t.terminated.policy() + ": " + t.terminated.reason()
                    : firstLine(t.error);
            log("trial " + t.name + " " + t.status + ": " + outcome + (improved ? " (new best)" : "")
                    + (best != null ? "; best " + metric + " so far " + fmt(best.value) + " (" + best.name + ")" : ""));
        }

        /** Applies the early-termination policy to the trials' progress and stops the running ones it picks. */
        private void terminate(EarlyTerminationPolicy policy) {
            List<TrialProgress> now = new ArrayList<>();
            for (Trial t : trials) {
                boolean running = t.status == JobStatus.RUNNING && t.terminated == null;
                now.add(new TrialProgress(t.name, running, t.values));
            }
            for (Termination term : policy.evaluate(goal, now)) {
                Trial t = trials.stream().filter(x -> x.name.equals(term.trialId())).findFirst().orElse(null);
                if (t == null || !t.active() || t.terminated != null) {
                    continue;
                }
                t.terminated = term;
                Map<String, String> tags = new LinkedHashMap<>();
                tags.put(TERMINATED_TAG, term.policy());
                tags.put(TERMINATION_REASON_TAG, truncate(term.reason(), 4000));
                runs.logger(e.owner(), t.name, e.log()).setTags(tags);
                String why = "canceled early by the " + term.policy() + " policy: " + term.reason();
                log("trial " + t.name + " " + why);
                children.find(t.name).ifPresent(j -> children.cancel(j, why));
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
                run.logArtifact(SweepCharts.parallelCoordinates(metric, max, points), "charts/parallel_coordinates.png");
                run.logArtifact(SweepCharts.bestSoFar(metric, max, points), "charts/best_so_far.png");
            } catch (RuntimeException ex) {
                log("cannot draw the sweep's charts: " + ex.getMessage());
                LOG.warn("charts of sweep {} failed", job.name(), ex);
            }
        }

        private void end(String why, boolean timedOut) {
            long completed = trials.stream().filter(t -> t.status == JobStatus.COMPLETED).count();
            long failed = trials.stream().filter(t -> t.status == JobStatus.FAILED).count();
            long canceled = trials.stream().filter(t -> t.status == JobStatus.CANCELED).count();
            String counts = trials.size() + " trials: " + completed + " completed, " + failed + " failed, " + canceled + " canceled";
            if (e.cancel().isCancelled()) {
                throw new ExecutionFailed(why + " (" + counts + ")");
            }
            if (best != null) {
                log("sweep completed (" + counts + "); best " + metric + " " + fmt(best.value) + " by " + best.name
                        + (timedOut ? "; " + why + ", so it stopped early" : ""));
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
            throw new ExecutionFailed(error);
        }

        private void log(String line) {
            e.log().append("[cerulean] " + line);
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
}
