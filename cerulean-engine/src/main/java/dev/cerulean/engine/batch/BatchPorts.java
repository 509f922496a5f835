package dev.cerulean.engine.batch;

import dev.cerulean.core.AssetRef;
import dev.cerulean.core.Principal;
import dev.cerulean.core.endpoint.BatchDeployment;
import dev.cerulean.core.endpoint.BatchJob;
import dev.cerulean.ml.model.Model;
import dev.cerulean.serving.batch.BatchInput;
import dev.cerulean.serving.batch.BatchProgress;
import dev.cerulean.serving.batch.BatchResult;
import java.nio.file.Path;

/** What batch scoring needs from the workspace: the deployment, its model and input, and where results go. */
public interface BatchPorts {
    /** The deployment that scores the job, as it is now. */
    BatchDeployment deployment(BatchJob job);

    /** The job's input, read as a table or as files. */
    BatchInput input(BatchJob job);

    /** The deployment's model, loaded; the caller closes it when it is {@link AutoCloseable}. */
    Model model(BatchDeployment deployment);

    /** Records how far the job got (advisory: called often, may drop updates). */
    void progress(BatchJob job, BatchProgress.Snapshot snapshot);

    /** Registers the job's output folder as the next version of its output data asset, with lineage input → job → output. */
    AssetRef registerOutput(Principal owner, BatchJob job, BatchDeployment deployment, BatchResult result, Path output);

    /** Records the job's end as the scorer reports it: its state, row counts and output (null when nothing was kept). */
    void completed(BatchJob job, BatchResult result, AssetRef output);
}
