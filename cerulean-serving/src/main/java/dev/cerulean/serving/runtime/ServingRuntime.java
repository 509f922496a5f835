package dev.cerulean.serving.runtime;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.endpoint.DataCollectorSettings;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.ml.model.Model;
import dev.cerulean.serving.ServedModel;
import dev.cerulean.serving.ServingLimits;
import dev.cerulean.serving.telemetry.DataCollector;
import dev.cerulean.serving.telemetry.DeploymentLog;
import dev.cerulean.serving.telemetry.ServingMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The online endpoints a server answers: their keys, deployments and routing, and the scoring of
 * requests. Thread-safe; administrative calls (add, remove, traffic) may run while requests flow.
 * The caller (the endpoint service) persists state and calls in here after each change commits.
 */
public final class ServingRuntime implements AutoCloseable {
    /** Routing again after a deployment left the table is tried this many times; more means constant churn. */
    private static final int ROUTE_ATTEMPTS = 4;

    private final ServingLimits limits;
    private final Path collectorRoot;
    private final DataCollector.Sink collectorSink;
    private final Clock clock;
    private final ServingMetrics metrics = new ServingMetrics();
    private final ConcurrentHashMap<String, EndpointRuntime> endpoints = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService background;

    /**
     * @param limits        request limits
     * @param collectorRoot where data collectors write window files ({@code <root>/<endpoint>/<deployment>/<collection>})
     * @param collectorSink registers finished windows as data asset versions
     * @param clock         time of log lines and collected rows
     */
    public ServingRuntime(ServingLimits limits, Path collectorRoot, DataCollector.Sink collectorSink, Clock clock) {
        this.limits = limits;
        this.collectorRoot = collectorRoot;
        this.collectorSink = collectorSink;
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("serving-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.background = Executors.newCachedThreadPool(daemon("serving-background"));
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public ServingLimits limits() {
        return limits;
    }

    public ServingMetrics metrics() {
        return metrics;
    }

    // --- administration -------------------------------------------------------------------------

    /** Adds an endpoint with no deployments. */
    public void addEndpoint(String name, EndpointKeys keys) {
        if (endpoints.putIfAbsent(name, new EndpointRuntime(name, keys)) != null) {
            throw new IllegalStateException("endpoint " + name + " is already in the runtime");
        }
    }

    public boolean hasEndpoint(String name) {
        return endpoints.containsKey(name);
    }

    /** Replaces an endpoint's keys; the old ones stop working at once. */
    public void setKeys(String name, EndpointKeys keys) {
        endpoint(name).setKeys(keys);
    }

    /** Removes an endpoint: it stops answering at once; its deployments drain. Completes when they have. */
    public CompletableFuture<Void> removeEndpoint(String name) {
        EndpointRuntime e = endpoints.remove(name);
        if (e == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (DeploymentRuntime d : e.table().deployments().values()) {
            drains.add(retire(name, d));
        }
        return CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new));
    }

    /**
     * Adds a deployment (with no traffic) and starts loading its replicas.
     *
     * @param preloaded the model already loaded for the first replica (the caller checked it), or null
     * @return completes when the deployment is ready; fails when it cannot be loaded (it stays, in state Failed)
     */
    public CompletableFuture<Void> addDeployment(OnlineDeployment config, ModelSource source, Model preloaded) {
        EndpointRuntime e = endpoint(config.endpointName());
        if (e.table().deployments().containsKey(config.name())) {
            throw new IllegalStateException("deployment " + config.name() + " is already in the runtime");
        }
        DeploymentLog log = new DeploymentLog(clock);
        ServingMetrics.DeploymentMeters meters = metrics.deployment(config.endpointName(), config.name());
        DataCollector collector = null;
        DataCollectorSettings dc = config.dataCollector();
        if (dc != null && !dc.collections().isEmpty()) {
            collector = new DataCollector(dc, collectorRoot.resolve(config.endpointName()).resolve(config.name()), collectorSink, log, meters,
                    clock, config.endpointName() + "/" + config.name());
        }
        DeploymentRuntime d = new DeploymentRuntime(config, source, log, meters, collector, timer, background);
        metrics.gauges(config.endpointName(), config.name(), d::inFlight, d::queued);
        e.update(t -> t.with(d));
        d.start(preloaded);
        return d.ready();
    }

    /**
     * Takes a deployment out of the routing table at once (requests already routed to it finish), then
     * drains it. The caller has checked that it has no traffic.
     *
     * @return completes once drained and closed
     */
    public CompletableFuture<Void> removeDeployment(String endpoint, String deployment) {
        EndpointRuntime e = endpoint(endpoint);
        DeploymentRuntime d = e.table().deployments().get(deployment);
        if (d == null) {
            return CompletableFuture.completedFuture(null);
        }
        e.update(t -> t.without(deployment));
        return retire(endpoint, d);
    }

    private CompletableFuture<Void> retire(String endpoint, DeploymentRuntime d) {
        return d.retire().whenComplete((v, x) -> metrics.remove(endpoint, d.name()));
    }

    /**
     * Replaces the traffic split and the mirror in one step. The caller validated them (names exist,
     * live sums to 0 or 100, mirror at most one deployment with no live traffic).
     */
    public void setTraffic(String endpoint, Map<String, Integer> traffic, Map<String, Integer> mirror) {
        endpoint(endpoint).update(t -> t.withTraffic(traffic, mirror));
    }

    public Optional<DeploymentStatus> status(String endpoint, String deployment) {
        EndpointRuntime e = endpoints.get(endpoint);
        DeploymentRuntime d = e == null ? null : e.table().deployments().get(deployment);
        return Optional.ofNullable(d).map(DeploymentRuntime::status);
    }

    /** The last {@code lines} log lines of a deployment, or empty when it is not in the runtime. */
    public Optional<List<String>> logs(String endpoint, String deployment, int lines) {
        EndpointRuntime e = endpoints.get(endpoint);
        DeploymentRuntime d = e == null ? null : e.table().deployments().get(deployment);
        return Optional.ofNullable(d).map(x -> x.log().tail(lines));
    }

    /** The meters of a deployment (for tests and status views). */
    public ServingMetrics.DeploymentMeters meters(String endpoint, String deployment) {
        return metrics.deployment(endpoint, deployment);
    }

    private EndpointRuntime endpoint(String name) {
        EndpointRuntime e = endpoints.get(name);
        if (e == null) {
            throw new NotFoundException("online endpoint '" + name + "' does not exist", "name");
        }
        return e;
    }

    // --- requests -------------------------------------------------------------------------------

    /**
     * Scores one request: authenticates it, routes it (to {@code deploymentHeader} when given, else by the
     * traffic split, copying it to the mirror when drawn), admits it and answers within the deployment's
     * {@code request_timeout_ms}. Never throws: every failure is the returned future failing with a
     * {@link CeruleanException} whose code carries the status (401, 404, 408, 429, 4xx from the checks,
     * 500 when the model fails, 503 when nothing can serve).
     */
    public CompletableFuture<Scored> score(String endpoint, String authorization, String deploymentHeader, Scoring work) {
        return score(endpoint, authorization, deploymentHeader, () -> work);
    }

    /**
     * {@link #score(String, String, String, Scoring)} with the work prepared once the key is checked, on the
     * caller's thread (a protocol parses the body there: a malformed body costs no scoring capacity, and a
     * request without a valid key is refused before its body is parsed). A {@link CeruleanException} from
     * {@code prepare} fails the request like any refusal.
     */
    public CompletableFuture<Scored> score(String endpoint, String authorization, String deploymentHeader, Supplier<Scoring> prepare) {
        long arrival = System.nanoTime();
        EndpointRuntime e = endpoints.get(endpoint);
        Scoring work;
        try {
            if (e == null) {
                throw new NotFoundException("online endpoint '" + endpoint + "' does not exist", "endpoint");
            }
            e.authenticate(authorization);
            work = prepare.get();
        } catch (CeruleanException x) {
            return refused(endpoint, x, arrival);
        }
        String requestId = requestId();
        for (int attempt = 0; attempt < ROUTE_ATTEMPTS; attempt++) {
            RoutingTable t = e.table();
            DeploymentRuntime d;
            boolean direct = deploymentHeader != null && !deploymentHeader.isBlank();
            if (direct) {
                d = t.deployments().get(deploymentHeader.strip());
                if (d == null) {
                    return refused(endpoint, new NotFoundException("endpoint '" + endpoint + "' has no deployment '" + deploymentHeader.strip()
                            + "'; its deployments are " + (t.deployments().isEmpty() ? "none" : String.join(", ", t.names())),
                            "azureml-model-deployment"), arrival);
                }
            } else {
                d = t.pick();
                if (d == null) {
                    return refused(endpoint, new CeruleanException(ErrorCode.UNAVAILABLE, "endpoint '" + endpoint + "' sends no live traffic "
                            + "to any deployment: set it with 'cerulean online-endpoint update --name " + endpoint + " --traffic \"NAME=100\"', "
                            + "or name a deployment in the azureml-model-deployment header", "traffic"), arrival);
                }
            }
            long deadline = arrival + d.config().requestSettings().requestTimeoutMs() * 1_000_000L;
            CompletableFuture<Scored> f = d.submit(work, requestId, deadline);
            if (f == DeploymentRuntime.RETIRED) {
                continue;
            }
            if (!direct && t.mirrorThis()) {
                CompletableFuture<Scored> m = t.mirror().mirror(work, requestId);
                if (m != null) {
                    DeploymentRuntime mirror = t.mirror();
                    m.whenComplete((r, x) -> mirror.meters().request(status(x), true, System.nanoTime() - arrival));
                }
            }
            applyDeadline(f, d, deadline);
            f.whenComplete((r, x) -> d.meters().request(status(x), false, System.nanoTime() - arrival));
            return f;
        }
        return refused(endpoint, new CeruleanException(ErrorCode.UNAVAILABLE, "endpoint '" + endpoint
                + "' changed its deployments while routing this request; retry", "deployment"), arrival);
    }

    private CompletableFuture<Scored> refused(String endpoint, CeruleanException e, long arrival) {
        metrics.deployment(endpoint, ServingMetrics.NO_DEPLOYMENT).request(e.code().httpStatus(), false, System.nanoTime() - arrival);
        return CompletableFuture.failedFuture(e);
    }

    private void applyDeadline(CompletableFuture<Scored> f, DeploymentRuntime d, long deadline) {
        if (f.isDone()) {
            return;
        }
        long left = deadline - System.nanoTime();
        int timeoutMs = d.config().requestSettings().requestTimeoutMs();
        ScheduledFuture<?> timeout = timer.schedule(() -> f.completeExceptionally(new CeruleanException(ErrorCode.REQUEST_TIMEOUT,
                "deployment '" + d.name() + "' did not answer within request_timeout_ms (" + timeoutMs + " ms)", "request_timeout_ms")),
                Math.max(0, left), TimeUnit.NANOSECONDS);
        f.whenComplete((r, x) -> timeout.cancel(false));
    }

    /** The HTTP status a failed (or successful, x null) request is answered with. */
    public static int status(Throwable x) {
        Throwable c = unwrap(x);
        if (c == null) {
            return 200;
        }
        return c instanceof CeruleanException ce ? ce.code().httpStatus() : 500;
    }

    /** The cause behind the wrappers futures add. */
    public static Throwable unwrap(Throwable x) {
        Throwable c = x;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** 128 random bits as 32 hex digits (String.format costs more than the rest of a request's routing). */
    private static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] c = new char[32];
        long a = r.nextLong();
        long b = r.nextLong();
        for (int i = 0; i < 16; i++) {
            c[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
            c[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xf];
        }
        return new String(c);
    }

    /**
     * What an endpoint serves, for metadata and readiness answers: its deployments and the model the
     * named deployment (or, without one, the deployment with the most traffic) runs.
     *
     * @param deployments the endpoint's deployments
     * @param model       the model described, or null when none is loaded yet
     * @param ready       whether that deployment is ready
     */
    public record EndpointView(List<String> deployments, ServedModel model, boolean ready) {
    }

    /**
     * Describes an endpoint after checking the key.
     *
     * @throws CeruleanException 404 for an unknown endpoint or deployment, 401 for a bad key
     */
    public EndpointView describe(String endpoint, String authorization, String deployment) {
        EndpointRuntime e = endpoint(endpoint);
        e.authenticate(authorization);
        RoutingTable t = e.table();
        DeploymentRuntime d;
        if (deployment != null && !deployment.isBlank()) {
            d = t.deployments().get(deployment.strip());
            if (d == null) {
                throw new NotFoundException("endpoint '" + endpoint + "' has no deployment '" + deployment.strip() + "'", "deployment");
            }
        } else {
            d = t.main();
        }
        return new EndpointView(t.names(), d == null ? null : d.anyModel(), d != null && d.isReady());
    }

    /** Whether an endpoint exists (the ping route: no key, no model). */
    public boolean exists(String endpoint) {
        return endpoints.containsKey(endpoint);
    }

    /** True when every deployment of every endpoint is ready (nothing loading or failed). */
    public boolean allReady() {
        for (EndpointRuntime e : endpoints.values()) {
            for (DeploymentRuntime d : e.table().deployments().values()) {
                if (!d.isReady()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Stops everything: endpoints stop answering, deployments drain (each up to its request timeout),
     * data collectors register their last windows. Waits at most three minutes.
     */
    @Override
    public void close() {
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (String name : new ArrayList<>(endpoints.keySet())) {
            drains.add(removeEndpoint(name));
        }
        try {
            CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a deployment that cannot drain must not keep the server from stopping
        }
        timer.shutdownNow();
        background.shutdownNow();
    }
}
