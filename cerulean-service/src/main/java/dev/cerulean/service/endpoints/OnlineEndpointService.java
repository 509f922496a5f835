package dev.cerulean.service.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.AlreadyExistsException;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ConflictException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Names;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.endpoint.DataCollectorSettings;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineDeployment;
import dev.cerulean.core.endpoint.OnlineEndpoint;
import dev.cerulean.core.endpoint.ProbeSettings;
import dev.cerulean.core.endpoint.RequestSettings;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.ml.model.Model;
import dev.cerulean.serving.ServingLimits;
import dev.cerulean.serving.runtime.DeploymentStatus;
import dev.cerulean.serving.runtime.ServingRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import dev.cerulean.service.Auditor;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.data.DataRequest;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.service.tracking.RegistryService;
import dev.cerulean.store.EndpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online endpoints: what Azure ML's {@code az ml online-endpoint} and {@code online-deployment} do, on
 * this workspace. State is stored (so a restarted server serves the same endpoints) and mirrored in the
 * {@link ServingRuntime}, which answers the scoring requests. Each change commits with its audit event
 * first, then the runtime follows; one change at a time, so the two never disagree in order.
 */
public final class OnlineEndpointService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnlineEndpointService.class);
    /** How long {@code online-deployment create} waits for the replicas to load and pass their readiness probe. */
    static final long READY_WAIT_SECONDS = 600;

    private final EndpointStore store;
    private final RegisteredModels models;
    private final LineageService lineage;
    private final SpecParser specs;
    private final Auditor auditor;
    private final Clock clock;
    private final ServingRuntime runtime;
    private final ScoringService scoring;
    private final ReentrantLock changes = new ReentrantLock();

    /**
     * @param home the workspace home; data collectors write under {@code <home>/serving/collector}
     */
    public OnlineEndpointService(EndpointStore store, RegistryService registry, DataAssetService data,
            LineageService lineage, SpecParser specs, Auditor auditor, Path home, ServingLimits limits, Clock clock) {
        this.store = store;
        this.models = new RegisteredModels(registry);
        this.lineage = lineage;
        this.specs = specs;
        this.auditor = auditor;
        this.clock = clock;
        this.runtime = new ServingRuntime(limits, home.resolve("serving").resolve("collector"), (collection, name, file, start) -> {
            // <root>/<endpoint>/<deployment>/<collection>/<window>.jsonl
            Path deploymentDir = file.getParent().getParent();
            String endpoint = deploymentDir.getParent().getFileName().toString();
            String deployment = deploymentDir.getFileName().toString();
            data.create(Principal.SYSTEM, new DataRequest(name, null, DataType.URI_FILE, "Production " + collection + " of online deployment "
                    + endpoint + "/" + deployment + ", window starting " + start, Map.of("collection", collection, "endpoint", endpoint,
                    "deployment", deployment, "window_start", start.toString()), file.toString(), false));
            Files.deleteIfExists(file);
        }, clock);
        this.scoring = new ScoringService(runtime);
    }

    /** Publishes the serving meters ({@code cerulean_endpoint_*}) to a registry too (the server's Prometheus one). */
    public void publishMetrics(MeterRegistry registry) {
        runtime.metrics().addRegistry(registry);
    }

    // --- endpoints ------------------------------------------------------------------------------

    /**
     * Creates an endpoint from an online endpoint spec (a JSON body).
     *
     * @throws CeruleanException INVALID_SPEC naming each bad field; INVALID_PARAMETER when traffic is set (Azure ML sets it
     *                           only after deployments exist); ALREADY_EXISTS when an online or batch endpoint has the name
     */
    public OnlineEndpoint create(Principal p, ObjectNode body) {
        String name = body.path("name").asText("?");
        changes.lock();
        try {
            EndpointKeys keys = EndpointKeys.generate();
            OnlineEndpoint e = auditor.run(p, "online_endpoint.create", "online_endpoint:" + name, () -> {
                Spec spec = specs.check(body, "request body", null, SpecKind.ONLINE_ENDPOINT);
                JsonNode b = spec.body();
                for (String f : List.of("traffic", "mirror_traffic")) {
                    if (b.path(f).size() > 0) {
                        throw new InvalidParameterException("'" + f + "' cannot be set when an endpoint is created: create it, create its "
                                + "deployments, then run 'cerulean online-endpoint update --name " + name + " --traffic \"blue=100\"'", f);
                    }
                }
                checkNameFree(name);
                Instant now = clock.instant();
                OnlineEndpoint created = new OnlineEndpoint(name, b.path("auth_mode").asText("key"), b.path("description").asText(""),
                        strings(b.path("tags")), Map.of(), Map.of(), now, p.name(), now);
                store.insertOnlineEndpoint(created, keys);
                return created;
            });
            runtime.addEndpoint(name, keys);
            return e;
        } finally {
            changes.unlock();
        }
    }

    private void checkNameFree(String name) {
        if (store.onlineEndpoint(name).isPresent()) {
            throw new AlreadyExistsException("online endpoint '" + name + "' already exists", "name");
        }
        if (store.batchEndpoint(name).isPresent()) {
            throw new AlreadyExistsException("a batch endpoint is already named '" + name + "'; endpoint names are shared by online and "
                    + "batch endpoints", "name");
        }
    }

    /** @throws NotFoundException naming the endpoint */
    public OnlineEndpoint get(String name) {
        Names.requireValid("name", name);
        return store.onlineEndpoint(name).orElseThrow(() -> new NotFoundException("online endpoint '" + name + "' does not exist", "name"));
    }

    public List<OnlineEndpoint> list() {
        return store.onlineEndpoints();
    }

    /**
     * A change to an endpoint; null fields stay as they are.
     *
     * @param traffic       the whole new live split (deployments left out get 0); sums to 0 or 100
     * @param mirrorTraffic the whole new mirror: at most one deployment, at most 50, with no live traffic; {@code {}} or a 0 turns it off
     * @param description   new description
     * @param tags          new tags
     */
    public record Update(Map<String, Integer> traffic, Map<String, Integer> mirrorTraffic, String description, Map<String, String> tags) {
    }

    /** The fields an endpoint change may set; everything else an endpoint has is fixed when it is created. */
    private static final List<String> CHANGEABLE = List.of("traffic", "mirror_traffic", "description", "tags");

    /**
     * Changes an endpoint from a request body holding some of {@code traffic}, {@code mirror_traffic}
     * (objects of deployment names to whole percentages), {@code description} and {@code tags}.
     *
     * @throws InvalidParameterException naming a field that cannot change or is not of its form; then as the other update
     */
    public OnlineEndpoint update(Principal p, String name, ObjectNode body) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!CHANGEABLE.contains(f)) {
                throw new InvalidParameterException("'" + f + "' cannot be changed: an endpoint's traffic, mirror_traffic, description and "
                        + "tags can", f);
            }
        }
        return update(p, name, new Update(percentages(body, "traffic"), percentages(body, "mirror_traffic"),
                body.hasNonNull("description") ? body.get("description").asText() : null,
                body.hasNonNull("tags") ? tags(body.get("tags")) : null));
    }

    private static Map<String, Integer> percentages(ObjectNode body, String field) {
        if (!body.hasNonNull(field)) {
            return null;
        }
        JsonNode t = body.get(field);
        if (!t.isObject()) {
            throw new InvalidParameterException("'" + field + "' must be an object of deployment names to percentages, like {\"blue\": 90, "
                    + "\"green\": 10}", field);
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() && !(v.isTextual() && v.asText().strip().matches("\\d{1,3}"))) {
                throw new InvalidParameterException("'" + field + "." + e.getKey() + "' must be a whole percentage from 0 to 100, got " + v,
                        field);
            }
            m.put(Names.requireValid(field, e.getKey()), v.isIntegralNumber() ? v.asInt() : Integer.parseInt(v.asText().strip()));
        }
        return m;
    }

    private static Map<String, String> tags(JsonNode n) {
        if (!n.isObject()) {
            throw new InvalidParameterException("'tags' must be an object of names to strings", "tags");
        }
        return strings(n);
    }

    /**
     * Changes traffic, mirror, description or tags. A new split takes effect for the next request routed;
     * requests already routed finish where they are.
     *
     * @throws CeruleanException INVALID_PARAMETER (target {@code traffic} or {@code mirror_traffic}) naming the deployment
     *                           that does not exist, has failed, or the percentages that do not add up
     */
    public OnlineEndpoint update(Principal p, String name, Update u) {
        changes.lock();
        try {
            OnlineEndpoint updated = auditor.run(p, "online_endpoint.update", "online_endpoint:" + name, () -> {
                OnlineEndpoint e = get(name);
                Map<String, OnlineDeployment> deployments = new LinkedHashMap<>();
                store.onlineDeployments(name).forEach(d -> deployments.put(d.name(), d));
                Map<String, Integer> traffic = u.traffic() == null ? e.traffic() : positive(u.traffic());
                Map<String, Integer> mirror = u.mirrorTraffic() == null ? e.mirrorTraffic() : positive(u.mirrorTraffic());
                checkTraffic(name, deployments, traffic, mirror);
                OnlineEndpoint next = e.withTraffic(traffic, mirror, clock.instant());
                if (u.description() != null || u.tags() != null) {
                    next = next.withDescription(u.description() == null ? e.description() : u.description(),
                            u.tags() == null ? e.tags() : u.tags(), clock.instant());
                }
                store.updateOnlineEndpoint(next);
                return next;
            });
            runtime.setTraffic(name, updated.traffic(), updated.mirrorTraffic());
            return updated;
        } finally {
            changes.unlock();
        }
    }

    private static Map<String, Integer> positive(Map<String, Integer> m) {
        Map<String, Integer> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (v == null || v < 0 || v > 100) {
                throw new InvalidParameterException("traffic for '" + k + "' must be a percentage from 0 to 100, got " + v, "traffic");
            }
            if (v > 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    private void checkTraffic(String endpoint, Map<String, OnlineDeployment> deployments, Map<String, Integer> traffic,
            Map<String, Integer> mirror) {
        int sum = 0;
        for (Map.Entry<String, Integer> t : traffic.entrySet()) {
            requireDeployment(endpoint, deployments, t.getKey(), "traffic");
            sum += t.getValue();
        }
        if (sum != 0 && sum != 100) {
            throw new InvalidParameterException("traffic percentages sum to " + sum + "; they must sum to 0 or 100 (" + text(traffic) + ")",
                    "traffic");
        }
        if (mirror.size() > 1) {
            throw new InvalidParameterException("traffic can be mirrored to one deployment only, not " + String.join(" and ", mirror.keySet()),
                    "mirror_traffic");
        }
        for (Map.Entry<String, Integer> m : mirror.entrySet()) {
            requireDeployment(endpoint, deployments, m.getKey(), "mirror_traffic");
            if (m.getValue() > 50) {
                throw new InvalidParameterException("at most 50% of traffic can be mirrored, got " + m.getValue() + " for '" + m.getKey() + "'",
                        "mirror_traffic");
            }
            if (traffic.containsKey(m.getKey())) {
                throw new InvalidParameterException("deployment '" + m.getKey() + "' receives live traffic, so it cannot also receive mirrored "
                        + "traffic: a deployment gets one or the other", "mirror_traffic");
            }
        }
    }

    private void requireDeployment(String endpoint, Map<String, OnlineDeployment> deployments, String name, String field) {
        if (!deployments.containsKey(name)) {
            throw new InvalidParameterException("endpoint '" + endpoint + "' has no deployment '" + name + "'; its deployments are "
                    + (deployments.isEmpty() ? "none yet" : String.join(", ", deployments.keySet())), field);
        }
        Optional<DeploymentStatus> s = runtime.status(endpoint, name);
        if (s.isPresent() && s.get().state().equals("Failed")) {
            throw new InvalidParameterException("deployment '" + name + "' failed (" + s.get().error() + "); it cannot take traffic: delete "
                    + "it and create it again", field);
        }
    }

    static String text(Map<String, Integer> traffic) {
        List<String> parts = new ArrayList<>();
        traffic.forEach((k, v) -> parts.add(k + "=" + v));
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }

    /**
     * Deletes an endpoint and its deployments. It stops answering at once; requests in flight finish before
     * its models are closed (this waits for that).
     */
    public void delete(Principal p, String name) {
        CompletableFuture<Void> drained;
        changes.lock();
        try {
            auditor.run(p, "online_endpoint.delete", "online_endpoint:" + name, () -> {
                get(name);
                store.deleteOnlineEndpoint(name);
                return null;
            });
            drained = runtime.removeEndpoint(name);
        } finally {
            changes.unlock();
        }
        await(drained, "endpoint '" + name + "'");
    }

    /** The endpoint's keys ({@code get-credentials}); reading them is audited. */
    public EndpointKeys keys(Principal p, String name) {
        return auditor.run(p, "online_endpoint.get_credentials", "online_endpoint:" + name, () -> {
            get(name);
            return store.keys(name).orElseThrow(() -> new NotFoundException("online endpoint '" + name + "' does not exist", "name"));
        });
    }

    /** Replaces one key; the old one stops working at once, the other keeps working. */
    public EndpointKeys regenerateKeys(Principal p, String name, EndpointKeys.KeyType type) {
        changes.lock();
        try {
            EndpointKeys keys = auditor.run(p, "online_endpoint.regenerate_keys", "online_endpoint:" + name, () -> {
                get(name);
                EndpointKeys next = store.keys(name).orElseThrow().regenerate(type);
                store.updateKeys(name, next);
                return next;
            });
            runtime.setKeys(name, keys);
            return keys;
        } finally {
            changes.unlock();
        }
    }

    // --- deployments ----------------------------------------------------------------------------

    /**
     * Creates a deployment from an online deployment spec: resolves and loads the model (so that a model
     * Cerulean cannot serve is refused before anything is stored), stores it with no traffic, records
     * the lineage model → deployment, and waits until its replicas are ready.
     *
     * @param endpoint the endpoint of the route, or null to take {@code endpoint_name} from the spec
     * @throws CeruleanException INVALID_SPEC naming bad fields; NOT_FOUND for an unknown endpoint or model; ALREADY_EXISTS;
     *                           UNAVAILABLE when the replicas fail to become ready (the deployment then stays, Failed)
     */
    public DeploymentInfo createDeployment(Principal p, String endpoint, ObjectNode body) {
        String name = body.path("name").asText("?");
        if (endpoint != null) {
            if (body.hasNonNull("endpoint_name") && !body.get("endpoint_name").asText().equals(endpoint)) {
                throw new InvalidParameterException("the spec's endpoint_name '" + body.get("endpoint_name").asText()
                        + "' is not the endpoint '" + endpoint + "' it is created under", "endpoint_name");
            }
            body = body.deepCopy();
            body.put("endpoint_name", endpoint);
        }
        String ep = body.path("endpoint_name").asText("?");
        ObjectNode spec = body;
        CompletableFuture<Void> ready;
        OnlineDeployment created;
        changes.lock();
        Model[] loaded = new Model[1];
        try {
            created = auditor.run(p, "online_deployment.create", "online_deployment:" + ep + "/" + name, () -> {
                JsonNode b = specs.check(spec, "request body", null, SpecKind.ONLINE_DEPLOYMENT).body();
                get(ep);
                if (store.onlineDeployment(ep, name).isPresent()) {
                    throw new AlreadyExistsException("endpoint '" + ep + "' already has a deployment '" + name + "'", "name");
                }
                RegisteredModels.Resolved model = models.resolve(b.get("model").asText());
                if (loaded[0] == null) {
                    loaded[0] = RegisteredModels.load(model);
                }
                OnlineDeployment d = fromSpec(b, model, p);
                store.insertOnlineDeployment(d);
                lineage.record(new LineageNode(LineageKind.MODEL, model.name(), Integer.toString(model.version())),
                        deploymentNode(ep, name), "deployed_as");
                return d;
            });
            Model first = loaded[0];
            loaded[0] = null;
            ready = runtime.addDeployment(created, models.source(created.modelName(), created.modelVersion()), first);
        } catch (RuntimeException e) {
            // the model was loaded to check it, and nothing will use it
            if (loaded[0] instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception x) {
                    e.addSuppressed(x);
                }
            }
            throw e;
        } finally {
            changes.unlock();
        }
        await(ready, "deployment '" + name + "'");
        return deployment(ep, name);
    }

    /** The lineage node of a deployment: {@code deployment:<endpoint>:<deployment>}. */
    public static LineageNode deploymentNode(String endpoint, String deployment) {
        return new LineageNode(LineageKind.DEPLOYMENT, endpoint, deployment);
    }

    private OnlineDeployment fromSpec(JsonNode b, RegisteredModels.Resolved model, Principal p) {
        String ep = b.get("endpoint_name").asText();
        String name = b.get("name").asText();
        JsonNode rs = b.path("request_settings");
        RequestSettings request = new RequestSettings(rs.path("max_concurrent_requests_per_instance").asInt(RequestSettings.defaultConcurrency()),
                rs.path("request_timeout_ms").asInt(RequestSettings.DEFAULT_TIMEOUT_MS),
                rs.path("max_queue_wait_ms").asInt(RequestSettings.DEFAULT_QUEUE_WAIT_MS));
        return new OnlineDeployment(ep, name, b.path("description").asText(""), strings(b.path("tags")), model.name(), model.version(),
                b.path("instance_count").asInt(1), request, probe(b.path("liveness_probe"), ProbeSettings.LIVENESS_DEFAULT),
                probe(b.path("readiness_probe"), ProbeSettings.READINESS_DEFAULT), strings(b.path("environment_variables")),
                collector(b.path("data_collector"), ep, name), clock.instant(), p.name());
    }

    private static ProbeSettings probe(JsonNode n, ProbeSettings d) {
        return new ProbeSettings(n.path("initial_delay").asInt(d.initialDelay()), n.path("period").asInt(d.period()),
                n.path("timeout").asInt(d.timeout()), n.path("success_threshold").asInt(d.successThreshold()),
                n.path("failure_threshold").asInt(d.failureThreshold()));
    }

    private static DataCollectorSettings collector(JsonNode n, String endpoint, String deployment) {
        if (!n.isObject()) {
            return null;
        }
        List<DataCollectorSettings.Collection> collections = new ArrayList<>();
        n.path("collections").fields().forEachRemaining(e -> {
            if (e.getValue().path("enabled").asBoolean(false)) {
                String dataName = e.getValue().path("data").path("name").asText(endpoint + "-" + deployment + "-" + e.getKey().replace('_', '-'));
                collections.add(new DataCollectorSettings.Collection(e.getKey(), Names.requireValid("data_collector.collections."
                        + e.getKey() + ".data.name", dataName)));
            }
        });
        if (collections.isEmpty()) {
            return null;
        }
        return new DataCollectorSettings(n.path("sampling_rate").asDouble(1.0),
                DataCollectorSettings.RollingRate.parse(n.path("rolling_rate").asText("Hour")), collections);
    }

    static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    /** A deployment with its state. */
    public DeploymentInfo deployment(String endpoint, String name) {
        get(endpoint);
        OnlineDeployment d = store.onlineDeployment(endpoint, name).orElseThrow(() -> new NotFoundException("endpoint '" + endpoint
                + "' has no deployment '" + name + "'", "name"));
        return info(d);
    }

    private DeploymentInfo info(OnlineDeployment d) {
        DeploymentStatus s = runtime.status(d.endpointName(), d.name()).orElse(new DeploymentStatus("Failed",
                "not loaded in this server", 0, 0, 0, List.of()));
        return new DeploymentInfo(d, s, runtime.meters(d.endpointName(), d.name()).counts(false));
    }

    /** Every deployment of an endpoint, by name. */
    public List<DeploymentInfo> deployments(String endpoint) {
        get(endpoint);
        return store.onlineDeployments(endpoint).stream().map(this::info).toList();
    }

    /**
     * Deletes a deployment with no traffic: it leaves the routing table at once, then finishes the requests
     * routed to it before its models close (this waits for that).
     *
     * @throws ConflictException while it has live or mirrored traffic (naming how to move it)
     */
    public void deleteDeployment(Principal p, String endpoint, String name) {
        CompletableFuture<Void> drained;
        changes.lock();
        try {
            auditor.run(p, "online_deployment.delete", "online_deployment:" + endpoint + "/" + name, () -> {
                OnlineEndpoint e = get(endpoint);
                deployment(endpoint, name);
                Integer live = e.traffic().get(name);
                if (live != null && live > 0) {
                    throw new ConflictException("deployment '" + name + "' has " + live + "% of the live traffic of endpoint '" + endpoint
                            + "'; move it first: cerulean online-endpoint update --name " + endpoint + " --traffic \"...\" (now "
                            + text(e.traffic()) + ")", "traffic");
                }
                Integer mirrored = e.mirrorTraffic().get(name);
                if (mirrored != null && mirrored > 0) {
                    throw new ConflictException("deployment '" + name + "' receives " + mirrored + "% mirrored traffic; stop it first: "
                            + "cerulean online-endpoint update --name " + endpoint + " --mirror-traffic \"" + name + "=0\"", "mirror_traffic");
                }
                store.deleteOnlineDeployment(endpoint, name);
                return null;
            });
            drained = runtime.removeDeployment(endpoint, name);
        } finally {
            changes.unlock();
        }
        await(drained, "deployment '" + name + "'");
    }

    /** The last {@code lines} log lines of a deployment in this server. */
    public List<String> logs(String endpoint, String name, int lines) {
        deployment(endpoint, name);
        return runtime.logs(endpoint, name, lines).orElse(List.of());
    }

    private static void await(CompletableFuture<Void> f, String what) {
        try {
            f.get(READY_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "interrupted while waiting for " + what);
        } catch (TimeoutException e) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, what + " is not ready after " + READY_WAIT_SECONDS + " s (see get-logs)");
        } catch (ExecutionException e) {
            Throwable c = ServingRuntime.unwrap(e);
            if (c instanceof CeruleanException ce) {
                throw new CeruleanException(ce.code(), ce.getMessage() + " (see online-deployment get-logs)", ce.target(), ce.details(), ce);
            }
            throw new CeruleanException(ErrorCode.INTERNAL, what + " failed: " + c, null, List.of(), c);
        }
    }

    // --- scoring --------------------------------------------------------------------------------

    /** The scoring routes' service, over this service's runtime. */
    public ScoringService scoring() {
        return scoring;
    }

    // --- lifecycle ------------------------------------------------------------------------------

    /**
     * Puts the stored endpoints and deployments back into the runtime (when the workspace opens). Models
     * load in the background; a deployment whose model cannot be loaded stays, in state Failed.
     */
    public void restore() {
        changes.lock();
        try {
            for (OnlineEndpoint e : store.onlineEndpoints()) {
                try {
                    runtime.addEndpoint(e.name(), store.keys(e.name()).orElseThrow());
                    for (OnlineDeployment d : store.onlineDeployments(e.name())) {
                        runtime.addDeployment(d, models.source(d.modelName(), d.modelVersion()), null);
                    }
                    runtime.setTraffic(e.name(), e.traffic(), e.mirrorTraffic());
                } catch (RuntimeException x) {
                    LOG.error("cannot restore online endpoint {}", e.name(), x);
                }
            }
        } finally {
            changes.unlock();
        }
    }

    /** Stops serving: endpoints drain, data collectors register their last windows. */
    @Override
    public void close() {
        runtime.close();
    }
}
