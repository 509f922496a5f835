package dev.cerulean.server;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which protocol answers a request's errors, by its route: the one place a failure becomes an answer.
 * Whatever failed (a service's {@link CeruleanException}, a route Javalin does not have, a future that
 * failed, a bug) is turned into one {@link CeruleanException} here, logged when it is the server's
 * fault, and written by the renderer of the first route that matches the request's path (else the
 * default). Scoring routes also challenge a missing or wrong key with {@code WWW-Authenticate: Bearer},
 * and log their 5xx as warnings: under load they are the endpoint's state (no replica ready), not bugs.
 */
public final class ErrorRenderers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderers.class);

    private record Route(Predicate<String> path, ErrorRenderer renderer, boolean scoring) {
    }

    private final List<Route> routes;
    private final ErrorRenderer fallback;

    private ErrorRenderers(List<Route> routes, ErrorRenderer fallback) {
        this.routes = List.copyOf(routes);
        this.fallback = fallback;
    }

    /** Routes registered in order; the first whose path matches renders. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        /** Paths that start with {@code prefix} answer errors with {@code renderer}. */
        public Builder api(String prefix, ErrorRenderer renderer) {
            routes.add(new Route(p -> p.startsWith(prefix), renderer, false));
            return this;
        }

        /** Scoring paths (matched by {@code path}) answer errors with {@code renderer}, and challenge for a key. */
        public Builder scoring(Predicate<String> path, ErrorRenderer renderer) {
            routes.add(new Route(path, renderer, true));
            return this;
        }

        public ErrorRenderers otherwise(ErrorRenderer fallback) {
            return new ErrorRenderers(routes, fallback);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Answers a failed request in its route's format.
     *
     * @return the failure as answered, for the audit log
     */
    public CeruleanException render(Context ctx, Throwable failure) {
        Throwable t = unwrap(failure);
        Route route = route(ctx.path());
        CeruleanException e = asCerulean(t, ctx);
        if (e != t) {
            if (e.code() == ErrorCode.INTERNAL) {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), t);
            }
        } else if (e.code().httpStatus() >= 500) {
            if (route != null && route.scoring()) {
                LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            } else {
                LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
            }
        }
        if (route != null && route.scoring() && e.code() == ErrorCode.UNAUTHENTICATED) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        (route == null ? fallback : route.renderer()).render(ctx, e);
        return e;
    }

    private Route route(String path) {
        for (Route r : routes) {
            if (r.path().test(path)) {
                return r;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable x) {
        Throwable c = x;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Any failure as the error it is answered with. */
    private static CeruleanException asCerulean(Throwable t, Context ctx) {
        if (t instanceof CeruleanException e) {
            return e;
        }
        if (t instanceof HttpResponseException h) {
            return switch (h.getStatus()) {
                case 404 -> new NoRoute(ctx.method().name(), ctx.path(), h.getMessage());
                case 405 -> new CeruleanException(ErrorCode.METHOD_NOT_ALLOWED, "method " + ctx.method() + " is not allowed on " + ctx.path());
                default -> new CeruleanException(code(h.getStatus()), h.getMessage());
            };
        }
        return new CeruleanException(ErrorCode.INTERNAL, "internal error: " + t.getClass().getSimpleName() + " (see the server log)", null,
                List.of(), t);
    }

    private static ErrorCode code(int status) {
        return switch (status) {
            case 400 -> ErrorCode.INVALID_PARAMETER;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? ErrorCode.INVALID_PARAMETER : ErrorCode.INTERNAL;
        };
    }
}
