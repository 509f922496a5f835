package dev.cerulean.store;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.util.List;

/** A store that admits one process (the embedded database file) is held by another one (UNAVAILABLE, 503). */
public final class StoreInUseException extends CeruleanException {
    private static final long serialVersionUID = 1L;

    public StoreInUseException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, "db", List.of(), cause);
    }
}
