package dev.cerulean.service.jobs;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.jobs.Job;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.jobs.SearchSummary;
import dev.cerulean.engine.JobLog;
import dev.cerulean.engine.Lifecycle;
import dev.cerulean.service.tracking.TrackingService;
import dev.cerulean.store.JobStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's lifecycle as the workspace keeps it: the job's state in the job store, and its MLflow run
 * following (SCHEDULED, RUNNING, then FINISHED, FAILED or KILLED with the error as a tag); the log is
 * stored in the run ({@code user_logs/std_log.txt}) when the job ends.
 */
final class JobLifecycle implements Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(JobLifecycle.class);
    static final List<JobStatus> ACTIVE = List.of(JobStatus.QUEUED, JobStatus.STARTING, JobStatus.RUNNING);
    /** Longer errors are cut in the run's tag (MLflow's tag values are at most 8000 characters). */
    private static final int MAX_ERROR_TAG = 7000;

    private final Job job;
    private final JobStore jobs;
    private final TrackingService tracking;
    private final JobRuns runs;
    private final Clock clock;

    JobLifecycle(Job job, JobStore jobs, TrackingService tracking, JobRuns runs, Clock clock) {
        this.job = job;
        this.jobs = jobs;
        this.tracking = tracking;
        this.runs = runs;
        this.clock = clock;
    }

    @Override
    public boolean start() {
        return jobs.transition(job.name(), List.of(JobStatus.QUEUED), JobStatus.STARTING, null, null, null);
    }

    @Override
    public boolean running() {
        if (!jobs.transition(job.name(), List.of(JobStatus.STARTING), JobStatus.RUNNING, null, clock.instant(), null)) {
            return false;
        }
        tracking.updateRun(Principal.SYSTEM, job.name(), "RUNNING", null, null);
        return true;
    }

    @Override
    public boolean finish(JobStatus status, String error, JobLog log) {
        if (log != null && log.exists()) {
            try {
                runs.store(new Principal(job.createdBy()), job.name(), log.file(), "user_logs/std_log.txt");
            } catch (RuntimeException e) {
                LOG.warn("cannot store the log of job {}: {}", job.name(), e.getMessage());
            }
        }
        boolean moved = jobs.transition(job.name(), ACTIVE, status, error, null, clock.instant());
        if (moved) {
            try {
                tracking.updateRun(Principal.SYSTEM, job.name(), status.mlflowStatus(), clock.millis(), null);
                if (error != null) {
                    tracking.setTag(Principal.SYSTEM, job.name(), "cerulean.error", error.length() <= MAX_ERROR_TAG ? error
                            : error.substring(0, MAX_ERROR_TAG));
                }
            } catch (CeruleanException e) {
                LOG.warn("job {} ended {} but its run could not be updated: {}", job.name(), status, e.getMessage());
            }
        }
        return moved;
    }

    @Override
    public void report(SearchSummary search) {
        jobs.updateSearch(job.name(), search);
    }
}
