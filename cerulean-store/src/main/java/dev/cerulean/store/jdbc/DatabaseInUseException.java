package dev.cerulean.store.jdbc;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.util.List;

/** The embedded database file is open in another process, which holds its lock (UNAVAILABLE, 503). */
public final class DatabaseInUseException extends CeruleanException {
    private static final long serialVersionUID = 1L;

    public DatabaseInUseException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, "db", List.of(), cause);
    }
}
