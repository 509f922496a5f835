package dev.cerulean.core;

/**
 * What went wrong, and the HTTP status that reports it. Client mistakes are 4xx; only a fault of
 * Cerulean itself or of its infrastructure is 5xx.
 */
public enum ErrorCode {
    INVALID_PARAMETER(400),
    INVALID_SPEC(400),
    NOT_SUPPORTED(400),
    /** The target exists but is not in a state that allows the operation (a deleted run). */
    INVALID_STATE(400),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    /** A request ran out of its time budget (an online endpoint's {@code request_timeout_ms}). */
    REQUEST_TIMEOUT(408),
    ALREADY_EXISTS(409),
    CONFLICT(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    TOO_MANY_REQUESTS(429),
    INTERNAL(500),
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code for an HTTP status, used by clients to map an error response back. */
    public static ErrorCode fromName(String name) {
        for (ErrorCode code : values()) {
            if (code.name().equals(name)) {
                return code;
            }
        }
        return INTERNAL;
    }
}
