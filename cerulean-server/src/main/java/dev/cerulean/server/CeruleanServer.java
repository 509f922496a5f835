package dev.cerulean.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.Version;
import dev.cerulean.server.endpoints.EndpointRoutes;
import dev.cerulean.server.endpoints.OipErrors;
import dev.cerulean.server.endpoints.ScoringRoutes;
import dev.cerulean.server.mlflow.MlflowErrors;
import dev.cerulean.server.mlflow.MlflowRoutes;
import dev.cerulean.service.Workspace;
import dev.cerulean.service.WorkspaceConfig;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cerulean's HTTP server over one workspace: the REST API under {@code /api/v1}, {@code /health}
 * and Prometheus metrics at {@code /metrics}. Binds to 127.0.0.1 unless told otherwise.
 */
public final class CeruleanServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CeruleanServer.class);
    /** Bodies larger than this are refused with 413; uploads of files stream instead. */
    static final long MAX_REQUEST_BYTES = 32L * 1024 * 1024;

    private final Javalin app;
    private final Workspace workspace;
    private final boolean ownsWorkspace;
    private final String host;
    private final PrometheusMeterRegistry metrics;

    private CeruleanServer(Javalin app, Workspace workspace, boolean ownsWorkspace, String host, PrometheusMeterRegistry metrics) {
        this.app = app;
        this.workspace = workspace;
        this.ownsWorkspace = ownsWorkspace;
        this.host = host;
        this.metrics = metrics;
    }

    /** Opens the workspace and serves it; closing the server closes the workspace. */
    public static CeruleanServer start(WorkspaceConfig config, String host, int port) {
        Workspace ws = Workspace.open(config);
        try {
            return start(ws, true, host, port);
        } catch (RuntimeException e) {
            ws.close();
            throw e;
        }
    }

    /** Serves an open workspace, which the caller keeps and closes. */
    public static CeruleanServer start(Workspace ws, String host, int port) {
        return start(ws, false, host, port);
    }

    private static CeruleanServer start(Workspace ws, boolean owns, String host, int port) {
        ObjectMapper json = ApiJson.create();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);

        // Scoring first: Javalin tries routes in the order they were added, and scoring is the hot path.
        CompressionStrategy compression = compression();
        List<Routes> routes = new ArrayList<>();
        routes.add(new ScoringRoutes(ws.endpoints().scoring(), compression.getDefaultMinSizeForCompression()));
        routes.add(new WorkspaceRoutes(ws, json));
        routes.add(new JobRoutes(ws, json));
        routes.add(new MlflowRoutes(ws, java.time.Clock.systemUTC()));
        routes.add(new EndpointRoutes(ws, json, metrics));
        ErrorRenderers errors = errorRenderers();

        RequestTimers timers = new RequestTimers(metrics);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.http.prefer405over404 = true;
            config.http.customCompression(compression);
            config.router.ignoreTrailingSlashes = true;
            config.useVirtualThreads = false;
            config.requestLogger.http((ctx, ms) -> timers.record(ctx.method().name(), route(ctx, "UNMATCHED"), ctx.statusCode(),
                    (long) (ms * 1_000_000)));
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "ok", "version", Version.get())));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        routes.forEach(r -> r.register(app));

        ExceptionHandler<Exception> failed = (e, ctx) -> {
            CeruleanException answered = errors.render(ctx, e);
            auditRejected(ws, ctx, e, answered.code().name(), answered.getMessage());
        };
        app.exception(HttpResponseException.class, failed::handle);
        app.exception(Exception.class, failed);

        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            throw new CeruleanException(ErrorCode.UNAVAILABLE, "cannot listen on " + host + ":" + port + ": "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), "port", List.of(), e);
        }
        LOG.info("Cerulean {} serving {} at http://{}:{}", Version.get(), ws.config().home(), host, app.port());
        CeruleanServer server = new CeruleanServer(app, ws, owns, host, metrics);
        ws.attachServer(server.url());
        return server;
    }

    /**
     * Javalin's gzip, with the media types the server answers with declared compressible up front: that
     * spares every answer a case-insensitive scan of the list of types never compressed.
     */
    private static CompressionStrategy compression() {
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        List<String> allowed = new ArrayList<>(gzip.getAllowedMimeTypes());
        allowed.addAll(List.of("application/json", "text/csv; charset=utf-8", "text/plain; version=0.0.4; charset=utf-8"));
        gzip.setAllowedMimeTypes(allowed);
        return gzip;
    }

    /**
     * The one registry of error formats: MLflow's on its REST API and artifact proxy, each scoring
     * protocol's on its routes, Cerulean's everywhere else.
     */
    static ErrorRenderers errorRenderers() {
        return ErrorRenderers.builder()
                .api("/api/2.0/mlflow", MlflowErrors.TRACKING)
                .api("/ajax-api/2.0/mlflow", MlflowErrors.TRACKING)
                .api("/api/2.0/preview/mlflow", MlflowErrors.TRACKING)
                .scoring(ScoringRoutes::isInvocations, MlflowErrors.SCORING)
                .scoring(p -> p.startsWith("/endpoints/"), ApiError.INSTANCE)
                .scoring(p -> p.equals("/v2") || p.startsWith("/v2/"), OipErrors.INSTANCE)
                .otherwise(ApiError.INSTANCE);
    }

    /** The route template that matched ({@code /api/v1/data/{name}/versions}), or {@code fallback}: metrics must not tag raw paths. */
    private static String route(io.javalin.http.Context ctx, String fallback) {
        try {
            String r = ctx.endpointHandlerPath();
            return r == null || r.isEmpty() ? fallback : r;
        } catch (IllegalStateException e) {
            return fallback;
        }
    }

    /** Audits a mutating request that failed before any service recorded it. */
    private static void auditRejected(Workspace ws, io.javalin.http.Context ctx, Throwable failure, String code, String message) {
        boolean mutating = switch (ctx.method().name()) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
        if (mutating && ctx.path().startsWith("/api/") && !ws.auditor().recorded(failure)) {
            ws.auditor().recordRejected(Requests.principal(ctx), ctx.method().name() + " " + route(ctx, ctx.path()), ctx.path(),
                    code, message);
        }
    }

    public int port() {
        return app.port();
    }

    /** The base URL clients use. */
    public String url() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    public Workspace workspace() {
        return workspace;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        app.stop();
        if (ownsWorkspace) {
            workspace.close();
        }
    }
}
