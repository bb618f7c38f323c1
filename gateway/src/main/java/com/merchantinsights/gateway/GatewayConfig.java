package com.merchantinsights.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the gateway.
 *
 * @param host           address to bind
 * @param port           HTTP port (0: any free port)
 * @param eventsApi      base URI of the events API
 * @param insightsApi    base URI of the insights API
 * @param signingSecret  the secret the forwarded identity is signed with (shared with the backends)
 * @param maxBodyBytes   larger request bodies are refused with 413 before reaching a backend
 * @param backendTimeout a backend that does not answer within this time yields 503
 * @param rateLimit      the token bucket every API key gets, per gateway replica
 */
public record GatewayConfig(String host, int port, URI eventsApi, URI insightsApi, String signingSecret,
                            long maxBodyBytes, Duration backendTimeout, RateLimit rateLimit) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_BACKEND_TIMEOUT = Duration.ofSeconds(30);

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(eventsApi, "eventsApi");
        Objects.requireNonNull(insightsApi, "insightsApi");
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(backendTimeout, "backendTimeout");
        Objects.requireNonNull(rateLimit, "rateLimit");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        if (backendTimeout.isNegative() || backendTimeout.isZero()) {
            throw new IllegalArgumentException("backendTimeout must be positive, was " + backendTimeout);
        }
    }

    /** Loopback, 1 MiB bodies, 30 s backend timeout, {@link RateLimit#DEFAULT}. */
    public static GatewayConfig defaults(int port, URI eventsApi, URI insightsApi, String signingSecret) {
        return new GatewayConfig("127.0.0.1", port, eventsApi, insightsApi, signingSecret, DEFAULT_MAX_BODY_BYTES,
                DEFAULT_BACKEND_TIMEOUT, RateLimit.DEFAULT);
    }

    public GatewayConfig withRateLimit(RateLimit limit) {
        return new GatewayConfig(host, port, eventsApi, insightsApi, signingSecret, maxBodyBytes, backendTimeout, limit);
    }

    public GatewayConfig withMaxBodyBytes(long bytes) {
        return new GatewayConfig(host, port, eventsApi, insightsApi, signingSecret, bytes, backendTimeout, rateLimit);
    }

    public GatewayConfig withBackendTimeout(Duration timeout) {
        return new GatewayConfig(host, port, eventsApi, insightsApi, signingSecret, maxBodyBytes, timeout, rateLimit);
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
