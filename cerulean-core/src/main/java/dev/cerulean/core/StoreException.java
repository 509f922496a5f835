package dev.cerulean.core;

/** A failure of the metadata or artifact store itself (not of the request): reported as 500. */
public class StoreException extends CeruleanException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, null, java.util.List.of(), cause);
    }
}
