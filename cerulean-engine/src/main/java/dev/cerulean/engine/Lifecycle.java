package dev.cerulean.engine;

import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.SearchSummary;

/**
 * How one piece of work's state is kept, Queued → Starting → Running → Completed, Failed or
 * Canceled: the owner of the work implements it over its store (a job and its MLflow run; a batch
 * endpoint's job record). Every move is conditional, so a cancellation that lands between two
 * moves is never overwritten.
 */
public interface Lifecycle {
    /** Queued → Starting; false when the work is no longer queued (it was cancelled meanwhile). */
    boolean start();

    /** Starting → Running; false when it was cancelled meanwhile. */
    boolean running();

    /**
     * Moves the work to its end state, unless it has one already, with why it did not complete (or
     * null). The work's log is complete when this is called.
     *
     * @return whether this call ended it
     */
    boolean finish(JobStatus status, String error, JobLog log);

    /** Records where a search stands (its objective, its best trial so far); work that is no search never calls it. */
    default void report(SearchSummary search) {
    }
}
