package dev.cerulean.server.mlflow;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import io.javalin.http.Context;

/** MLflow's error format: {@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}} with MLflow's status for the code. */
public final class MlflowErrors {
    private MlflowErrors() {
    }

    /** True for the routes that answer in MLflow's format. */
    public static boolean isMlflow(Context ctx) {
        String p = ctx.path();
        return p.startsWith("/api/2.0/mlflow") || p.startsWith("/ajax-api/2.0/mlflow") || p.startsWith("/api/2.0/preview/mlflow");
    }

    public static void render(Context ctx, CeruleanException e) {
        render(ctx, e.code(), e.getMessage());
    }

    public static void render(Context ctx, ErrorCode code, String message) {
        String mlflowCode;
        int status;
        switch (code) {
            case NOT_FOUND -> {
                mlflowCode = "RESOURCE_DOES_NOT_EXIST";
                status = 404;
            }
            case ALREADY_EXISTS -> {
                mlflowCode = "RESOURCE_ALREADY_EXISTS";
                status = 400;
            }
            case CONFLICT -> {
                mlflowCode = "RESOURCE_CONFLICT";
                status = 409;
            }
            case INVALID_STATE -> {
                mlflowCode = "INVALID_STATE";
                status = 400;
            }
            case UNAUTHENTICATED -> {
                mlflowCode = "UNAUTHENTICATED";
                status = 401;
            }
            case PERMISSION_DENIED -> {
                mlflowCode = "PERMISSION_DENIED";
                status = 403;
            }
            case METHOD_NOT_ALLOWED -> {
                mlflowCode = "BAD_REQUEST";
                status = 405;
            }
            case INTERNAL -> {
                mlflowCode = "INTERNAL_ERROR";
                status = 500;
            }
            case UNAVAILABLE -> {
                mlflowCode = "TEMPORARILY_UNAVAILABLE";
                status = 503;
            }
            default -> {
                mlflowCode = "INVALID_PARAMETER_VALUE";
                status = 400;
            }
        }
        write(ctx, status, mlflowCode, message);
    }

    static void write(Context ctx, int status, String mlflowCode, String message) {
        ctx.status(status).contentType("application/json")
                .result(MlflowJson.object().put("error_code", mlflowCode).put("message", message).toString());
    }

    public static void malformed(Context ctx, String message) {
        write(ctx, 400, "MALFORMED_REQUEST", message);
    }

    public static void endpointNotFound(Context ctx) {
        write(ctx, 404, "ENDPOINT_NOT_FOUND", "No API endpoint " + ctx.method() + " " + ctx.path());
    }

    /** Whether a Javalin exception is the malformed-body signal of {@link MlflowRequest}. */
    public static boolean isMalformed(Throwable t) {
        return t instanceof MlflowRequest.Malformed;
    }
}
