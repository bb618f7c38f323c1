package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentityVerifier;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway on a real port in front of a hand-written backend that records what reached it. */
class GatewayTest {
    private static final IdentityKeys.SigningKey GATEWAY_KEY = IdentityKeys.generate("gw");
    private static final String SECRET = GATEWAY_KEY.encoded();
    private static final Optional<MerchantId> M1 = Optional.of(new MerchantId("m1"));

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<com.sun.net.httpserver.Headers> seenByBackend = new AtomicReference<>();
    /** The identity the last request reached the backend with, checked against that request as it arrived. */
    private final AtomicReference<IdentityVerifier.Result> identitySeenByBackend = new AtomicReference<>();

    private final InMemoryApiKeys keys = new InMemoryApiKeys();
    private final String platformKey = keys.add(new Identity("platform-1", Scope.PLATFORM, Optional.empty()));
    private final String readerKey = keys.add(new Identity("reader-1", Scope.MERCHANT_READ, M1));
    private final String writerKey = keys.add(new Identity("writer-1", Scope.MERCHANT_WRITE, M1));
    private final String adminKey = keys.add(new Identity("admin-1", Scope.ADMIN, Optional.empty()));
    private HttpServer backend;
    private GatewayConfig config;
    private Gateway gateway;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            seenByBackend.set(exchange.getRequestHeaders());
            byte[] received = exchange.getRequestBody().readAllBytes();
            String rawPath = exchange.getRequestURI().getRawPath();
            String audience = rawPath.startsWith("/v1/insights")
                            || rawPath.startsWith("/v1/merchants")
                            || rawPath.startsWith("/v1/metrics")
                    ? Audiences.INSIGHTS_API
                    : rawPath.startsWith("/v1/admin/") && !rawPath.equals("/v1/admin/dead-letters")
                            ? Audiences.OPS_API
                            : Audiences.EVENTS_API;
            identitySeenByBackend.set(
                    new IdentityVerifier(java.util.Map.of("gw", GATEWAY_KEY.verificationKey()), audience)
                            .verify(
                                    exchange.getRequestHeaders().getFirst(IdentityHeader.NAME),
                                    exchange.getRequestMethod(),
                                    exchange.getRequestURI().getRawQuery() == null
                                            ? exchange.getRequestURI().getRawPath()
                                            : exchange.getRequestURI().getRawPath() + "?"
                                                    + exchange.getRequestURI().getRawQuery(),
                                    () -> received,
                                    Instant.now()));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // The gateway asks every backend instance's readiness; that is not a request a client made.
        backend.createContext("/health/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        backend.start();
        URI backendUri = URI.create("http://127.0.0.1:" + backend.getAddress().getPort());
        config = GatewayConfig.defaults(0, backendUri, backendUri, SECRET)
                .withMaxBodyBytes(1024)
                .withBackendTimeout(Duration.ofSeconds(5));
        gateway = Gateway.start(config, keys);
    }

    @AfterEach
    void stop() {
        gateway.close();
        backend.stop(0);
    }

    @Test
    void forwardsASignedIdentityAndNeverTheClientsKey() throws Exception {
        var response = send(get("/v1/insights/timeseries?metric=orders", readerKey)
                .header(IdentityHeader.NAME, "platform-1|platform||0|forged")
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
        var headers = seenByBackend.get();
        assertThat(headers.getFirst("Authorization")).isNull();
        assertThat(identitySeenByBackend.get().identity()).map(Identity::keyId).contains("reader-1");
        assertThat(headers.getFirst("X-Request-Id")).isNotBlank();
    }

    @Test
    void theForwardedIdentityIsBoundToTheRequestAsTheBackendReceivedIt() throws Exception {
        var get = send(get("/v1/insights/timeseries?metric=orders&from=2026-12-01T00%3A00%2B05%3A30", readerKey)
                .build());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(identitySeenByBackend.get().identity()).map(Identity::keyId).contains("reader-1");

        var post = send(HttpRequest.newBuilder(uri("/v1/events"))
                .header("Authorization", "Bearer " + writerKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[]}"))
                .build());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(identitySeenByBackend.get().identity()).map(Identity::keyId).contains("writer-1");

        // A body of unknown length (chunked) is digested as well.
        var chunked = send(HttpRequest.newBuilder(uri("/v1/events"))
                .header("Authorization", "Bearer " + writerKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream("{\"events\":[1]}".getBytes(StandardCharsets.UTF_8))))
                .build());
        assertThat(chunked.statusCode()).isEqualTo(200);
        assertThat(identitySeenByBackend.get().identity()).map(Identity::keyId).contains("writer-1");
    }

    @Test
    void logsOneAccessLinePerRequestWithTheKeyIdAndNeverTheKey() throws Exception {
        ch.qos.logback.classic.Logger access =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("access");
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        access.addAppender(lines);
        ch.qos.logback.classic.Level level = access.getLevel();
        access.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            var answered = send(get("/v1/insights/timeseries?metric=orders", readerKey)
                    .header("X-Request-Id", "req-access-1")
                    .build());
            assertThat(answered.statusCode()).isEqualTo(200);
            var refused = send(get("/v1/insights/timeseries?metric=orders", "mi_not_a_key")
                    .header("X-Request-Id", "req-access-2")
                    .build());
            assertThat(refused.statusCode()).isEqualTo(401);

            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> fields(lines, "req-access-1") != null && fields(lines, "req-access-2") != null);
            assertThat(fields(lines, "req-access-1"))
                    .containsEntry("service", "gateway")
                    .containsEntry("key_id", "reader-1")
                    .containsEntry("scope", "merchant-read")
                    .containsEntry("merchant_id", "m1")
                    .containsEntry("method", "GET")
                    .containsEntry("route", "/v1/insights/")
                    .containsEntry("status", "200")
                    .containsKeys("bytes", "ms");
            assertThat(Long.parseLong(fields(lines, "req-access-1").get("bytes")))
                    .isPositive();
            assertThat(fields(lines, "req-access-2"))
                    .containsEntry("status", "401")
                    .doesNotContainKey("key_id");
            assertThat(lines.list.stream().map(Object::toString))
                    .noneMatch(line -> line.contains(readerKey) || line.contains("mi_not_a_key"));
            assertThat(lines.list.stream().flatMap(e -> e.getKeyValuePairs().stream()))
                    .noneMatch(kv -> String.valueOf(kv.value).contains(readerKey)
                            || String.valueOf(kv.value).contains("mi_not_a_key"));
        } finally {
            access.setLevel(level);
            access.detachAppender(lines);
        }
    }

    /** The key-value pairs of the access line of one request, or null while there is none. */
    private static java.util.Map<String, String> fields(
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines, String requestId) {
        for (var event : List.copyOf(lines.list)) {
            var pairs = new java.util.HashMap<String, String>();
            if (event.getKeyValuePairs() == null) {
                continue;
            }
            event.getKeyValuePairs().forEach(kv -> pairs.put(kv.key, String.valueOf(kv.value)));
            if (requestId.equals(pairs.get("request_id"))) {
                return pairs;
            }
        }
        return null;
    }

    @Test
    void operationsGoToTheOperationsServiceForAdminKeysOnly() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/v1/admin/etl"))
                                .header("Authorization", "Bearer " + adminKey)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .statusCode())
                .as("a gateway without an operations service does not know its routes")
                .isEqualTo(404);

        gateway.close();
        URI backendUri = URI.create("http://127.0.0.1:" + backend.getAddress().getPort());
        gateway = Gateway.start(config.withOpsApi(List.of(backendUri)), keys);
        var etl = send(HttpRequest.newBuilder(uri("/v1/admin/etl"))
                .header("Authorization", "Bearer " + adminKey)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(etl.statusCode()).isEqualTo(200);
        assertThat(identitySeenByBackend.get().identity())
                .as("the token names the operations service as its audience")
                .map(Identity::keyId)
                .contains("admin-1");
        var diff = send(get("/v1/admin/reprocess/diff?run=3&limit=5", adminKey).build());
        assertThat(diff.statusCode()).isEqualTo(200);
        assertThat(identitySeenByBackend.get().identity()).map(Identity::keyId).contains("admin-1");

        for (String other : List.of(platformKey, readerKey, writerKey)) {
            assertError(
                    send(HttpRequest.newBuilder(uri("/v1/admin/reprocess/switch?run=3"))
                            .header("Authorization", "Bearer " + other)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build()),
                    403,
                    "forbidden");
        }
    }

    @Test
    void acceptsASegmentWriteKeyAsTheBasicAuthUserName() throws Exception {
        String basic = java.util.Base64.getEncoder()
                .encodeToString((writerKey + ":").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var response = send(HttpRequest.newBuilder(uri("/v1/batch"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"batch\":[]}"))
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(identitySeenByBackend.get().identity()).map(Identity::keyId).contains("writer-1");
    }

    @Test
    void acceptsTheWriteKeyThatSegmentsJavaLibraryPutsInTheBatchBody() throws Exception {
        String body = "{\"batch\":[{\"type\":\"track\",\"event\":\"x\"}],\"writeKey\":\"" + writerKey + "\"}";
        var response = send(HttpRequest.newBuilder(uri("/v1/import/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(identitySeenByBackend.get().identity()).map(Identity::keyId).contains("writer-1");
        var unknown = send(HttpRequest.newBuilder(uri("/v1/import"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.replace(writerKey, "mi_unknown")))
                .build());
        assertError(unknown, 401, "unauthenticated");
    }

    @Test
    void publishesTheOpenApiDocumentAndTheEventSchemaWithoutAKey() throws Exception {
        var openApi = send(HttpRequest.newBuilder(uri("/openapi.json")).GET().build());
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).contains("\"openapi\"").contains("/v1/insights/timeseries");
        assertThat(send(HttpRequest.newBuilder(uri("/schemas/event.json")).GET().build())
                        .body())
                .contains("\"event_id\"");
    }

    @Test
    void refusesAMissingOrUnknownKey() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/v1/insights/timeseries"))
                        .GET()
                        .build()))
                .satisfies(r -> assertError(r, 401, "unauthenticated"));
        assertThat(send(get("/v1/insights/timeseries", "mi_unknown").build()))
                .satisfies(r -> assertError(r, 401, "unauthenticated"));
        assertThat(seenByBackend.get()).isNull();
    }

    @Test
    void refusesAKeyOnceItIsRevoked() throws Exception {
        assertThat(send(post("/v1/events", writerKey, "{}")).statusCode()).isEqualTo(200);
        keys.revoke(writerKey);
        seenByBackend.set(null);

        assertError(send(post("/v1/events", writerKey, "{}")), 401, "unauthenticated");
        assertThat(seenByBackend.get()).isNull();
    }

    @Test
    void aReadKeyMayNotWriteEvents() throws Exception {
        var response = send(post("/v1/events", readerKey, "{}"));
        assertError(response, 403, "forbidden");
        assertThat(seenByBackend.get()).isNull();
    }

    @Test
    void aWriteKeyMayNotReadInsights() throws Exception {
        var response = send(get("/v1/insights/timeseries?merchant_id=m1&metric=orders", writerKey)
                .build());
        assertError(response, 403, "forbidden");
        assertThat(seenByBackend.get()).isNull();
    }

    @Test
    void refusesAKeyOverItsRateWithRetryAfter() throws Exception {
        gateway.close();
        gateway = Gateway.start(config.withRateLimit(new GatewayConfig.RateLimit(1, Duration.ofMinutes(1), 2)), keys);

        assertThat(send(post("/v1/events", writerKey, "{}")).statusCode()).isEqualTo(200);
        assertThat(send(post("/v1/events", writerKey, "{}")).statusCode()).isEqualTo(200);
        seenByBackend.set(null);
        var refused = send(post("/v1/events", writerKey, "{}"));

        assertError(refused, 429, "rate_limited");
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(seenByBackend.get()).isNull();
        assertThat(send(post("/v1/events", platformKey, "{}")).statusCode())
                .as("another key has its own bucket")
                .isEqualTo(200);
    }

    @Test
    void refusesABodyOverTheCap() throws Exception {
        var response = send(post("/v1/events", platformKey, "x".repeat(2048)));
        assertError(response, 413, "payload_too_large");
        assertThat(seenByBackend.get()).isNull();
    }

    @Test
    void refusesAStreamedBodyOverTheCapWithTheErrorBody() throws Exception {
        byte[] body = "x".repeat(4096).getBytes(StandardCharsets.UTF_8);
        var response = send(HttpRequest.newBuilder(uri("/v1/events"))
                .header("Authorization", "Bearer " + platformKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
        assertError(response, 413, "payload_too_large");
        assertThat(response.body()).doesNotContain("Jetty");
    }

    @Test
    void answersUnknownRoutesWithTheErrorBody() throws Exception {
        assertError(send(get("/v1/nothing-here", platformKey).build()), 404, "not_found");
    }

    @Test
    void hidesABackendThatIsDown() throws Exception {
        backend.stop(0);
        var response = send(get("/v1/insights/timeseries", platformKey).build());
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
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + key)
                .GET();
    }

    private HttpRequest post(String path, String key, String body) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
