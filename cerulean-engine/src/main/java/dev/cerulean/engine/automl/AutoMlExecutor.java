package dev.cerulean.engine.automl;

import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.core.jobs.ResolvedInput;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.engine.Execution;
import dev.cerulean.engine.Executor;
import dev.cerulean.engine.ModelRegistration;
import dev.cerulean.engine.SearchProgress;
import dev.cerulean.engine.port.Assets;
import dev.cerulean.engine.port.RunLogger;
import dev.cerulean.engine.port.Runs;
import dev.cerulean.ml.automl.AutoMlSpec;
import dev.cerulean.ml.metrics.MetricNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AutoML job ({@code type: automl}): {@link AutoMlRun} on the job's tables, each trial a child run
 * of the job's run, the search reported through {@link SearchProgress}, the best model stored in the
 * best trial's run and registered when the spec asks.
 */
public final class AutoMlExecutor implements Executor<Job> {
    private final Runs runs;
    private final Assets assets;

    public AutoMlExecutor(Runs runs, Assets assets) {
        this.runs = runs;
        this.assets = assets;
    }

    @Override
    public JobType type() {
        return JobType.AUTOML;
    }

    @Override
    public void execute(Execution<Job> e) {
        Job job = e.spec();
        AutoMlSpec.Builder b = AutoMlSettings.read(job.spec());
        Map<String, ResolvedInput> tables = job.resolved().tables();
        Assets.Table training = assets.table(tables.get("training_data"), "training_data", e.folder("inputs"));
        // The data asset's hash goes into every model's provenance, so that models walk back to their data.
        b.trainingSource(training.source()).datasetHash(training.datasetHash());
        if (tables.containsKey("validation_data")) {
            b.validationSource(assets.table(tables.get("validation_data"), "validation_data", e.folder("inputs")).source());
        }
        if (tables.containsKey("test_data")) {
            b.testSource(assets.table(tables.get("test_data"), "test_data", e.folder("inputs")).source());
        }
        AutoMlSpec automl = b.build().withDataLoaded();
        e.running();
        RunLogger run = runs.logger(e.owner(), job.name(), e.log());
        SearchProgress progress = new SearchProgress(e, run, automl.primaryMetric(), MetricNames.higherIsBetter(automl.primaryMetric()));
        AutoMlRun.Outcome outcome = AutoMlRun.run(automl, job.name(), run, new TrialRuns(e), e.cancel(), e.folder("scratch"), progress);
        // The best trial's run holds the model: link it to the job, so lineage walks data -> job -> trial -> model.
        assets.lineage(new LineageNode(LineageKind.JOB, job.name(), ""), new LineageNode(LineageKind.JOB, outcome.bestRun(), ""), "best_trial");
        e.log().append("[cerulean] best run " + outcome.bestRun() + "; register it with: cerulean model register --job " + job.name()
                + " --name NAME");
        ModelRegistration.registerIfAsked(job, e.owner(), outcome.bestRun(), assets, run);
    }

    /** The trials' child runs, in the job's experiment. */
    private final class TrialRuns implements AutoMlRun.TrialRuns {
        private final Execution<Job> execution;

        TrialRuns(Execution<Job> execution) {
            this.execution = execution;
        }

        @Override
        public String record(String runName, Map<String, String> params, Map<String, Double> metrics, Map<String, String> tags, boolean ok,
                long startMillis, long endMillis) {
            Job job = execution.spec();
            Map<String, String> all = new LinkedHashMap<>(tags);
            all.put("cerulean.job", job.name());
            String id = runs.createChild(execution.owner(), job.experimentId(), job.name(), runName, all, startMillis);
            RunLogger logger = runs.logger(execution.owner(), id, execution.log());
            logger.logParams(params);
            logger.logMetrics(metrics, 0);
            runs.end(execution.owner(), id, ok, endMillis);
            return id;
        }

        @Override
        public RunLogger logger(String runId) {
            return runs.logger(execution.owner(), runId, execution.log());
        }
    }
}
