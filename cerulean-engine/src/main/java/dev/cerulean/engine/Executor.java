package dev.cerulean.engine;

import dev.cerulean.core.jobs.JobType;

/**
 * Runs one kind of work ({@link JobType}). The engine gives each execution its lifecycle, cancel
 * token, timeout, log and folder; the executor does the work itself and reports through the ports
 * it was built with. It returns when the work succeeded, throws {@link ExecutionFailed} (or any
 * {@link dev.cerulean.core.CeruleanException}) when it failed, and stops early when
 * {@link Execution#cancel()} is cancelled.
 *
 * @param <S> what a submission of this kind carries (a job, a batch scoring request)
 */
public interface Executor<S> {
    JobType type();

    /**
     * Whether the work takes a slot of its compute target while it runs. A sweep's controller does
     * not: it only waits for its trials, which need the slots.
     */
    default boolean holdsComputeSlot() {
        return true;
    }

    void execute(Execution<S> execution) throws Exception;
}
