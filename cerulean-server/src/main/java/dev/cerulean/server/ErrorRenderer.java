package dev.cerulean.server;

import dev.cerulean.core.CeruleanException;
import io.javalin.http.Context;

/**
 * How one protocol writes an error answer: its status, body and the headers its clients read. Every
 * failure reaches one as a {@link CeruleanException} (see {@link ErrorRenderers}, which picks the
 * renderer of a request by its route).
 */
@FunctionalInterface
public interface ErrorRenderer {
    void render(Context ctx, CeruleanException e);
}
