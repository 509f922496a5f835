package dev.cerulean.core;

/** A {@link CeruleanException} with code {@link ErrorCode#NOT_FOUND}. */
public class NotFoundException extends CeruleanException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }

    public NotFoundException(String message, String target) {
        super(ErrorCode.NOT_FOUND, message, target);
    }
}
