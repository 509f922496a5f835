package dev.cerulean.core;

/** A {@link CeruleanException} with code {@link ErrorCode#CONFLICT}. */
public class ConflictException extends CeruleanException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(ErrorCode.CONFLICT, message);
    }

    public ConflictException(String message, String target) {
        super(ErrorCode.CONFLICT, message, target);
    }
}
