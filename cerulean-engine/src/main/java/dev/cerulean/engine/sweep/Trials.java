package dev.cerulean.engine.sweep;

import dev.cerulean.core.jobs.Job;
import dev.cerulean.engine.ExecutionFailed;
import dev.cerulean.engine.JobLog;
import dev.cerulean.engine.port.Runs;
import java.util.List;

/** What a sweep's trial owes its sweep when it ends. */
public final class Trials {
    private Trials() {
    }

    /**
     * A trial that ended well must have logged the sweep's primary metric (else the sweep cannot rank
     * it); other jobs pass.
     *
     * @throws ExecutionFailed naming the metric and what the trial logged instead
     */
    public static void requirePrimaryMetric(Job job, Runs runs, JobLog log) {
        String metric = job.spec().path("trial_of").path("primary_metric").asText("");
        if (metric.isEmpty()) {
            return;
        }
        java.util.Map<String, Double> latest = runs.latestMetrics(job.name());
        if (latest.containsKey(metric)) {
            return;
        }
        List<String> logged = latest.keySet().stream().sorted().toList();
        String why = "the trial never logged the sweep's primary metric '" + metric + "' (" + (logged.isEmpty() ? "it logged no metric"
                : "it logged " + String.join(", ", logged.subList(0, Math.min(20, logged.size())))) + ")";
        log.append("[cerulean] " + why);
        throw new ExecutionFailed(why + "; log it with mlflow.log_metric(\"" + metric + "\", value), or fix objective.primary_metric");
    }
}
