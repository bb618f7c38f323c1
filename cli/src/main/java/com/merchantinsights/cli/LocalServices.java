package com.merchantinsights.cli;

import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.events.EventsApi;
import com.merchantinsights.events.EventsApiConfig;
import com.merchantinsights.gateway.ConfiguredApiKeys;
import com.merchantinsights.gateway.Gateway;
import com.merchantinsights.gateway.GatewayConfig;
import com.merchantinsights.insights.InsightsApi;
import com.merchantinsights.insights.InsightsApiConfig;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.StackConfig;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * The three HTTP services of the local system, in this JVM. Each is started through its own public entry
 * point with its own configuration, exactly as its own deployment would start it.
 */
public final class LocalServices implements AutoCloseable {
    private final EventsApi eventsApi;
    private final InsightsApi insightsApi;
    private final Gateway gateway;

    private LocalServices(EventsApi eventsApi, InsightsApi insightsApi, Gateway gateway) {
        this.eventsApi = eventsApi;
        this.insightsApi = insightsApi;
        this.gateway = gateway;
    }

    public static LocalServices start(StackConfig config, LocalEngines engines, LocalSecrets secrets) {
        var ports = config.ports();
        EventsApi events = EventsApi.start(EventsApiConfig.defaults(engines.kafkaBootstrapServers(),
                secrets.signingSecret(), ports.eventsApi()));
        InsightsApi insights = InsightsApi.start(new InsightsApiConfig("127.0.0.1", ports.insightsApi(),
                engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword(), secrets.signingSecret(),
                ZoneId.of(config.defaultZone())));
        Identity platform = new Identity("bootstrap-platform", Scope.PLATFORM, Optional.empty());
        Gateway gateway = Gateway.start(new GatewayConfig("127.0.0.1", ports.gateway(),
                        URI.create("http://127.0.0.1:" + events.port()), URI.create("http://127.0.0.1:" + insights.port()),
                        secrets.signingSecret(), GatewayConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(30)),
                new ConfiguredApiKeys(Map.of(ApiKeyDigest.sha256Hex(secrets.platformKey()), platform)));
        return new LocalServices(events, insights, gateway);
    }

    public URI gatewayUri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    /** Gateway first, so no new request reaches a backend that is stopping; events API last flushes Kafka. */
    @Override
    public void close() {
        gateway.close();
        insightsApi.close();
        eventsApi.close();
    }
}
