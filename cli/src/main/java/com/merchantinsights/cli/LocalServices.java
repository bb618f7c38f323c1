package com.merchantinsights.cli;

import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.events.EventsApi;
import com.merchantinsights.events.EventsApiConfig;
import com.merchantinsights.gateway.Gateway;
import com.merchantinsights.gateway.GatewayConfig;
import com.merchantinsights.gateway.keys.ApiKeyStoreConfig;
import com.merchantinsights.gateway.keys.KeyAdmin;
import com.merchantinsights.gateway.keys.KeyStoreException;
import com.merchantinsights.gateway.keys.PostgresApiKeys;
import com.merchantinsights.insights.InsightsApi;
import com.merchantinsights.insights.InsightsApiConfig;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.StackConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The three HTTP services of the local system, in this JVM. Each is started through its own public entry
 * point with its own configuration, exactly as its own deployment would start it.
 */
public final class LocalServices implements AutoCloseable {
    private final EventsApi eventsApi;
    private final InsightsApi insightsApi;
    private final PostgresApiKeys keys;
    private final Gateway gateway;

    private LocalServices(EventsApi eventsApi, InsightsApi insightsApi, PostgresApiKeys keys, Gateway gateway) {
        this.eventsApi = eventsApi;
        this.insightsApi = insightsApi;
        this.keys = keys;
        this.gateway = gateway;
    }

    public static LocalServices start(StackConfig config, LocalEngines engines, LocalSecrets secrets) {
        var ports = config.ports();
        KeyAdmin keyAdmin = KeyAdmin.forWarehouse(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
        registerPlatformKey(config, keyAdmin, secrets);
        EventsApi events = EventsApi.start(EventsApiConfig.defaults(
                engines.kafkaBootstrapServers(), secrets.identityVerificationKeys(), ports.eventsApi()));
        InsightsApi insights = InsightsApi.start(new InsightsApiConfig(
                "127.0.0.1",
                ports.insightsApi(),
                engines.jdbcUrl(),
                engines.jdbcUser(),
                engines.jdbcPassword(),
                secrets.identityVerificationKeys(),
                ZoneId.of(config.defaultZone())));
        PostgresApiKeys keys = null;
        Gateway gateway;
        try {
            keys = PostgresApiKeys.start(
                    ApiKeyStoreConfig.defaults(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword()));
            gateway = Gateway.start(
                    GatewayConfig.defaults(
                            ports.gateway(),
                            URI.create("http://127.0.0.1:" + events.port()),
                            URI.create("http://127.0.0.1:" + insights.port()),
                            secrets.identitySigningKey()),
                    keys,
                    Optional.of(keyAdmin));
        } catch (RuntimeException e) {
            if (keys != null) {
                keys.close();
            }
            insights.close();
            events.close();
            throw e;
        }
        return new LocalServices(events, insights, keys, gateway);
    }

    /**
     * The local platform key file must be an active platform key in the warehouse, so that the sample load, the
     * README's examples and the tests keep working with it: its digest is registered when missing (idempotent).
     */
    private static void registerPlatformKey(StackConfig config, KeyAdmin keyAdmin, LocalSecrets secrets) {
        try {
            keyAdmin.ensureRegistered(
                    secrets.platformKey(),
                    Scope.PLATFORM,
                    Optional.empty(),
                    "local platform key (secrets/platform.key)");
        } catch (KeyStoreException e) {
            throw new IllegalStateException(
                    e.getMessage() + ". Delete " + LocalSecrets.platformKeyFile(config.workDir())
                            + " to get a new local platform key at the next start.",
                    e);
        }
    }

    public URI gatewayUri() {
        return URI.create("http://127.0.0.1:" + gateway.port());
    }

    /**
     * Gateway first, so no new request reaches a backend that is stopping; events API last flushes Kafka. One that
     * fails to stop does not keep the others running: its failure is logged and the next one stops.
     */
    @Override
    public void close() {
        close(LocalSystem.standardError());
    }

    /** As {@link #close()}, a failure to stop being one line on {@code err}. */
    void close(PrintWriter err) {
        LocalSystem.stopPart("gateway", gateway::close, err);
        LocalSystem.stopPart("api-keys", keys::close, err);
        LocalSystem.stopPart("insights-api", insightsApi::close, err);
        LocalSystem.stopPart("events-api", eventsApi::close, err);
    }
}
