package dev.cerulean.core.tracking;

import dev.cerulean.core.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page tokens that carry an offset, in the form MLflow's own server uses (base64 JSON). */
public final class PageToken {
    private PageToken() {
    }

    public static String encode(long offset) {
        return Base64.getEncoder().encodeToString(("{\"offset\": " + offset + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token carries; 0 for no token. */
    public static long decode(String token) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            String json = new String(Base64.getDecoder().decode(token.strip()), StandardCharsets.UTF_8);
            String digits = json.replaceAll("[^0-9]", "");
            if (!json.contains("offset") || digits.isEmpty()) {
                throw new IllegalArgumentException(json);
            }
            return Long.parseLong(digits);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("Invalid page token, could not base64-decode", "page_token");
        }
    }
}
