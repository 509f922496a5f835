package dev.cerulean.engine.port;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.jobs.Job;
import java.util.Map;
import java.util.Optional;

/** The trials of a sweep as jobs of their own, each with its run a child of the sweep's. */
public interface ChildJobs {
    /**
     * Records a trial (its job, a child of {@code parent}, and its run, a child of the parent's run,
     * with the sampled values as params) and queues it.
     *
     * @param spec   the trial's normalised spec (with its {@code name} and {@code type})
     * @param tags   tags of the trial's run
     * @param params the trial's hyperparameters, as the run's params
     */
    Job submit(Job parent, ObjectNode spec, String description, Map<String, String> tags, Map<String, String> params);

    /** A trial as it is now, or empty when it does not exist. */
    Optional<Job> find(String name);

    /** Asks a trial to stop; it ends Canceled. */
    void cancel(Job child, String reason);
}
