package com.merchantinsights.gateway;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the gateway.
 *
 * @param host           address to bind
 * @param port           HTTP port (0: any free port)
 * @param eventsApi      base URIs of the events API instances (one Service address in Kubernetes; several locally)
 * @param insightsApi    base URIs of the insights API instances
 * @param opsApi         base URIs of the operations service's instances; none: the gateway offers no operations routes
 * @param identitySigningKey  the Ed25519 key forwarded identities are signed with, {@code <key id>:<base64 PKCS#8>}
 *                            (the backends hold only its public key)
 * @param maxBodyBytes   larger request bodies are refused with 413 before reaching a backend
 * @param backendTimeout a backend that does not answer within this time yields 503
 * @param rateLimit      the token bucket every API key gets
 * @param rateLimitStore where the buckets live: this replica's memory, or shared by all replicas in PostgreSQL
 * @param healthInterval how often each backend instance's readiness is asked, so that requests avoid one that is
 *                       down or draining (docs/decisions/0023-gateway-upstreams.md)
 * @param listener       the public listener's bounds against clients that hold connections or send slowly
 * @param tls            HTTPS with this certificate and key; empty: plain HTTP (loopback, or TLS ended in front)
 */
public record GatewayConfig(
        String host,
        int port,
        List<URI> eventsApi,
        List<URI> insightsApi,
        List<URI> opsApi,
        String identitySigningKey,
        long maxBodyBytes,
        Duration backendTimeout,
        RateLimit rateLimit,
        RateLimitStore rateLimitStore,
        Duration healthInterval,
        Listener listener,
        Optional<Tls> tls) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_BACKEND_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEALTH_INTERVAL = Duration.ofSeconds(1);

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(eventsApi, "eventsApi");
        Objects.requireNonNull(insightsApi, "insightsApi");
        opsApi = List.copyOf(Objects.requireNonNull(opsApi, "opsApi"));
        IdentityKeys.parseSigningKey(Objects.requireNonNull(identitySigningKey, "identitySigningKey"));
        Objects.requireNonNull(backendTimeout, "backendTimeout");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(rateLimitStore, "rateLimitStore");
        Objects.requireNonNull(healthInterval, "healthInterval");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(tls, "tls");
        eventsApi = List.copyOf(eventsApi);
        insightsApi = List.copyOf(insightsApi);
        if (eventsApi.isEmpty() || insightsApi.isEmpty()) {
            throw new IllegalArgumentException("at least one events API and one insights API address are needed");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        if (backendTimeout.isNegative() || backendTimeout.isZero()) {
            throw new IllegalArgumentException("backendTimeout must be positive, was " + backendTimeout);
        }
        if (healthInterval.isNegative() || healthInterval.isZero()) {
            throw new IllegalArgumentException("healthInterval must be positive, was " + healthInterval);
        }
    }

    /**
     * Loopback, one instance of each backend, 1 MiB bodies, 30 s backend timeout, {@link RateLimit#DEFAULT} in this
     * replica's memory, readiness asked every second.
     */
    public static GatewayConfig defaults(int port, URI eventsApi, URI insightsApi, String identitySigningKey) {
        return new GatewayConfig(
                "127.0.0.1",
                port,
                List.of(eventsApi),
                List.of(insightsApi),
                List.of(),
                identitySigningKey,
                DEFAULT_MAX_BODY_BYTES,
                DEFAULT_BACKEND_TIMEOUT,
                RateLimit.DEFAULT,
                new RateLimitStore.InMemory(),
                DEFAULT_HEALTH_INTERVAL,
                Listener.DEFAULT,
                Optional.empty());
    }

    /**
     * The deployed gateway's settings (the chart's values table lists them): {@code INSIGHTS_EVENTS_API_URLS},
     * {@code INSIGHTS_INSIGHTS_API_URLS} (comma-separated; {@code INSIGHTS_OPS_API_URLS} optional) and {@code INSIGHTS_IDENTITY_SIGNING_KEY} required; host, port,
     * body cap, backend timeout, rate limit, its store ({@code memory} or {@code postgresql}, the latter on the key
     * store's {@code INSIGHTS_JDBC_*} warehouse) and the health interval optional.
     */
    public static GatewayConfig fromEnvironment(EnvironmentSettings env) {
        RateLimitStore store = switch (env.string("RATE_LIMIT_STORE", "memory")) {
            case "memory" -> new RateLimitStore.InMemory();
            case "postgresql" ->
                new RateLimitStore.Postgres(
                        env.required("JDBC_URL"), env.required("JDBC_USER"), env.required("JDBC_PASSWORD"));
            default ->
                throw new IllegalArgumentException(EnvironmentSettings.PREFIX
                        + "RATE_LIMIT_STORE must be memory or postgresql, was " + env.string("RATE_LIMIT_STORE", ""));
        };
        return new GatewayConfig(
                env.string("HTTP_HOST", "0.0.0.0"),
                env.integer("HTTP_PORT", 8080),
                env.uris("EVENTS_API_URLS"),
                env.uris("INSIGHTS_API_URLS"),
                env.string("OPS_API_URLS", "").isBlank() ? List.of() : env.uris("OPS_API_URLS"),
                env.required("IDENTITY_SIGNING_KEY"),
                env.number("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
                env.duration("BACKEND_TIMEOUT", DEFAULT_BACKEND_TIMEOUT),
                new RateLimit(
                        env.number("RATE_LIMIT_REQUESTS", RateLimit.DEFAULT.requests()),
                        env.duration("RATE_LIMIT_PERIOD", RateLimit.DEFAULT.period()),
                        env.number("RATE_LIMIT_BURST", RateLimit.DEFAULT.burst())),
                store,
                env.duration("HEALTH_INTERVAL", DEFAULT_HEALTH_INTERVAL),
                new Listener(
                        env.integer("MAX_CONNECTIONS", Listener.DEFAULT.maxConnections()),
                        env.duration("IDLE_TIMEOUT", Listener.DEFAULT.idleTimeout()),
                        env.integer("MAX_HEADER_BYTES", Listener.DEFAULT.maxHeaderBytes()),
                        env.number("MIN_BODY_BYTES_PER_SECOND", Listener.DEFAULT.minBodyBytesPerSecond()),
                        env.integer(
                                "MAX_UNAUTHENTICATED_READS_PER_ADDRESS",
                                Listener.DEFAULT.maxUnauthenticatedReadsPerAddress()),
                        env.integer("MAX_UNAUTHENTICATED_READS", Listener.DEFAULT.maxUnauthenticatedReads())),
                tls(env));
    }

    /** The operations service's instances, whose admin routes this gateway then offers. */
    public GatewayConfig withOpsApi(List<URI> instances) {
        return copy(c -> c.opsApi = instances);
    }

    /**
     * HTTPS unless told otherwise: {@code INSIGHTS_TLS_CERT_FILE} and {@code INSIGHTS_TLS_KEY_FILE} (PEM), or
     * {@code INSIGHTS_HTTP_ONLY=true} when TLS ends in front of the gateway (an ingress, a load balancer).
     */
    private static Optional<Tls> tls(EnvironmentSettings env) {
        String certificate = env.string("TLS_CERT_FILE", "");
        String key = env.string("TLS_KEY_FILE", "");
        if (!certificate.isBlank() && !key.isBlank()) {
            return Optional.of(new Tls(Path.of(certificate), Path.of(key)));
        }
        if (certificate.isBlank() && key.isBlank() && "true".equals(env.string("HTTP_ONLY", "false"))) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("the gateway serves HTTPS: set " + EnvironmentSettings.PREFIX
                + "TLS_CERT_FILE and " + EnvironmentSettings.PREFIX + "TLS_KEY_FILE (PEM), or "
                + EnvironmentSettings.PREFIX + "HTTP_ONLY=true when TLS ends in front of it");
    }

    /** The gateway's certificate chain (leaf first) and its PKCS#8 private key, PEM files. */
    public record Tls(Path certificateChain, Path privateKey) {
        public Tls {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    public GatewayConfig withTls(Tls settings) {
        return copy(c -> c.tls = Optional.of(settings));
    }

    public GatewayConfig withHost(String address) {
        return copy(c -> c.host = address);
    }

    public GatewayConfig withRateLimit(RateLimit limit) {
        return copy(c -> c.rateLimit = limit);
    }

    public GatewayConfig withMaxBodyBytes(long bytes) {
        return copy(c -> c.maxBodyBytes = bytes);
    }

    public GatewayConfig withBackendTimeout(Duration timeout) {
        return copy(c -> c.backendTimeout = timeout);
    }

    public GatewayConfig withEventsApi(List<URI> instances) {
        return copy(c -> c.eventsApi = instances);
    }

    public GatewayConfig withRateLimitStore(RateLimitStore store) {
        return copy(c -> c.rateLimitStore = store);
    }

    public GatewayConfig withHealthInterval(Duration interval) {
        return copy(c -> c.healthInterval = interval);
    }

    public GatewayConfig withListener(Listener bounds) {
        return copy(c -> c.listener = bounds);
    }

    /** These settings with one changed: the {@code with…} methods name which. */
    private GatewayConfig copy(java.util.function.Consumer<Settings> change) {
        Settings c = new Settings(this);
        change.accept(c);
        return new GatewayConfig(
                c.host,
                c.port,
                c.eventsApi,
                c.insightsApi,
                c.opsApi,
                c.identitySigningKey,
                c.maxBodyBytes,
                c.backendTimeout,
                c.rateLimit,
                c.rateLimitStore,
                c.healthInterval,
                c.listener,
                c.tls);
    }

    /** A mutable copy of the settings, for {@link #copy} only (the record's constructor checks the result). */
    private static final class Settings {
        String host;
        int port;
        List<URI> eventsApi;
        List<URI> insightsApi;
        List<URI> opsApi;
        String identitySigningKey;
        long maxBodyBytes;
        Duration backendTimeout;
        RateLimit rateLimit;
        RateLimitStore rateLimitStore;
        Duration healthInterval;
        Listener listener;
        Optional<Tls> tls;

        Settings(GatewayConfig from) {
            host = from.host;
            port = from.port;
            eventsApi = from.eventsApi;
            insightsApi = from.insightsApi;
            opsApi = from.opsApi;
            identitySigningKey = from.identitySigningKey;
            maxBodyBytes = from.maxBodyBytes;
            backendTimeout = from.backendTimeout;
            rateLimit = from.rateLimit;
            rateLimitStore = from.rateLimitStore;
            healthInterval = from.healthInterval;
            listener = from.listener;
            tls = from.tls;
        }
    }

    /** Every setting but the identity signing key, which a log line must not carry. */
    @Override
    public String toString() {
        return "GatewayConfig[host=" + host + ", port=" + port + ", eventsApi=" + eventsApi + ", insightsApi="
                + insightsApi + ", opsApi=" + opsApi + ", identitySigningKey=***, maxBodyBytes=" + maxBodyBytes
                + ", backendTimeout="
                + backendTimeout + ", rateLimit=" + rateLimit + ", rateLimitStore=" + rateLimitStore
                + ", healthInterval=" + healthInterval + ", listener=" + listener + ", tls=" + tls + "]";
    }

    /**
     * Where the per-key buckets live. In memory, each replica admits the full rate (the local stack's one gateway);
     * in PostgreSQL every replica takes tokens from the same bucket (docs/decisions/0022-shared-rate-limit.md).
     */
    public sealed interface RateLimitStore {
        /** This replica's memory: the default, and right for one gateway. */
        record InMemory() implements RateLimitStore {}

        /** Bucket4j's PostgreSQL backend on the table of migration V30 (a row lock per request and key). */
        record Postgres(String jdbcUrl, String user, String password) implements RateLimitStore {
            public Postgres {
                Objects.requireNonNull(jdbcUrl, "jdbcUrl");
                Objects.requireNonNull(user, "user");
                Objects.requireNonNull(password, "password");
            }

            @Override
            public String toString() {
                return "Postgres[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]"; // never the password
            }
        }
    }

    /**
     * What the public listener allows a client before it has shown a key, and how long it waits for one that stalls.
     *
     * @param maxConnections       open connections at most; more wait in the accept queue
     * @param idleTimeout          a connection that sends nothing for this long (headers or body) is closed
     * @param maxHeaderBytes       request line and headers; larger is {@code 431}
     * @param minBodyBytesPerSecond a body sent slower than this is cut off (a client trickling bytes)
     * @param maxUnauthenticatedReadsPerAddress Segment bodies read before their key is known (it is inside), at
     *                             once, per client address; more is {@code 429}
     * @param maxUnauthenticatedReads the same over all addresses: at most this many bodies of up to the body cap
     */
    public record Listener(
            int maxConnections,
            Duration idleTimeout,
            int maxHeaderBytes,
            long minBodyBytesPerSecond,
            int maxUnauthenticatedReadsPerAddress,
            int maxUnauthenticatedReads) {
        public static final Listener DEFAULT = new Listener(10_000, Duration.ofSeconds(30), 16 * 1024, 4 * 1024, 8, 64);

        public Listener {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (maxConnections < 1
                    || idleTimeout.toMillis() < 1
                    || maxHeaderBytes < 1_024
                    || minBodyBytesPerSecond < 0
                    || maxUnauthenticatedReadsPerAddress < 1
                    || maxUnauthenticatedReads < maxUnauthenticatedReadsPerAddress) {
                throw new IllegalArgumentException("listener bounds must be positive (headers at least 1 KiB), was "
                        + maxConnections + ", " + idleTimeout + ", " + maxHeaderBytes + ", " + minBodyBytesPerSecond
                        + ", " + maxUnauthenticatedReadsPerAddress + ", " + maxUnauthenticatedReads);
            }
        }
    }

    /**
     * A token bucket per API key: {@code requests} tokens come back every {@code period}, at most {@code burst}
     * are kept. Each request takes one token, whatever its number of events.
     */
    public record RateLimit(long requests, Duration period, long burst) {
        /** 2,000 requests/s with bursts of 4,000 per key: with 1,000 events a request, room for the ingest benchmark. */
        public static final RateLimit DEFAULT = new RateLimit(2_000, Duration.ofSeconds(1), 4_000);

        public RateLimit {
            Objects.requireNonNull(period, "period");
            if (requests < 1) {
                throw new IllegalArgumentException("rate limit requests must be positive, was " + requests);
            }
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("rate limit period must be positive, was " + period);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("rate limit burst must be positive, was " + burst);
            }
        }
    }
}
