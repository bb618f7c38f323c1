package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.identity.IdentityKeys;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several events API instances behind one gateway: requests avoid one that is down or not ready. */
class UpstreamFailoverTest {
    private static final String SECRET = IdentityKeys.generate("gw").encoded();

    private final HttpClient http = HttpClient.newHttpClient();
    private final InMemoryApiKeys keys = new InMemoryApiKeys();
    private final String platformKey = keys.add(new Identity("platform-1", Scope.PLATFORM, Optional.empty()));
    private final List<HttpServer> backends = new CopyOnWriteArrayList<>();
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        backends.forEach(b -> b.stop(0));
    }

    @Test
    void aRefusedConnectionIsRetriedOnAnotherInstanceWithTheWholeBody() throws Exception {
        List<String> bodiesSeen = new CopyOnWriteArrayList<>();
        URI live = backend(new AtomicInteger(200), bodiesSeen);
        gateway = Gateway.start(
                GatewayConfig.defaults(0, live, live, SECRET)
                        .withEventsApi(List.of(closedPort(), live))
                        // Far longer than the test: only the refused connections can teach the gateway which one is
                        // down.
                        .withHealthInterval(Duration.ofHours(1)),
                keys);
        String body = "{\"event_id\":\"e-1\",\"padding\":\"" + "x".repeat(200_000) + "\"}";

        for (int i = 0; i < 4; i++) {
            assertThat(postEvents(body).statusCode()).isEqualTo(200);
        }
        assertThat(bodiesSeen).hasSize(4).allSatisfy(seen -> assertThat(seen).isEqualTo(body));
        // The gateway's own latency counts every proxied request, once its answer is written back.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> metrics()
                        .lines()
                        .anyMatch(line -> line.startsWith("jetty_server_requests_seconds_count{")
                                && line.contains("method=\"POST\"")
                                && line.contains("status=\"200\"")
                                && line.endsWith(" 4")));
        // with buckets, so that a p99 can be computed across gateway instances
        assertThat(metrics()
                        .lines()
                        .filter(line -> line.startsWith("jetty_server_requests_seconds_bucket{")
                                && line.contains("method=\"POST\"")
                                && line.contains("le=\"+Inf\"")))
                .singleElement()
                .satisfies(line -> assertThat(line).endsWith(" 4"));
    }

    @Test
    void anInstanceThatIsNotReadyGetsNoRequestsUntilItIsReadyAgain() throws Exception {
        List<String> firstSeen = new CopyOnWriteArrayList<>();
        List<String> secondSeen = new CopyOnWriteArrayList<>();
        AtomicInteger firstReadiness = new AtomicInteger(200);
        URI first = backend(firstReadiness, firstSeen);
        URI second = backend(new AtomicInteger(200), secondSeen);
        gateway = Gateway.start(
                GatewayConfig.defaults(0, first, first, SECRET)
                        .withEventsApi(List.of(first, second))
                        .withHealthInterval(Duration.ofMillis(50)),
                keys);

        firstReadiness.set(503); // draining
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> metrics()
                        .contains("gateway_upstream_available{backend=\"events-api\",instance=\"" + first + "\"} 0.0"));
        firstSeen.clear();
        for (int i = 0; i < 6; i++) {
            assertThat(postEvents("{}").statusCode()).isEqualTo(200);
        }
        assertThat(firstSeen).isEmpty();
        assertThat(secondSeen).hasSizeGreaterThanOrEqualTo(6);

        firstReadiness.set(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            postEvents("{}");
            return !firstSeen.isEmpty();
        });
    }

    private HttpResponse<String> postEvents(String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/events"))
                        .header("Authorization", "Bearer " + platformKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** A backend that records each body it gets and answers its readiness with the given status. */
    private URI backend(AtomicInteger readiness, List<String> bodiesSeen) throws IOException {
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(readiness.get(), -1);
            exchange.close();
        });
        backend.createContext("/v1/", exchange -> {
            bodiesSeen.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        backend.start();
        backends.add(backend);
        return URI.create("http://127.0.0.1:" + backend.getAddress().getPort());
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
