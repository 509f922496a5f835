package dev.cerulean.server;

import dev.cerulean.core.CeruleanException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cerulean's own error format, on its API and Azure ML's {@code /score}: {@code {"error": {"code",
 * "message", "target", "details"}}} with the status its code carries (target and details only when
 * there are some).
 */
public final class ApiError implements ErrorRenderer {
    public static final ApiError INSTANCE = new ApiError();

    private ApiError() {
    }

    @Override
    public void render(Context ctx, CeruleanException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        if (e.target() != null) {
            error.put("target", e.target());
        }
        if (!e.details().isEmpty()) {
            error.put("details", e.details());
        }
        ctx.status(e.code().httpStatus()).json(Map.of("error", error));
    }
}
