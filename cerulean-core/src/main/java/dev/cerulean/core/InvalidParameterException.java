package dev.cerulean.core;

/** A {@link CeruleanException} with code {@link ErrorCode#INVALID_PARAMETER}. */
public class InvalidParameterException extends CeruleanException {
    private static final long serialVersionUID = 1L;

    public InvalidParameterException(String message) {
        super(ErrorCode.INVALID_PARAMETER, message);
    }

    public InvalidParameterException(String message, String target) {
        super(ErrorCode.INVALID_PARAMETER, message, target);
    }
}
