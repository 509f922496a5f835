package dev.cerulean.core;

/** A {@link CeruleanException} with code {@link ErrorCode#ALREADY_EXISTS}. */
public class AlreadyExistsException extends CeruleanException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String message) {
        super(ErrorCode.ALREADY_EXISTS, message);
    }

    public AlreadyExistsException(String message, String target) {
        super(ErrorCode.ALREADY_EXISTS, message, target);
    }

    /** With the constraint violation that revealed the duplicate, so that callers can tell a race from a known duplicate. */
    public AlreadyExistsException(String message, String target, Throwable cause) {
        super(ErrorCode.ALREADY_EXISTS, message, target, java.util.List.of(), cause);
    }
}
