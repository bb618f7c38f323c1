package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.service.Json;
import com.merchantinsights.service.identity.IdentityKeys;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the public listener allows a client that has shown no key yet (issue 20). */
class ListenerBoundsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(GatewayConfig.Listener listener) {
        URI nowhere = URI.create("http://127.0.0.1:9");
        gateway = Gateway.start(
                GatewayConfig.defaults(
                                0, nowhere, nowhere, IdentityKeys.generate("gw").encoded())
                        .withListener(listener),
                new InMemoryApiKeys());
    }

    @Test
    void aClientThatStallsHalfwayThroughItsHeadersIsCutOffAfterTheIdleTimeout() throws Exception {
        start(new GatewayConfig.Listener(100, Duration.ofMillis(500), 16 * 1024, 1024, 8, 64));
        try (Socket client = new Socket("127.0.0.1", gateway.port())) {
            client.getOutputStream()
                    .write("POST /v1/events HTTP/1.1\r\nHost: localhost\r\nContent-"
                            .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            client.setSoTimeout(100);
            InputStream in = client.getInputStream();
            // Jetty's default idle timeout is 30 s: only the configured bound closes it within 10.
            await().atMost(Duration.ofSeconds(10)).until(() -> closed(in));
        }
    }

    @Test
    void headersLargerThanTheLimitAreRefusedWith431() throws Exception {
        start(new GatewayConfig.Listener(100, Duration.ofSeconds(5), 4 * 1024, 1024, 8, 64));
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/metrics"))
                        .header("X-Padding", "p".repeat(6 * 1024))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(431);
    }

    @Test
    void segmentBodiesWithoutAKeyInTheirHeadersAreReadOnlyAFewAtATimePerAddress() throws Exception {
        start(new GatewayConfig.Listener(100, Duration.ofSeconds(30), 16 * 1024, 0, 2, 64));
        try (Socket first = holdUnauthenticatedBody();
                Socket second = holdUnauthenticatedBody()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("gateway_unauthenticated_reads_running") == 2);
            HttpResponse<String> third = postBatchWithoutKey();
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(Json.mapper().readTree(third.body()).path("code").asText())
                    .isEqualTo("rate_limited");
            assertThat(third.headers().firstValue("Retry-After")).contains("1");
            first.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("gateway_unauthenticated_reads_running") == 1);
            // A slot is free again: the body is read, and (no key in it) answered 401.
            assertThat(postBatchWithoutKey().statusCode()).isEqualTo(401);
        }
    }

    /** A Segment batch without Authorization whose body (the write key would be inside) never finishes arriving. */
    private Socket holdUnauthenticatedBody() throws Exception {
        Socket client = new Socket("127.0.0.1", gateway.port());
        OutputStream out = client.getOutputStream();
        out.write(("POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"batch\":[")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return client;
    }

    private HttpResponse<String> postBatchWithoutKey() throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/batch"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double metric(String name) throws Exception {
        String scrape = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    private static boolean closed(InputStream in) throws Exception {
        try {
            while (true) {
                int read = in.read();
                if (read == -1) {
                    return true;
                }
                // a 408 or 400 answer before the close is fine: read on to the end
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
