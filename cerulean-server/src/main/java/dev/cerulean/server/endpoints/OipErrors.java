package dev.cerulean.server.endpoints;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.server.ErrorRenderer;
import io.javalin.http.Context;

/** The Open Inference Protocol's error format: {@code {"error": "..."}} with the status the code carries. */
public final class OipErrors implements ErrorRenderer {
    public static final OipErrors INSTANCE = new OipErrors();

    private OipErrors() {
    }

    @Override
    public void render(Context ctx, CeruleanException e) {
        ctx.status(e.code().httpStatus()).contentType("application/json")
                .result(JsonNodeFactory.instance.objectNode().put("error", e.getMessage()).toString());
    }
}
