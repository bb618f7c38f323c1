package com.merchantinsights.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the gateway.
 *
 * @param eventsApi      base URI of the events API
 * @param insightsApi    base URI of the insights API
 * @param maxBodyBytes   larger request bodies are refused with 413 before reaching a backend
 * @param backendTimeout a backend that does not answer within this time yields 503
 */
public record GatewayConfig(String host, int port, URI eventsApi, URI insightsApi, String signingSecret,
                            long maxBodyBytes, Duration backendTimeout) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public GatewayConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(eventsApi, "eventsApi");
        Objects.requireNonNull(insightsApi, "insightsApi");
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(backendTimeout, "backendTimeout");
    }
}
