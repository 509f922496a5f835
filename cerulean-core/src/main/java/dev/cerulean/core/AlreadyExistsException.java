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
}
