package com.merchantinsights.service;

import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.InsightsException;
import com.merchantinsights.core.identity.Identity;
import io.javalin.Javalin;
import io.javalin.config.Key;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.Graceful;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a backend service on Javalin with what every service must have from the start: request ids, the
 * documented error body for every failure, liveness and readiness, Prometheus metrics, JSON request logs.
 */
public final class ServiceApp {
    /** The largest body Javalin reads; longer ones are answered 413. */
    public static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;

    public static final String REQUEST_ID_ATTRIBUTE = "request_id";
    /** Where a request's time went, as its handler tells it ("read=40 validate=3100 …"), added to its access-log line. */
    public static final String STAGES_ATTRIBUTE = "stages_us";
    /** How long a stopping service waits for requests in flight (longer than the events API's Kafka wait). */
    public static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(20);

    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final Logger LOG = LoggerFactory.getLogger(ServiceApp.class);
    private static final Key<Stopping> STOPPING = new Key<>("insights.stopping");

    /** What {@link #stop} needs to know about a service it stops. */
    private record Stopping(String name, InFlightRequests inFlight) {}

    private ServiceApp() {}

    /**
     * @param name     service name, tagged on metrics and logs
     * @param ready    readiness: true when the service can do its work (e.g. its store is reachable)
     * @param routes   the service's own routes
     */
    public static Javalin create(
            String name,
            String host,
            int port,
            PrometheusMeterRegistry registry,
            BooleanSupplier ready,
            Consumer<RoutesConfig> routes) {
        return create(
                name,
                host,
                port,
                registry,
                ready,
                OverloadHandler.Limits.fromEnvironment(EnvironmentSettings.fromSystem()),
                routes);
    }

    /**
     * As {@link #create(String, String, int, PrometheusMeterRegistry, BooleanSupplier, Consumer)}, with the
     * concurrency limits given rather than read from the environment.
     */
    public static Javalin create(
            String name,
            String host,
            int port,
            PrometheusMeterRegistry registry,
            BooleanSupplier ready,
            OverloadHandler.Limits limits,
            Consumer<RoutesConfig> routes) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        InFlightRequests inFlight = new InFlightRequests();
        return Javalin.create(config -> {
            config.appData(STOPPING, new Stopping(name, inFlight));
            config.jetty.host = host;
            config.jetty.port = port;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.startup.showJavalinBanner = false;
            config.router.ignoreTrailingSlashes = true;
            // Bounded concurrency (503 overloaded beyond it), then the graceful stop: no new connections, in-flight
            // requests finish (up to the grace period), then stop. Javalin puts its servlet context inside the
            // innermost wrapper already set on the server.
            config.jetty.modifyServer(server -> {
                OverloadHandler overload = new OverloadHandler(limits, new GracefulHandler());
                registry.gauge(
                        "http.server.requests.queued",
                        java.util.List.of(io.micrometer.core.instrument.Tag.of("service", name)),
                        overload,
                        OverloadHandler::getSuspendedRequestCount);
                server.setHandler(overload);
                server.setStopTimeout(SHUTDOWN_GRACE.toMillis());
            });
            config.requestLogger.http((ctx, ms) -> {
                inFlight.end(ctx);
                // with buckets, so that the p99 objectives can be computed across instances
                Timer.builder("http.server.requests")
                        .publishPercentileHistogram()
                        .tag("service", name)
                        .tag("method", ctx.method().name())
                        .tag("route", ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path)
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .register(registry)
                        .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
                var line = ACCESS.atInfo()
                        .addKeyValue("service", name)
                        .addKeyValue("request_id", requestId(ctx))
                        .addKeyValue("method", ctx.method().name())
                        .addKeyValue("path", ctx.path())
                        .addKeyValue(
                                "key_id",
                                GatewayIdentity.ifVerified(ctx)
                                        .map(Identity::keyId)
                                        .orElse(null))
                        .addKeyValue("status", ctx.statusCode())
                        .addKeyValue("ms", ms);
                String stages = ctx.attribute(STAGES_ATTRIBUTE);
                (stages == null ? line : line.addKeyValue("stages_us", stages)).log("request");
            });
            config.routes.before(ctx -> {
                String id = RequestIds.fromHeaderOrNew(ctx.header(RequestIds.HEADER));
                inFlight.begin(ctx, id);
                ctx.attribute(REQUEST_ID_ATTRIBUTE, id);
                ctx.header(RequestIds.HEADER, id);
            });
            config.routes.get("/health/live", ctx -> ctx.json(new Health("up")));
            config.routes.get("/health/ready", ctx -> {
                boolean isReady = ready.getAsBoolean();
                ctx.status(isReady ? 200 : 503).json(new Health(isReady ? "ready" : "not_ready"));
            });
            config.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType("text/plain; version=0.0.4").result(registry.scrape()));
            config.routes.exception(
                    InsightsException.class,
                    (e, ctx) -> respond(ctx, e.code(), e.getMessage(), e.field().orElse(null), e.retryAfterSeconds()));
            config.routes.exception(io.javalin.validation.ValidationException.class, (e, ctx) -> {
                String field = e.getErrors().keySet().stream().findFirst().orElse(null);
                respond(ctx, ErrorCode.INVALID_PARAMETER, field == null ? null : field + " is invalid", field);
            });
            config.routes.exception(java.sql.SQLException.class, (e, ctx) -> {
                if (WarehouseFailures.unavailable(e)) {
                    LOG.warn("{} {}: the warehouse is unavailable: {}", ctx.method(), ctx.path(), e.toString());
                    respond(ctx, ErrorCode.WAREHOUSE_UNAVAILABLE, null, null);
                } else {
                    LOG.error("unhandled warehouse failure on {} {}", ctx.method(), ctx.path(), e);
                    respond(ctx, ErrorCode.INTERNAL, null, null);
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled failure on {} {}", ctx.method(), ctx.path(), e);
                respond(ctx, ErrorCode.INTERNAL, null, null);
            });
            config.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    respond(ctx, ErrorCode.NOT_FOUND, null, null);
                }
            });
            routes.accept(config.routes);
        });
    }

    /**
     * Stops a service made by {@link #create}: no new connections, the requests in flight finish within
     * {@link #SHUTDOWN_GRACE}. When the grace runs out the service stops anyway, and one warning in the log names the
     * requests it cut off (instead of Javalin's error with a stack trace).
     */
    public static void stop(Javalin app) {
        Stopping stopping = app.unsafe.appDataManager.get(STOPPING);
        Server server = app.jettyServer().server();
        long graceMillis = server.getStopTimeout();
        List<String> cut = List.of();
        boolean timedOut = false;
        try {
            // the graceful part first, so that what still runs when the grace ends can be named before it is cut off
            Graceful.shutdown(server).get(graceMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
            cut = stopping.inFlight().list();
        } catch (ExecutionException e) {
            LOG.warn("{}: graceful stop failed, stopping now", stopping.name(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.setStopTimeout(0); // the grace is over
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(stopping.name() + " failed to stop", e);
        }
        if (timedOut) {
            LOG.warn(
                    "{}: graceful stop timed out after {} ms; still running: {}",
                    stopping.name(),
                    graceMillis,
                    cut.isEmpty() ? "no request (open connections only)" : cut.size() + " request(s) " + cut);
        }
    }

    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID_ATTRIBUTE);
        return id == null ? RequestIds.fromHeaderOrNew(null) : id;
    }

    public static void respond(Context ctx, ErrorCode code, String message, String field) {
        respond(ctx, code, message, field, code.retryAfterSeconds());
    }

    /** With the wait the moment calls for (a quota's next token) rather than the code's. */
    public static void respond(Context ctx, ErrorCode code, String message, String field, long retryAfterSeconds) {
        if (code.retryable()) {
            ctx.header("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
        }
        ctx.status(code.httpStatus()).json(ErrorBody.of(code, message, field, requestId(ctx)));
    }

    /** Liveness and readiness answer body. */
    public record Health(String status) {}
}
