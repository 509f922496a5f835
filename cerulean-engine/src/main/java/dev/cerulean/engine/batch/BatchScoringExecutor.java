package dev.cerulean.engine.batch;

import dev.cerulean.core.AssetRef;
import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.engine.Execution;
import dev.cerulean.engine.Executor;
import dev.cerulean.ml.model.Model;
import dev.cerulean.serving.batch.BatchInput;
import dev.cerulean.serving.batch.BatchOptions;
import dev.cerulean.serving.batch.BatchResult;
import dev.cerulean.serving.batch.BatchScorer;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A batch endpoint's job: the deployment's model scores the input with the {@link BatchScorer}
 * (mini-batches in parallel, retries, row isolation), and what it scored is registered as the next
 * version of the output data asset, whether the job completed, failed past its error threshold or
 * was cancelled. The job's end is recorded as the scorer accounts for it.
 */
public final class BatchScoringExecutor implements Executor<BatchScoring> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScoringExecutor.class);

    private final BatchPorts ports;

    public BatchScoringExecutor(BatchPorts ports) {
        this.ports = ports;
    }

    @Override
    public JobType type() {
        return JobType.BATCH_SCORING;
    }

    @Override
    public void execute(Execution<BatchScoring> e) {
        BatchJob job = e.spec().job();
        e.running();
        BatchDeployment d = ports.deployment(job);
        BatchInput input = ports.input(job);
        Model model = ports.model(d);
        Path out = e.folder("output");
        BatchResult r;
        try {
            r = BatchScorer.run(input, model, BatchOptions.of(d.settings(), d.instanceCount(), e.spec().idColumn()), out,
                    s -> ports.progress(job, s), e.cancel());
        } finally {
            close(model);
        }
        AssetRef output = null;
        if (r.rowsScored() + r.rowsFailed() > 0 || r.outcome() == BatchResult.Outcome.COMPLETED) {
            output = ports.registerOutput(e.owner(), job, d, r, out);
        }
        ports.completed(job, r, output);
    }

    private static void close(Model m) {
        if (m instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ex) {
                LOG.warn("closing a batch job's model failed", ex);
            }
        }
    }
}
