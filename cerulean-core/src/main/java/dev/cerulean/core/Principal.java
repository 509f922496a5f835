package dev.cerulean.core;

/**
 * Who is asking. Travels from the request through every service call so that authorisation and the
 * audit log know the caller.
 *
 * @param name the user or service name
 */
public record Principal(String name) {
    public static final Principal SYSTEM = new Principal("system");
    public static final Principal ANONYMOUS = new Principal("anonymous");

    public Principal {
        if (name == null || name.isBlank()) {
            throw new InvalidParameterException("principal name is empty", "principal");
        }
        if (name.length() > 255) {
            throw new InvalidParameterException("principal name is longer than 255 characters", "principal");
        }
    }
}
