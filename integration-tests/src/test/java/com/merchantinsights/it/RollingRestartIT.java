package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.events.EventsApi;
import com.merchantinsights.events.EventsApiConfig;
import com.merchantinsights.gateway.Gateway;
import com.merchantinsights.gateway.GatewayConfig;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import com.merchantinsights.stack.StackDirectories;
import com.merchantinsights.stack.StandaloneKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero downtime on one machine: two events API instances behind the gateway, restarted one after the other
 * (drain, graceful stop, start again, as a Kubernetes rolling update with preStop does) while a load generator sends
 * events through the gateway. Every event answered 202 must be in Kafka, and no request may fail beyond the
 * client's bounded retry. Only Kafka is started (ports +4000, {@code target/rolling-restart}), not the shared system.
 */
class RollingRestartIT {
    private static final Ports PORTS = Ports.defaults().offsetBy(4000);
    private static final IdentityKeys.SigningKey GATEWAY_KEY = IdentityKeys.generate("rolling");
    private static final String KEY = "mi_rolling_restart_platform_key";
    private static final String MERCHANT = "m_rolling_restart";
    /** A client retries a 503 or a failed connection this many times, 200 ms apart, then gives up. */
    private static final int CLIENT_ATTEMPTS = 5;

    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    private static final int EVENTS_PER_REQUEST = 20;

    private static StandaloneKafka kafka;
    /** The two instances' ports: this stack's events API port and, unused by anything else here, its insights API port. */
    private static final List<Integer> INSTANCE_PORTS = List.of(PORTS.eventsApi(), PORTS.insightsApi());

    private static final EventsApi[] instances = new EventsApi[2];
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        Path workDir = Path.of("target", "rolling-restart").toAbsolutePath();
        StackDirectories.deleteTree(workDir);
        StackConfig defaults = StackConfig.defaults(workDir);
        kafka = StandaloneKafka.start(
                new StackConfig(workDir, PORTS, "UTC", false, defaults.etlInterval(), defaults.projectHome()),
                Progress.console(System.out));
        for (int i = 0; i < 2; i++) {
            instances[i] = startInstance(i);
        }
        List<URI> upstreams = INSTANCE_PORTS.stream()
                .map(port -> URI.create("http://127.0.0.1:" + port))
                .toList();
        Identity platform = new Identity("key_rolling0001", Scope.PLATFORM, Optional.empty());
        gateway = Gateway.start(
                GatewayConfig.defaults(PORTS.gateway(), upstreams.get(0), upstreams.get(0), GATEWAY_KEY.encoded())
                        .withEventsApi(upstreams)
                        .withHealthInterval(Duration.ofMillis(200)),
                presented -> KEY.equals(presented) ? Optional.of(platform) : Optional.empty());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        for (EventsApi instance : instances) {
            if (instance != null) {
                instance.close();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void restartingEachEventsApiInstanceUnderLoadLosesNoAcceptedEventAndFailsNoRequest() throws Exception {
        LoadGenerator load = new LoadGenerator(URI.create("http://127.0.0.1:" + PORTS.gateway() + "/v1/events"));
        Thread[] clients = {new Thread(load::run, "load-1"), new Thread(load::run, "load-2")};
        for (Thread client : clients) {
            client.start();
        }
        try {
            awaitMoreAccepted(load, 20);
            for (int i = 0; i < 2; i++) {
                restart(i, load);
            }
        } finally {
            load.stop();
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(60).toMillis());
            }
        }

        assertThat(load.finalFailures.get())
                .as("requests that failed after the client's retries")
                .isZero();
        assertThat(load.accepted).hasSizeGreaterThan(40 * EVENTS_PER_REQUEST);
        Set<String> inKafka =
                EventsTopic.events(
                                kafka.bootstrapServers(),
                                e -> MERCHANT.equals(e.path("merchant_id").asText()))
                        .stream()
                        .map(e -> e.path("event_id").asText())
                        .collect(Collectors.toSet());
        assertThat(inKafka).as("every event answered 202 is in Kafka").containsAll(load.accepted);
    }

    /** Drain, wait for the gateway to route around it, stop gracefully, start again, wait until it takes requests. */
    private static void restart(int index, LoadGenerator load) {
        String instance = "instance=\"http://127.0.0.1:" + INSTANCE_PORTS.get(index) + "\"";
        instances[index].drain();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> gatewayMetrics()
                        .contains("gateway_upstream_available{backend=\"events-api\"," + instance + "} 0.0"));
        instances[index].close();
        instances[index] = null;
        awaitMoreAccepted(load, 10); // served by the other instance alone
        instances[index] = startInstance(index);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> gatewayMetrics()
                        .contains("gateway_upstream_available{backend=\"events-api\"," + instance + "} 1.0"));
        awaitMoreAccepted(load, 10);
    }

    private static EventsApi startInstance(int index) {
        return EventsApi.start(EventsApiConfig.defaults(
                kafka.bootstrapServers(), GATEWAY_KEY.verificationKey().encoded(), INSTANCE_PORTS.get(index)));
    }

    private static void awaitMoreAccepted(LoadGenerator load, int requests) {
        int target = load.acceptedRequests.get() + requests;
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.acceptedRequests.get() >= target);
    }

    private static String gatewayMetrics() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.gateway() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Sends batches of new events until stopped, as a platform service with a bounded retry would. */
    private static final class LoadGenerator {
        private final URI events;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger nextId = new AtomicInteger();
        final Set<String> accepted = ConcurrentHashMap.newKeySet();
        final AtomicInteger acceptedRequests = new AtomicInteger();
        final AtomicInteger finalFailures = new AtomicInteger();

        LoadGenerator(URI events) {
            this.events = events;
        }

        void stop() {
            running.set(false);
        }

        void run() {
            while (running.get()) {
                List<String> ids = java.util.stream.IntStream.range(0, EVENTS_PER_REQUEST)
                        .mapToObj(i -> "rr-" + nextId.incrementAndGet())
                        .toList();
                Instant now = Instant.now();
                String body = "{\"events\":["
                        + ids.stream()
                                .map(id -> WalkingSkeletonIT.order(MERCHANT, id, now))
                                .collect(Collectors.joining(","))
                        + "]}";
                Optional<JsonNode> answer = sendWithRetry(body);
                if (answer.isEmpty()) {
                    finalFailures.incrementAndGet();
                } else if (answer.get().path("accepted").asInt() == EVENTS_PER_REQUEST) {
                    accepted.addAll(ids);
                    acceptedRequests.incrementAndGet();
                } else {
                    finalFailures.incrementAndGet();
                }
            }
        }

        /** The 202 answer, or empty when every attempt failed with a 503 or a connection failure (or another status). */
        private Optional<JsonNode> sendWithRetry(String body) {
            HttpRequest request = HttpRequest.newBuilder(events)
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            for (int attempt = 1; attempt <= CLIENT_ATTEMPTS; attempt++) {
                try {
                    HttpResponse<String> response = java.util.concurrent.CompletableFuture.supplyAsync(
                                    () -> null,
                                    java.util.concurrent.CompletableFuture.delayedExecutor(
                                            attempt == 1 ? 0 : RETRY_DELAY.toMillis(),
                                            java.util.concurrent.TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                            .join();
                    if (response.statusCode() == 202) {
                        return Optional.of(
                                com.merchantinsights.service.Json.mapper().readTree(response.body()));
                    }
                    if (response.statusCode() != 503) {
                        return Optional.empty();
                    }
                    System.out.println("RollingRestartIT: 503 on attempt " + attempt + ", retrying");
                } catch (java.util.concurrent.CompletionException | java.io.IOException connectionFailed) {
                    System.out.println(
                            "RollingRestartIT: " + connectionFailed + " on attempt " + attempt + ", retrying");
                }
            }
            return Optional.empty();
        }
    }
}
