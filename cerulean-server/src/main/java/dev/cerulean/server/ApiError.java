package dev.cerulean.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error of Cerulean's API the same way: {@code {"error": {"code", "message", "target",
 * "details"}}} with the status its code carries. Client mistakes are 4xx; anything unexpected is a
 * 500 whose detail goes to the log, not to the client.
 */
public final class ApiError {
    private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

    private ApiError() {
    }

    public static void render(Context ctx, ErrorCode code, String message, String target, List<String> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        if (target != null) {
            error.put("target", target);
        }
        if (details != null && !details.isEmpty()) {
            error.put("details", details);
        }
        ctx.status(code.httpStatus()).json(Map.of("error", error));
    }

    static void cerulean(CeruleanException e, Context ctx) {
        if (e.code().httpStatus() >= 500) {
            LOG.error("{} {} failed: {}", ctx.method(), ctx.path(), e.getMessage(), e);
        }
        render(ctx, e.code(), e.getMessage(), e.target(), e.details());
    }

    static void badJson(JsonProcessingException e, Context ctx) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        render(ctx, ErrorCode.INVALID_PARAMETER, "the request body is not valid JSON" + where + ": " + e.getOriginalMessage(), "body", List.of());
    }

    static void http(HttpResponseException e, Context ctx) {
        ErrorCode code = switch (e.getStatus()) {
            case 400 -> ErrorCode.INVALID_PARAMETER;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> e.getStatus() < 500 ? ErrorCode.INVALID_PARAMETER : ErrorCode.INTERNAL;
        };
        render(ctx, code, e.getMessage(), null, List.of());
    }

    static void unexpected(Exception e, Context ctx) {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        render(ctx, ErrorCode.INTERNAL, "internal error: " + e.getClass().getSimpleName() + " (see the server log)", null, List.of());
    }
}
