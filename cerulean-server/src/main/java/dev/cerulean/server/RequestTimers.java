package dev.cerulean.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code http_server_requests_seconds{method, uri, status}}: one timer per route template, method and
 * status, looked up by those three rather than built again (tags sorted, id hashed) for every request.
 */
final class RequestTimers {
    private record Key(String method, String uri, int status) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    RequestTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String method, String uri, int status, long nanos) {
        Key key = new Key(method, uri, status);
        Timer t = timers.get(key);
        (t != null ? t : timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests").tag("method", k.method())
                .tag("uri", k.uri()).tag("status", Integer.toString(k.status())).register(registry))).record(nanos, TimeUnit.NANOSECONDS);
    }
}
