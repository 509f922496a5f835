package dev.cerulean.server;

import dev.cerulean.core.NotFoundException;

/** A request no route answers (MLflow's clients expect ENDPOINT_NOT_FOUND for it, not a missing resource). */
public final class NoRoute extends NotFoundException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String path;

    NoRoute(String method, String path, String message) {
        super(message, null);
        this.method = method;
        this.path = path;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }
}
