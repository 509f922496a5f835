package dev.cerulean.engine.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.engine.Execution;
import dev.cerulean.engine.Executor;
import dev.cerulean.engine.ModelRegistration;
import dev.cerulean.engine.port.Assets;
import dev.cerulean.engine.port.RunLogger;
import dev.cerulean.engine.port.Runs;
import dev.cerulean.engine.sweep.Trials;
import dev.cerulean.ml.learn.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A built-in training job ({@code type: train}): {@link TrainTask} on the job's table, reporting into the job's run. */
public final class TrainExecutor implements Executor<Job> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Runs runs;
    private final Assets assets;

    public TrainExecutor(Runs runs, Assets assets) {
        this.runs = runs;
        this.assets = assets;
    }

    @Override
    public JobType type() {
        return JobType.TRAIN;
    }

    @Override
    public void execute(Execution<Job> e) {
        Job job = e.spec();
        ObjectNode spec = job.spec();
        Assets.Table table = assets.table(job.resolved().tables().get("data"), "data", e.folder("inputs"));
        Map<String, Object> hyper = new LinkedHashMap<>();
        spec.path("hyperparameters").fields().forEachRemaining(h -> hyper.put(h.getKey(), JSON.convertValue(h.getValue(), Object.class)));
        List<String> features = new ArrayList<>();
        spec.path("feature_columns").forEach(f -> features.add(f.asText()));
        TrainTask.Spec train = new TrainTask.Spec(table.source(), table.datasetHash(), spec.get("target").asText(),
                spec.hasNonNull("task") ? Task.parse(spec.get("task").asText()) : null, spec.path("algorithm").asText("lightgbm"), hyper,
                spec.path("cv_folds").asInt(5), spec.path("validation_size").asDouble(0.2), spec.path("seed").asLong(42),
                spec.hasNonNull("group_column") ? spec.get("group_column").asText() : null, features.isEmpty() ? null : features,
                spec.path("threads").asInt(0));
        e.running();
        RunLogger run = runs.logger(e.owner(), job.name(), e.log());
        TrainTask.Outcome outcome = TrainTask.run(train, job.name(), run, e.cancel(), e.folder("scratch"));
        run.setTags(Map.of("cerulean.task", outcome.task().name().toLowerCase(Locale.ROOT)));
        ModelRegistration.registerIfAsked(job, e.owner(), job.name(), assets, run);
        Trials.requirePrimaryMetric(job, runs, e.log());
    }
}
