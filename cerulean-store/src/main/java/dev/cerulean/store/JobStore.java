package dev.cerulean.store;

import dev.cerulean.core.jobs.ComputeTarget;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.SearchSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Jobs and compute targets. */
public interface JobStore {
    /** @throws dev.cerulean.core.AlreadyExistsException when the name is taken */
    void insert(Job job);

    Optional<Job> get(String name);

    /**
     * Jobs, newest first.
     *
     * @param status only jobs in this state, or null
     * @param parent only trials of this job, or null for jobs of every kind
     * @param limit  at most this many
     */
    List<Job> list(JobStatus status, String parent, int limit);

    /** Jobs in any of these states, in submission order. */
    List<Job> inStates(List<JobStatus> states);

    /**
     * Moves a job to a state, only if it is in one of {@code from} (so that a cancelled job is not
     * marked running by a worker that picked it up at the same moment).
     *
     * @return whether the job moved
     */
    boolean transition(String name, List<JobStatus> from, JobStatus to, String error, Instant startedAt, Instant endedAt);

    /** Records where a search job stands. */
    void updateSearch(String name, SearchSummary search);

    /** @throws dev.cerulean.core.AlreadyExistsException when the name is taken */
    void insertCompute(ComputeTarget target);

    Optional<ComputeTarget> compute(String name);

    List<ComputeTarget> computes();

    void deleteCompute(String name);
}
