package dev.cerulean.server.mlflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.server.ErrorRenderer;
import dev.cerulean.server.NoRoute;
import io.javalin.http.Context;
import java.util.function.Function;

/**
 * MLflow's error format, {@code {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "..."}}, with either
 * of MLflow's two tables of codes: the tracking server's ({@link #TRACKING}) and the scoring server's
 * ({@link #SCORING}, BAD_REQUEST for every client mistake).
 */
public final class MlflowErrors implements ErrorRenderer {
    /** A code and the status it is answered with. */
    private record Code(String name, int status) {
    }

    /** The tracking server's codes (its REST API and the artifact proxy). */
    public static final MlflowErrors TRACKING = new MlflowErrors(MlflowErrors::tracking);
    /** The scoring server's codes ({@code /invocations}), by status. */
    public static final MlflowErrors SCORING = new MlflowErrors(MlflowErrors::scoring);

    private final Function<CeruleanException, Code> codes;

    private MlflowErrors(Function<CeruleanException, Code> codes) {
        this.codes = codes;
    }

    @Override
    public void render(Context ctx, CeruleanException e) {
        Code c = codes.apply(e);
        ctx.status(c.status()).contentType("application/json")
                .result(JsonNodeFactory.instance.objectNode().put("error_code", c.name()).put("message", message(e)).toString());
    }

    private String message(CeruleanException e) {
        return this == TRACKING && e instanceof NoRoute r ? "No API endpoint " + r.method() + " " + r.path() : e.getMessage();
    }

    private static Code tracking(CeruleanException e) {
        if (e instanceof NoRoute) {
            return new Code("ENDPOINT_NOT_FOUND", 404);
        }
        if (e instanceof MlflowRequest.Malformed) {
            return new Code("MALFORMED_REQUEST", 400);
        }
        return switch (e.code()) {
            case NOT_FOUND -> new Code("RESOURCE_DOES_NOT_EXIST", 404);
            case ALREADY_EXISTS -> new Code("RESOURCE_ALREADY_EXISTS", 400);
            case CONFLICT -> new Code("RESOURCE_CONFLICT", 409);
            case INVALID_STATE -> new Code("INVALID_STATE", 400);
            case UNAUTHENTICATED -> new Code("UNAUTHENTICATED", 401);
            case PERMISSION_DENIED -> new Code("PERMISSION_DENIED", 403);
            case METHOD_NOT_ALLOWED -> new Code("BAD_REQUEST", 405);
            case INTERNAL -> new Code("INTERNAL_ERROR", 500);
            case UNAVAILABLE -> new Code("TEMPORARILY_UNAVAILABLE", 503);
            default -> new Code("INVALID_PARAMETER_VALUE", 400);
        };
    }

    private static Code scoring(CeruleanException e) {
        ErrorCode code = e.code();
        String name = switch (code.httpStatus()) {
            case 401 -> "UNAUTHENTICATED";
            case 404 -> "RESOURCE_DOES_NOT_EXIST";
            case 408 -> "DEADLINE_EXCEEDED";
            case 429 -> "REQUEST_LIMIT_EXCEEDED";
            case 503 -> "TEMPORARILY_UNAVAILABLE";
            default -> code.httpStatus() >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
        return new Code(name, code.httpStatus());
    }
}
