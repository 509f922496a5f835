package dev.cerulean.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Principal;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reading requests: the caller, JSON bodies, path and query parameters, each with errors that name the parameter. */
public final class Requests {
    /** The header that names the caller until authentication lands; absent means anonymous. */
    public static final String USER_HEADER = "X-Cerulean-User";

    private Requests() {
    }

    public static Principal principal(Context ctx) {
        String user = ctx.header(USER_HEADER);
        return user == null || user.isBlank() ? Principal.ANONYMOUS : new Principal(user.strip());
    }

    /** The body as a JSON object; an empty body is an empty object. */
    public static ObjectNode jsonObject(Context ctx, ObjectMapper mapper) {
        try {
            byte[] bytes = ctx.bodyAsBytes();
            if (bytes.length == 0) {
                return mapper.createObjectNode();
            }
            JsonNode node = mapper.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new InvalidParameterException("the request body must be a JSON object", "body");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw ApiJson.notJson(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code name} and {@code version} path parameters as a reference; the version may be {@code latest}. */
    public static AssetRef assetRef(Context ctx) {
        return AssetRef.of(ctx.pathParam("name"), ctx.pathParam("version"));
    }

    /** An integer query parameter within bounds, or the default when absent. */
    public static int queryInt(Context ctx, String name, int defaultValue, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v.strip());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParameterException("query parameter '" + name + "' value '" + v + "' is not an integer from "
                + min + " to " + max, name);
    }

    public static boolean queryBool(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return false;
        }
        if (v.equalsIgnoreCase("true") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equals("0")) {
            return false;
        }
        throw new InvalidParameterException("query parameter '" + name + "' value '" + v + "' is not true or false", name);
    }
}
