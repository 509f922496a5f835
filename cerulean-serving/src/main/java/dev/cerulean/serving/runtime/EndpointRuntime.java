package dev.cerulean.serving.runtime;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.endpoint.EndpointKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;

/** An endpoint in the runtime: its keys and its current routing table. */
final class EndpointRuntime {
    private final String name;
    private volatile byte[][] keys;
    private final AtomicReference<RoutingTable> table = new AtomicReference<>(RoutingTable.EMPTY);

    EndpointRuntime(String name, EndpointKeys keys) {
        this.name = name;
        setKeys(keys);
    }

    String name() {
        return name;
    }

    void setKeys(EndpointKeys k) {
        keys = new byte[][] {k.primaryKey().getBytes(StandardCharsets.UTF_8), k.secondaryKey().getBytes(StandardCharsets.UTF_8)};
    }

    RoutingTable table() {
        return table.get();
    }

    /** Applies a change to the routing table atomically (retrying when another change won the race). */
    RoutingTable update(java.util.function.UnaryOperator<RoutingTable> change) {
        return table.updateAndGet(change);
    }

    /**
     * Checks {@code Authorization: Bearer <key>} against both keys, in constant time.
     *
     * @throws CeruleanException UNAUTHENTICATED when the header is missing, malformed or has another key
     */
    void authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new CeruleanException(ErrorCode.UNAUTHENTICATED, "endpoint '" + name + "' needs a key: send the header "
                    + "'Authorization: Bearer <key>' (cerulean online-endpoint get-credentials --name " + name + ")", "Authorization");
        }
        String a = authorization.strip();
        if (a.length() < 7 || !a.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new CeruleanException(ErrorCode.UNAUTHENTICATED, "the Authorization header must be 'Bearer <key>'", "Authorization");
        }
        byte[] given = a.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        byte[][] k = keys;
        boolean ok = MessageDigest.isEqual(given, k[0]) | MessageDigest.isEqual(given, k[1]);
        if (!ok) {
            throw new CeruleanException(ErrorCode.UNAUTHENTICATED, "the key is not valid for endpoint '" + name + "'", "Authorization");
        }
    }
}
