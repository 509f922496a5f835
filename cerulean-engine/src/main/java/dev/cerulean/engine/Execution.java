package dev.cerulean.engine;

import dev.cerulean.core.CancelToken;
import dev.cerulean.core.Principal;
import dev.cerulean.core.jobs.JobType;
import dev.cerulean.core.jobs.SearchSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One run of a submission, as its executor sees it: what to do, on whose behalf, the token that
 * asks it to stop, its log, and a folder of its own that the engine removes when the work ends
 * (all but the log).
 */
public final class Execution<S> {
    private final Submission<S> submission;
    private final CancelToken cancel;
    private final JobLog log;
    private final Path folder;
    private final Clock clock;

    Execution(Submission<S> submission, CancelToken cancel, JobLog log, Path folder, Clock clock) {
        this.submission = submission;
        this.cancel = cancel;
        this.log = log;
        this.folder = folder;
        this.clock = clock;
    }

    public String id() {
        return submission.id();
    }

    public JobType type() {
        return submission.type();
    }

    public S spec() {
        return submission.spec();
    }

    public Principal owner() {
        return submission.owner();
    }

    public CancelToken cancel() {
        return cancel;
    }

    public JobLog log() {
        return log;
    }

    public Clock clock() {
        return clock;
    }

    /** A sub-folder of the execution's folder ({@code code}, {@code inputs}, {@code outputs}, {@code scratch}), created. */
    public Path folder(String name) {
        try {
            return Files.createDirectories(folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder.resolve(name), e);
        }
    }

    /**
     * Marks the work running, once it is ready to start (its inputs laid out).
     *
     * @throws ExecutionCanceled when it was cancelled first
     */
    public void running() {
        if (cancel.isCancelled() || !submission.lifecycle().running()) {
            throw new ExecutionCanceled(cancel.isCancelled() ? cancel.reason() : "canceled before it started");
        }
    }

    /** Records where the search this work runs stands (sweeps and AutoML). */
    public void report(SearchSummary search) {
        submission.lifecycle().report(search);
    }

    /**
     * Stops the work here when it has been asked to stop.
     *
     * @throws ExecutionCanceled when it was cancelled
     */
    public void checkCancelled() {
        if (cancel.isCancelled()) {
            throw new ExecutionCanceled(cancel.reason());
        }
    }

    /** Thrown by {@link #running()} and {@link #checkCancelled()}: the engine ends the work as its token says. */
    public static final class ExecutionCanceled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExecutionCanceled(String reason) {
            super(reason, null, false, false);
        }
    }
}
