package dev.cerulean.serving.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Serving's meters, kept in a composite registry that the server adds its Prometheus registry to:
 * <ul>
 * <li>{@code cerulean_endpoint_requests_total{endpoint, deployment, status, mirror}}: requests answered;</li>
 * <li>{@code cerulean_endpoint_errors_total{endpoint, deployment, status, mirror}}: those with status ≥ 400;</li>
 * <li>{@code cerulean_endpoint_request_duration_seconds{endpoint, deployment, mirror}}: time from arrival to
 * answer, as histogram buckets plus p50/p95/p99;</li>
 * <li>{@code cerulean_endpoint_model_duration_seconds{endpoint, deployment}}: time in the model (checks,
 * prediction, encoding);</li>
 * <li>{@code cerulean_endpoint_in_flight}, {@code cerulean_endpoint_queued}: gauges per deployment;</li>
 * <li>{@code cerulean_endpoint_dropped_total{endpoint, deployment, what}}: mirrored requests and collected
 * rows dropped because their queue was full.</li>
 * </ul>
 * Requests refused before a deployment is chosen (unknown endpoint, bad key) have {@code deployment="none"}.
 */
public final class ServingMetrics {
    public static final String NO_DEPLOYMENT = "none";

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final ConcurrentHashMap<String, DeploymentMeters> meters = new ConcurrentHashMap<>();

    /** Also publishes to {@code target} (the server's Prometheus registry). */
    public void addRegistry(MeterRegistry target) {
        registry.add(target);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of one deployment (created on first use). */
    public DeploymentMeters deployment(String endpoint, String deployment) {
        return meters.computeIfAbsent(endpoint + "\u0000" + deployment, k -> new DeploymentMeters(registry, endpoint, deployment));
    }

    /** Gauges of a deployment's in-flight and queued requests, read from the runtime. */
    public void gauges(String endpoint, String deployment, Supplier<Number> inFlight, Supplier<Number> queued) {
        DeploymentMeters m = deployment(endpoint, deployment);
        m.own(Gauge.builder("cerulean.endpoint.in.flight", inFlight).tags("endpoint", endpoint, "deployment", deployment)
                .description("Requests being scored").register(registry));
        m.own(Gauge.builder("cerulean.endpoint.queued", queued).tags("endpoint", endpoint, "deployment", deployment)
                .description("Requests waiting for a free slot").register(registry));
    }

    /**
     * Removes a deleted deployment's gauges (they hold its runtime) and forgets its meters, so that a new
     * deployment of the same name starts from zero; counts already scraped stay in Prometheus.
     */
    public void remove(String endpoint, String deployment) {
        DeploymentMeters m = meters.remove(endpoint + "\u0000" + deployment);
        if (m != null) {
            m.removeFrom(registry);
        }
    }

    /** Meters of one deployment; recording is lock-free after the first request of each status. */
    public static final class DeploymentMeters {
        private final MeterRegistry registry;
        private final String endpoint;
        private final String deployment;
        private final Timer live;
        private final Timer mirrored;
        private final Timer model;
        private final ConcurrentHashMap<Integer, Counter> liveCounts = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<Integer, Counter> mirrorCounts = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<Integer, Counter> liveErrors = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<Integer, Counter> mirrorErrors = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Counter> drops = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<Integer, LongAdder> liveTally = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<Integer, LongAdder> mirrorTally = new ConcurrentHashMap<>();
        private final List<Meter> owned = new ArrayList<>();

        DeploymentMeters(MeterRegistry registry, String endpoint, String deployment) {
            this.registry = registry;
            this.endpoint = endpoint;
            this.deployment = deployment;
            this.live = timer(false);
            this.mirrored = timer(true);
            this.model = own(Timer.builder("cerulean.endpoint.model.duration").description("Time in the model: checks, prediction, encoding")
                    .tags("endpoint", endpoint, "deployment", deployment).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(20_000)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry));
        }

        private Timer timer(boolean mirror) {
            return own(Timer.builder("cerulean.endpoint.request.duration").description("Time from a request's arrival to its answer")
                    .tags("endpoint", endpoint, "deployment", deployment, "mirror", Boolean.toString(mirror))
                    .publishPercentileHistogram().publishPercentiles(0.5, 0.95, 0.99)
                    .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(180)).register(registry));
        }

        synchronized <M extends Meter> M own(M m) {
            owned.add(m);
            return m;
        }

        synchronized void removeFrom(MeterRegistry r) {
            owned.forEach(r::remove);
            owned.clear();
        }

        /** One answered request. */
        public void request(int status, boolean mirror, long nanos) {
            (mirror ? mirrored : live).record(nanos, TimeUnit.NANOSECONDS);
            // kept here as well: the composite registry counts nothing until a registry is added to it
            (mirror ? mirrorTally : liveTally).computeIfAbsent(status, k -> new LongAdder()).increment();
            counter(mirror ? mirrorCounts : liveCounts, "cerulean.endpoint.requests", "Requests answered", status, mirror).increment();
            if (status >= 400) {
                counter(mirror ? mirrorErrors : liveErrors, "cerulean.endpoint.errors", "Requests answered with an error status", status,
                        mirror).increment();
            }
        }

        private Counter counter(ConcurrentHashMap<Integer, Counter> cache, String name, String description, int status, boolean mirror) {
            Counter c = cache.get(status);
            return c != null ? c : cache.computeIfAbsent(status, s -> own(Counter.builder(name).description(description)
                    .tags("endpoint", endpoint, "deployment", deployment, "status", Integer.toString(s), "mirror", Boolean.toString(mirror))
                    .register(registry)));
        }

        /** Time spent in the model for one request. */
        public void model(long nanos) {
            model.record(nanos, TimeUnit.NANOSECONDS);
        }

        /** Something dropped because its queue was full ({@code mirror}, {@code collector}). */
        public void dropped(String what) {
            drops.computeIfAbsent(what, w -> own(Counter.builder("cerulean.endpoint.dropped").description("Work dropped: queue full")
                    .tags("endpoint", endpoint, "deployment", deployment, "what", w).register(registry))).increment();
        }

        /** Requests answered with a status so far (for tests and status views). */
        public long count(int status, boolean mirror) {
            LongAdder c = (mirror ? mirrorTally : liveTally).get(status);
            return c == null ? 0 : c.sum();
        }

        /** Requests answered so far by status, live or mirrored. */
        public Map<Integer, Long> counts(boolean mirror) {
            Map<Integer, Long> m = new TreeMap<>();
            (mirror ? mirrorTally : liveTally).forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }
    }
}
