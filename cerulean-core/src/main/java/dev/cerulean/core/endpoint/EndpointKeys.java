package dev.cerulean.core.endpoint;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The two keys of an endpoint with {@code auth_mode: key}; either authenticates a scoring request.
 * Two keys let clients move to a regenerated key without downtime.
 *
 * @param primaryKey   the primary key
 * @param secondaryKey the secondary key
 */
public record EndpointKeys(String primaryKey, String secondaryKey) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public EndpointKeys {
        Objects.requireNonNull(primaryKey, "primaryKey");
        Objects.requireNonNull(secondaryKey, "secondaryKey");
    }

    /** Two new random keys (256 bits each, URL-safe base64). */
    public static EndpointKeys generate() {
        return new EndpointKeys(newKey(), newKey());
    }

    /** One new random key. */
    public static String newKey() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** These keys with one of them replaced by a new one. */
    public EndpointKeys regenerate(KeyType type) {
        return type == KeyType.PRIMARY ? new EndpointKeys(newKey(), secondaryKey) : new EndpointKeys(primaryKey, newKey());
    }

    /** Which key to regenerate. */
    public enum KeyType {
        PRIMARY, SECONDARY;

        /**
         * {@code primary} or {@code secondary}, any case.
         *
         * @throws dev.cerulean.core.InvalidParameterException naming {@code key_type} otherwise
         */
        public static KeyType parse(String text) {
            String t = text == null ? "" : text.strip();
            for (KeyType k : values()) {
                if (k.name().equalsIgnoreCase(t)) {
                    return k;
                }
            }
            throw new dev.cerulean.core.InvalidParameterException("'key_type' must be primary or secondary, got '" + t + "'", "key_type");
        }
    }

    /** Never prints the keys themselves: records end up in logs. */
    @Override
    public String toString() {
        return "EndpointKeys[***]";
    }
}
