package com.merchantinsights.gateway;

import com.merchantinsights.service.Drain;
import com.merchantinsights.service.LatencyHistograms;
import com.merchantinsights.service.OverloadHandler;
import com.merchantinsights.service.ServiceRunner;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.keys.KeyAdmin;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.jetty12.server.TimedHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway service on Jetty 12's core API and its reverse proxy. */
public final class Gateway implements ServiceRunner.Drainable {
    /** How long a stopping gateway lets requests in flight finish. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    static final int INPUT_BUFFER_BYTES = 64 * 1024;
    /** Connections of the shared rate limiter's pool: a short row lock per request, so a few go a long way. */
    private static final int RATE_LIMIT_POOL_SIZE = 8;
    /** Requests in flight at once, and waiting for a slot, per gateway replica. */
    static final OverloadHandler.Limits GATEWAY_LIMITS =
            new OverloadHandler.Limits(2_048, 2_048, Duration.ofSeconds(2));

    private final Server server;
    private final UpstreamHealth health;
    private final Optional<HikariDataSource> rateLimitPool;
    private final Drain drain;

    private Gateway(Server server, UpstreamHealth health, Optional<HikariDataSource> rateLimitPool, Drain drain) {
        this.drain = drain;
        this.server = server;
        this.health = health;
        this.rateLimitPool = rateLimitPool;
    }

    /** Starts the gateway without the key administration API; {@code keys} stays the caller's to close. */
    public static Gateway start(GatewayConfig config, ApiKeys keys) {
        return start(config, keys, Optional.empty());
    }

    /**
     * Starts the gateway; with {@code keyAdmin} it also serves {@code /v1/admin/keys} to admin keys. {@code keys}
     * stays the caller's to close (it may outlive one gateway instance).
     */
    public static Gateway start(GatewayConfig config, ApiKeys keys, Optional<KeyAdmin> keyAdmin) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        keys.bindTo(registry);
        Server server = new Server();
        // Batches of events are bodies of up to 1 MiB: read them in 64 KiB rather than 8 KiB pieces, each of which
        // costs a read, a proxied write and their callbacks (docs/decisions/0007-ingest-hot-path.md).
        GatewayConfig.Listener bounds = config.listener();
        HttpConfiguration httpSettings = new HttpConfiguration();
        httpSettings.setRequestHeaderSize(bounds.maxHeaderBytes());
        httpSettings.setMinRequestDataRate(bounds.minBodyBytesPerSecond());
        httpSettings.setSendServerVersion(false);
        HttpConnectionFactory http = new HttpConnectionFactory(httpSettings);
        http.setInputBufferSize(INPUT_BUFFER_BYTES);
        ServerConnector connector = config.tls()
                .map(tls -> new ServerConnector(
                        server, new SslConnectionFactory(sslContext(tls), HttpVersion.HTTP_1_1.asString()), http))
                .orElseGet(() -> new ServerConnector(server, http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(bounds.idleTimeout().toMillis());
        server.addConnector(connector);
        // Past this many open connections the listener stops accepting (they wait in the kernel's queue).
        server.addBean(new NetworkConnectionLimit(bounds.maxConnections(), connector));
        Upstreams eventsApi = new Upstreams("events-api", config.eventsApi());
        Upstreams insightsApi = new Upstreams("insights-api", config.insightsApi());
        Optional<Upstreams> opsApi =
                config.opsApi().isEmpty() ? Optional.empty() : Optional.of(new Upstreams("ops-api", config.opsApi()));
        eventsApi.bindTo(registry);
        insightsApi.bindTo(registry);
        opsApi.ifPresent(ops -> ops.bindTo(registry));
        BackendProxy proxy = new BackendProxy(eventsApi, insightsApi, opsApi, config.backendTimeout());
        // Bodies sent without Content-Length are capped while streaming; declared lengths are refused up front.
        SizeLimitHandler cappedProxy = new SizeLimitHandler(config.maxBodyBytes(), -1);
        cappedProxy.setHandler(proxy);
        SizeLimitHandler cappedAdmin = keyAdmin.map(admin -> {
                    SizeLimitHandler capped = new SizeLimitHandler(config.maxBodyBytes(), -1);
                    capped.setHandler(new AdminKeysHandler(admin));
                    return capped;
                })
                .orElse(null);
        Optional<HikariDataSource> rateLimitPool =
                config.rateLimitStore() instanceof GatewayConfig.RateLimitStore.Postgres shared
                        ? Optional.of(pool(shared))
                        : Optional.empty();
        KeyRateLimiter limiter = rateLimitPool
                .map(pool -> KeyRateLimiter.shared(config.rateLimit(), pool))
                .orElseGet(() -> new KeyRateLimiter(config.rateLimit()));
        registry.more()
                .counter(
                        "gateway.rate_limit.store_failures",
                        java.util.List.of(),
                        limiter,
                        KeyRateLimiter::storeFailures);
        Drain drain = new Drain();
        UnauthenticatedReads unauthenticatedReads =
                new UnauthenticatedReads(bounds.maxUnauthenticatedReadsPerAddress(), bounds.maxUnauthenticatedReads());
        registry.gauge("gateway.unauthenticated_reads.running", unauthenticatedReads, UnauthenticatedReads::running);
        // Every request's time at the gateway, proxied ones until the backend's answer is written back:
        // jetty_server_requests_seconds{method, status, outcome}.
        LatencyHistograms.enable(registry, "jetty.server.requests");
        TimedHandler timed = new TimedHandler(registry, Tags.of("service", "gateway"));
        timed.setHandler(new GatewayHandler(
                keys,
                limiter,
                unauthenticatedReads,
                new IdentitySigner(IdentityKeys.parseSigningKey(config.identitySigningKey())),
                Clock.systemUTC(),
                config.maxBodyBytes(),
                cappedProxy,
                cappedAdmin,
                opsApi.isPresent(),
                registry,
                drain));
        // Bounded concurrency: proxied requests hold no thread while a backend works, so the bound is on requests
        // in flight, well above what the backends' own limits admit.
        server.setHandler(new OverloadHandler(GATEWAY_LIMITS, timed));
        server.setRequestLog(new GatewayAccessLog());
        server.setErrorHandler(new GatewayErrorHandler());
        server.setStopTimeout(STOP_GRACE.toMillis());
        List<Upstreams> checked = new java.util.ArrayList<>(List.of(eventsApi, insightsApi));
        opsApi.ifPresent(checked::add);
        UpstreamHealth health = new UpstreamHealth(checked, config.healthInterval());
        try {
            server.start();
        } catch (Exception e) {
            health.close();
            rateLimitPool.ifPresent(HikariDataSource::close);
            throw new IllegalStateException("gateway failed to start on port " + config.port(), e);
        }
        return new Gateway(server, health, rateLimitPool, drain);
    }

    /** Jetty's TLS from the PEM files; TLS 1.2 and 1.3 only, Jetty's default (strong) cipher suites. */
    private static SslContextFactory.Server sslContext(GatewayConfig.Tls tls) {
        PemKeyStore.Loaded loaded = PemKeyStore.load(tls.certificateChain(), tls.privateKey());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(loaded.keyStore());
        ssl.setKeyStorePassword(new String(loaded.password()));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return ssl;
    }

    /** The shared limiter's own pool, with its millisecond bounds. */
    static HikariDataSource pool(GatewayConfig.RateLimitStore.Postgres store) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("gateway-rate-limit");
        pool.setJdbcUrl(store.jdbcUrl());
        pool.setUsername(store.user());
        pool.setPassword(store.password());
        pool.setMaximumPoolSize(RATE_LIMIT_POOL_SIZE);
        // Milliseconds, not seconds: the limiter is on every request's path, and when its store is slow, locked or
        // down the limiter admits without a limit (KeyRateLimiter) rather than make ingest wait for PostgreSQL. The
        // pool starts without a connection, so the gateway starts while the warehouse is down.
        pool.setInitializationFailTimeout(-1);
        pool.setConnectionTimeout(KeyRateLimiter.STORE_WAIT.toMillis());
        pool.setValidationTimeout(KeyRateLimiter.STORE_WAIT.toMillis());
        pool.addDataSourceProperty("connectTimeout", "1"); // seconds: the driver's unit
        pool.addDataSourceProperty("socketTimeout", "1");
        pool.addDataSourceProperty(
                "options",
                "-c statement_timeout=" + KeyRateLimiter.STATEMENT_TIMEOUT.toMillis() + " -c lock_timeout="
                        + KeyRateLimiter.LOCK_TIMEOUT.toMillis());
        pool.addDataSourceProperty("ApplicationName", "gateway-rate-limit");
        return new HikariDataSource(pool);
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Readiness says no from now on, so the load balancer stops sending new requests; all are still answered. */
    @Override
    public void drain() {
        drain.begin();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (TimeoutException e) {
            // the server stopped anyway; say so in one line rather than with a stack trace
            LOG.warn(
                    "gateway: graceful stop timed out after {} s; requests still in flight were cut off",
                    STOP_GRACE.toSeconds());
        } catch (Exception e) {
            throw new IllegalStateException("the gateway failed to stop", e);
        } finally {
            health.close();
            rateLimitPool.ifPresent(HikariDataSource::close);
        }
    }
}
