package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.IdentityToken;
import com.merchantinsights.core.identity.Scope;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway on a real port in front of a hand-written backend that records what reached it. */
class GatewayTest {
    private static final String SECRET = "gateway-test-signing-secret-0123456789";
    private static final String PLATFORM_KEY = ApiKeyDigest.newKey();
    private static final String READER_KEY = ApiKeyDigest.newKey();

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<com.sun.net.httpserver.Headers> seenByBackend = new AtomicReference<>();
    private HttpServer backend;
    private Gateway gateway;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            seenByBackend.set(exchange.getRequestHeaders());
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
        URI backendUri = URI.create("http://127.0.0.1:" + backend.getAddress().getPort());
        gateway = Gateway.start(new GatewayConfig("127.0.0.1", 0, backendUri, backendUri, SECRET, 1024, Duration.ofSeconds(5)),
                new ConfiguredApiKeys(Map.of(
                        ApiKeyDigest.sha256Hex(PLATFORM_KEY), new Identity("platform-1", Scope.PLATFORM, Optional.empty()),
                        ApiKeyDigest.sha256Hex(READER_KEY), new Identity("reader-1", Scope.MERCHANT_READ, Optional.of(new MerchantId("m1"))))));
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.stop(0);
    }

    @Test
    void forwardsASignedIdentityAndNeverTheClientsKey() throws Exception {
        var response = send(get("/v1/insights/timeseries?metric=orders", READER_KEY)
                .header(IdentityToken.HEADER, "platform-1|platform||0|forged").build());
        assertThat(response.statusCode()).isEqualTo(200);
        var headers = seenByBackend.get();
        assertThat(headers.getFirst("Authorization")).isNull();
        Optional<Identity> forwarded = new IdentityToken(SECRET).verify(headers.getFirst(IdentityToken.HEADER), Instant.now());
        assertThat(forwarded).map(Identity::keyId).contains("reader-1");
        assertThat(headers.getFirst("X-Request-Id")).isNotBlank();
    }

    @Test
    void refusesAMissingOrUnknownKey() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/v1/insights/timeseries")).GET().build()))
                .satisfies(r -> assertError(r, 401, "unauthenticated"));
        assertThat(send(get("/v1/insights/timeseries", "mi_unknown").build())).satisfies(r -> assertError(r, 401, "unauthenticated"));
        assertThat(seenByBackend.get()).isNull();
    }

    @Test
    void aReadKeyMayNotWriteEvents() throws Exception {
        var response = send(post("/v1/events", READER_KEY, "{}"));
        assertError(response, 403, "forbidden");
        assertThat(seenByBackend.get()).isNull();
    }

    @Test
    void refusesABodyOverTheCap() throws Exception {
        var response = send(post("/v1/events", PLATFORM_KEY, "x".repeat(2048)));
        assertError(response, 413, "payload_too_large");
        assertThat(seenByBackend.get()).isNull();
    }

    @Test
    void answersUnknownRoutesWithTheErrorBody() throws Exception {
        assertError(send(get("/v1/nothing-here", PLATFORM_KEY).build()), 404, "not_found");
    }

    @Test
    void hidesABackendThatIsDown() throws Exception {
        backend.stop(0);
        var response = send(get("/v1/insights/timeseries", PLATFORM_KEY).build());
        assertError(response, 503, "backend_unavailable");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).doesNotContain("127.0.0.1");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains("\"request_id\":");
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder get(String path, String key) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key).GET();
    }

    private HttpRequest post(String path, String key, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
