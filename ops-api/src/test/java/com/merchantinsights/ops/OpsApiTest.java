package com.merchantinsights.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.identity.RequestBinding;
import com.merchantinsights.testing.TestingPostgres;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations service against a real warehouse (the audit, the key descriptions) and a stand-in for the Spark
 * driver's control port that records what reached it and answers as the driver does.
 */
class OpsApiTest {
    private static final IdentityKeys.SigningKey GATEWAY_KEY = IdentityKeys.generate("test");
    private static final Identity ADMIN = new Identity("key_admin0000001", Scope.ADMIN, Optional.empty());
    private static TestingPostgres warehouse;

    private final HttpClient http = HttpClient.newHttpClient();
    /** What reached the driver: method, path and raw query. */
    private final List<String> driverSaw = new CopyOnWriteArrayList<>();

    private final CountDownLatch etlMayFinish = new CountDownLatch(1);
    private HttpServer driver;
    private OpsApi ops;

    @TempDir
    Path run;

    @BeforeAll
    static void startWarehouse() {
        warehouse = TestingPostgres.startWarehouse();
    }

    @AfterAll
    static void stopWarehouse() {
        warehouse.close();
    }

    @BeforeEach
    void start() throws IOException {
        warehouse.execute("TRUNCATE api_keys, admin_audit");
        warehouse.execute("INSERT INTO api_keys (key_id, digest, scope, description) VALUES ('key_admin0000001', '"
                + "0".repeat(64) + "', 'admin', 'on-call')");
        driver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        driver.createContext("/", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            String query = exchange.getRequestURI().getRawQuery();
            String path = exchange.getRequestURI().getPath();
            driverSaw.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
            int status;
            String body;
            if (!"Bearer driver-token".equals(token)) {
                status = 401;
                body = "{\"error\":\"wrong token\"}";
            } else if (path.equals("/etl")) {
                try {
                    etlMayFinish.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
                body = "{\"refreshed_rows\":42}";
            } else if (path.equals("/reprocess/switch")) {
                status = 409;
                body = "{\"error\":\"run 7 is still building\"}";
            } else {
                status = 200;
                body = "{\"runs\":[]}";
            }
            byte[] bytes = body.getBytes(UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        driver.start();
        Path tokenFile = run.resolve("spark-control.token");
        Files.writeString(tokenFile, "driver-token\n");
        ops = OpsApi.start(new OpsApiConfig(
                "127.0.0.1",
                0,
                URI.create("http://127.0.0.1:" + driver.getAddress().getPort()),
                tokenFile,
                warehouse.jdbcUrl(),
                warehouse.user(),
                warehouse.password(),
                GATEWAY_KEY.verificationKey().encoded(),
                Optional.empty()));
    }

    @AfterEach
    void stop() {
        etlMayFinish.countDown();
        ops.close();
        driver.stop(0);
    }

    @Test
    void aLongActAnswers202AtOnceAndItsOperationTellsHowItWent() throws Exception {
        HttpResponse<String> started = send(ADMIN, "POST", "/v1/admin/etl", "req-etl-1");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode operation = Json.mapper().readTree(started.body());
        assertThat(operation.path("state").asText()).isEqualTo("running");
        assertThat(operation.path("requested_by").asText()).isEqualTo("key_admin0000001 (on-call)");
        String id = operation.path("operation_id").asText();
        assertThat(started.headers().firstValue("Location")).contains("/v1/admin/operations/" + id);

        JsonNode running = Json.mapper()
                .readTree(send(ADMIN, "GET", "/v1/admin/operations/" + id, null).body());
        assertThat(running.path("state").asText())
                .as("the driver has not answered yet")
                .isEqualTo("running");

        etlMayFinish.countDown();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> !"running"
                        .equals(Json.mapper()
                                .readTree(send(ADMIN, "GET", "/v1/admin/operations/" + id, null)
                                        .body())
                                .path("state")
                                .asText()));
        JsonNode done = Json.mapper()
                .readTree(send(ADMIN, "GET", "/v1/admin/operations/" + id, null).body());
        assertThat(done.path("state").asText()).isEqualTo("succeeded");
        assertThat(done.path("status").asInt()).isEqualTo(200);
        assertThat(done.path("result").path("refreshed_rows").asInt()).isEqualTo(42);

        HttpResponse<String> listed = send(ADMIN, "GET", "/v1/admin/audit", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode audit = Json.mapper().readTree(listed.body());
        assertThat(audit.path("entries").path(0).path("actor").asText())
                .as(listed.body())
                .isEqualTo("key_admin0000001");
        assertThat(audit.path("entries").path(0).path("action").asText()).isEqualTo("etl");
        assertThat(audit.path("entries").path(0).path("request_id").asText()).isEqualTo("req-etl-1");
    }

    @Test
    void whoAskedIsTheKeyNeverAParameter() throws Exception {
        HttpResponse<String> built =
                send(ADMIN, "POST", "/v1/admin/reprocess?from=2026-12-01T00:00:00Z&requested_by=mallory", null);
        assertThat(built.statusCode()).isEqualTo(200);
        assertThat(driverSaw)
                .singleElement()
                .isEqualTo("POST /reprocess?from=2026-12-01T00:00:00Z&requested_by=key_admin0000001+%28on-call%29");
    }

    @Test
    void theDriversRefusalBecomesOurErrorBody() throws Exception {
        HttpResponse<String> started = send(ADMIN, "POST", "/v1/admin/reprocess/switch?run=7", null);
        String id = Json.mapper().readTree(started.body()).path("operation_id").asText();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> "failed"
                        .equals(Json.mapper()
                                .readTree(send(ADMIN, "GET", "/v1/admin/operations/" + id, null)
                                        .body())
                                .path("state")
                                .asText()));
        JsonNode failed = Json.mapper()
                .readTree(send(ADMIN, "GET", "/v1/admin/operations/" + id, null).body());
        assertThat(failed.path("status").asInt()).isEqualTo(409);
        assertThat(failed.path("result").path("error").asText()).contains("still building");

        driver.stop(0);
        HttpResponse<String> runs = send(ADMIN, "GET", "/v1/admin/runs", null);
        assertThat(runs.statusCode()).isEqualTo(503);
        assertThat(Json.mapper().readTree(runs.body()).path("code").asText()).isEqualTo("backend_unavailable");
    }

    @Test
    void onlyAnAdminKeyMayOperate() throws Exception {
        for (Identity other : List.of(
                new Identity("key_platform0001", Scope.PLATFORM, Optional.empty()),
                new Identity("key_reader000001", Scope.MERCHANT_READ, Optional.of(new MerchantId("m1"))),
                new Identity("key_writer000001", Scope.MERCHANT_WRITE, Optional.of(new MerchantId("m1"))))) {
            for (String[] route : List.of(
                    new String[] {"POST", "/v1/admin/etl"},
                    new String[] {"POST", "/v1/admin/reprocess/rollback?run=1"},
                    new String[] {"GET", "/v1/admin/runs"},
                    new String[] {"GET", "/v1/admin/audit"})) {
                HttpResponse<String> refused = send(other, route[0], route[1], null);
                assertThat(refused.statusCode())
                        .as(other.scope() + " " + route[1])
                        .isEqualTo(403);
            }
        }
        assertThat(driverSaw).isEmpty();
        warehouse.execute("SELECT 1");
        assertThat(Json.mapper()
                        .readTree(send(ADMIN, "GET", "/v1/admin/audit", null).body())
                        .path("entries"))
                .isEmpty();
    }

    @Test
    void aReDrivesBadRangeIsNamedAndNothingIsRecordedOrStarted() throws Exception {
        for (String[] bad : List.of(
                new String[] {"from=2026-12-02&to=2026-12-01", "from"},
                new String[] {"from=yesterday", "from"},
                new String[] {"to=2026-13-01", "to"},
                new String[] {"dry_run=yes", "dry_run"})) {
            HttpResponse<String> refused = send(ADMIN, "POST", "/v1/admin/dead-letters/redrive?" + bad[0], null);
            assertThat(refused.statusCode()).as(bad[0]).isEqualTo(400);
            assertThat(Json.mapper().readTree(refused.body()).path("field").asText())
                    .as(bad[0])
                    .isEqualTo(bad[1]);
        }
        // Without engines to read and write (this service has none), a valid request is refused, not half-done.
        HttpResponse<String> unconfigured =
                send(ADMIN, "POST", "/v1/admin/dead-letters/redrive?from=2026-12-01&dry_run=true", null);
        assertThat(unconfigured.statusCode()).isEqualTo(503);
        assertThat(Json.mapper()
                        .readTree(send(ADMIN, "GET", "/v1/admin/audit", null).body())
                        .path("entries"))
                .isEmpty();
    }

    private HttpResponse<String> send(Identity caller, String method, String pathAndQuery, String requestId)
            throws Exception {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : null;
        String token = new IdentitySigner(GATEWAY_KEY)
                .sign(caller, RequestBinding.of(Audiences.OPS_API, method, path, query, new byte[0]), Instant.now());
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ops.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header(IdentityHeader.NAME, token)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
