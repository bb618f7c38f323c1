package com.merchantinsights.cli;

import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.events.EventsApi;
import com.merchantinsights.events.EventsApiConfig;
import com.merchantinsights.gateway.Gateway;
import com.merchantinsights.gateway.GatewayConfig;
import com.merchantinsights.gateway.keys.ApiKeyStoreConfig;
import com.merchantinsights.gateway.keys.PostgresApiKeys;
import com.merchantinsights.insights.InsightsApi;
import com.merchantinsights.insights.InsightsApiConfig;
import com.merchantinsights.ops.OpsApi;
import com.merchantinsights.ops.OpsApiConfig;
import com.merchantinsights.reconcile.Reconciler;
import com.merchantinsights.service.keys.KeyAdmin;
import com.merchantinsights.service.keys.KeyStoreException;
import com.merchantinsights.stack.EngineEndpoints;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.StackConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The four HTTP services of the local system, in this JVM. Each is started through its own public entry
 * point with its own configuration, exactly as its own deployment would start it.
 */
public final class LocalServices implements AutoCloseable {
    private final EventsApi eventsApi;
    private final InsightsApi insightsApi;
    private final OpsApi opsApi;
    private final PostgresApiKeys keys;
    private final Gateway gateway;

    private LocalServices(
            EventsApi eventsApi, InsightsApi insightsApi, OpsApi opsApi, PostgresApiKeys keys, Gateway gateway) {
        this.eventsApi = eventsApi;
        this.insightsApi = insightsApi;
        this.opsApi = opsApi;
        this.keys = keys;
        this.gateway = gateway;
    }

    public static LocalServices start(StackConfig config, LocalEngines engines, LocalSecrets secrets) {
        return start(config, engines.endpoints(), secrets, List.of());
    }

    /**
     * Against engines that another process started ({@link EngineEndpoints#of}), with {@code moreEventsApis}: events
     * API instances running elsewhere that the gateway balances with this process's own (issue 21's chaos run kills
     * one of two). Identifiers are published as pseudonyms when {@code secrets} carry a pseudonym key.
     */
    public static LocalServices start(
            StackConfig config, EngineEndpoints engines, LocalSecrets secrets, List<URI> moreEventsApis) {
        return start(config, engines, secrets, moreEventsApis, secrets.pseudonymKey());
    }

    /**
     * As {@link #start(StackConfig, EngineEndpoints, LocalSecrets, List)}, the events API publishing identifiers as
     * pseudonyms under {@code pseudonymKey} whatever the secrets carry, and the operations service finding people
     * with it (issue 23).
     */
    public static LocalServices start(
            StackConfig config,
            EngineEndpoints engines,
            LocalSecrets secrets,
            List<URI> moreEventsApis,
            Optional<PseudonymKey> pseudonymKey) {
        var ports = config.ports();
        KeyAdmin keyAdmin = KeyAdmin.forWarehouse(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
        register(
                config,
                keyAdmin,
                secrets.platformKey(),
                Scope.PLATFORM,
                LocalSecrets.platformKeyFile(config.workDir()));
        register(config, keyAdmin, secrets.adminKey(), Scope.ADMIN, LocalSecrets.adminKeyFile(config.workDir()));
        EventsApi events = EventsApi.start(eventsApiConfig(config, engines, secrets, pseudonymKey));
        InsightsApi insights = InsightsApi.start(new InsightsApiConfig(
                "127.0.0.1",
                ports.insightsApi(),
                engines.jdbcUrl(),
                engines.jdbcUser(),
                engines.jdbcPassword(),
                secrets.identityVerificationKeys(),
                ZoneId.of(config.defaultZone())));
        OpsApi ops = OpsApi.start(opsApiConfig(config, engines, secrets, pseudonymKey));
        List<URI> eventsApis = new ArrayList<>();
        eventsApis.add(URI.create("http://127.0.0.1:" + events.port()));
        eventsApis.addAll(moreEventsApis);
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
                                    secrets.identitySigningKey())
                            .withEventsApi(eventsApis)
                            .withOpsApi(List.of(URI.create("http://127.0.0.1:" + ops.port()))),
                    keys,
                    Optional.of(keyAdmin));
        } catch (RuntimeException e) {
            if (keys != null) {
                keys.close();
            }
            ops.close();
            insights.close();
            events.close();
            throw e;
        }
        return new LocalServices(events, insights, ops, keys, gateway);
    }

    /** The events API's settings: the defaults on the stack's port, publishing pseudonyms under {@code pseudonymKey}. */
    static EventsApiConfig eventsApiConfig(
            StackConfig config, EngineEndpoints engines, LocalSecrets secrets, Optional<PseudonymKey> pseudonymKey) {
        EventsApiConfig defaults = EventsApiConfig.defaults(
                engines.kafkaBootstrapServers(),
                secrets.identityVerificationKeys(),
                config.ports().eventsApi());
        return new EventsApiConfig(
                defaults.host(),
                defaults.port(),
                defaults.kafkaBootstrap(),
                defaults.identityKeys(),
                defaults.kafkaAckTimeout(),
                defaults.futureTolerance(),
                defaults.lateEventHorizon(),
                pseudonymKey);
    }

    /**
     * The operations service's settings, on an ephemeral port (only the gateway calls it, and the gateway is told where
     * it is), with the events API's pseudonym key to find a person by (no retired keys locally: the key never rotates).
     */
    static OpsApiConfig opsApiConfig(
            StackConfig config, EngineEndpoints engines, LocalSecrets secrets, Optional<PseudonymKey> pseudonymKey) {
        return new OpsApiConfig(
                "127.0.0.1",
                0,
                URI.create("http://127.0.0.1:" + config.ports().sparkControl()),
                config.directories().controlToken(),
                engines.jdbcUrl(),
                engines.jdbcUser(),
                engines.jdbcPassword(),
                secrets.identityVerificationKeys(),
                Optional.of(new Reconciler.Sources(
                        engines.kafkaBootstrapServers(),
                        engines.cassandraContactPoints(),
                        engines.cassandraLocalDatacenter(),
                        engines.jdbcUrl(),
                        engines.jdbcUser(),
                        engines.jdbcPassword(),
                        engines.cassandraUser(),
                        engines.cassandraPassword(),
                        config.directories().feed().toString())),
                pseudonymKey.map(List::of).orElse(List.of()));
    }

    /**
     * The local platform and admin key files must be active keys of their scope in the warehouse, so that the sample
     * load, the CLI, the README's examples and the tests keep working with them: each digest is registered when
     * missing (idempotent).
     */
    private static void register(StackConfig config, KeyAdmin keyAdmin, String secret, Scope scope, Path file) {
        try {
            keyAdmin.ensureRegistered(
                    secret,
                    scope,
                    Optional.empty(),
                    "local " + scope.wireName() + " key (secrets/" + file.getFileName() + ")");
        } catch (KeyStoreException e) {
            throw new IllegalStateException(
                    e.getMessage() + ". Delete " + file + " to get a new local " + scope.wireName()
                            + " key at the next start.",
                    e);
        }
    }

    /** The operations service, which only the gateway calls (a test may try to call it around the gateway). */
    public URI opsApiUri() {
        return URI.create("http://127.0.0.1:" + opsApi.port());
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
        LocalSystem.stopPart("ops-api", opsApi::close, err);
        LocalSystem.stopPart("insights-api", insightsApi::close, err);
        LocalSystem.stopPart("events-api", eventsApi::close, err);
    }
}
