package dev.cerulean.engine;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.util.List;

/**
 * Work that ended and failed for a reason of its own (a command's exit code, a trial without its
 * metric): the message becomes the job's error as it is.
 */
public final class ExecutionFailed extends CeruleanException {
    private static final long serialVersionUID = 1L;

    public ExecutionFailed(String message) {
        super(ErrorCode.INVALID_STATE, message, null, List.of(), null);
    }
}
