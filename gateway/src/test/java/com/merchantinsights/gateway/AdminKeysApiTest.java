package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.gateway.keys.TestingWarehouse;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.identity.IdentityKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/admin/keys} on a real gateway port, with the key table in a real PostgreSQL. */
class AdminKeysApiTest {
    private static final String SECRET = IdentityKeys.generate("gw").encoded();
    private static final URI NO_BACKEND = URI.create("http://127.0.0.1:1");
    private static TestingWarehouse warehouse;

    private final HttpClient http = HttpClient.newHttpClient();
    private final InMemoryApiKeys keys = new InMemoryApiKeys();
    private final String adminKey = keys.add(new Identity("admin-1", Scope.ADMIN, Optional.empty()));
    private final String platformKey = keys.add(new Identity("platform-1", Scope.PLATFORM, Optional.empty()));
    private Gateway gateway;

    @BeforeAll
    static void startWarehouse() {
        warehouse = TestingWarehouse.start();
    }

    @AfterAll
    static void stopWarehouse() {
        warehouse.close();
    }

    @BeforeEach
    void start() {
        warehouse.execute("TRUNCATE api_keys, admin_audit");
        gateway = Gateway.start(
                GatewayConfig.defaults(0, NO_BACKEND, NO_BACKEND, SECRET), keys, Optional.of(warehouse.keyAdmin()));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void createsListsAndRevokesAKeyShowingItsSecretOnlyOnce() throws Exception {
        var created = send(
                adminKey,
                "POST",
                "/v1/admin/keys",
                "{\"scope\":\"merchant-read\",\"merchant_id\":\"m_demo\",\"description\":\"dashboard\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode key = Json.mapper().readTree(created.body());
        String keyId = key.path("key_id").asText();
        assertThat(keyId).matches("key_[a-z0-9]{12}");
        assertThat(key.path("secret").asText()).startsWith("mi_");
        assertThat(key.path("merchant_id").asText()).isEqualTo("m_demo");

        var listed = send(adminKey, "GET", "/v1/admin/keys", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body())
                .contains(keyId)
                .contains("\"scope\":\"merchant-read\"")
                .doesNotContain("secret")
                .doesNotContain(key.path("secret").asText());

        assertThat(send(adminKey, "DELETE", "/v1/admin/keys/" + keyId, null).statusCode())
                .isEqualTo(204);
        assertError(send(adminKey, "DELETE", "/v1/admin/keys/" + keyId, null), 404, "not_found");
        assertThat(send(adminKey, "GET", "/v1/admin/keys", null).body()).contains("\"revoked_at\":");
    }

    @Test
    void everyKeyChangeRecordsTheAdminKeyThatMadeItAndTheRequest() throws Exception {
        var created = http.send(
                HttpRequest.newBuilder(uri("/v1/admin/keys"))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .header("X-Request-Id", "req-create-1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"platform\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String keyId = Json.mapper().readTree(created.body()).path("key_id").asText();
        assertThat(Json.mapper().readTree(created.body()).path("created_by").asText())
                .isEqualTo("admin-1");
        assertThat(warehouse.keyAdmin().list())
                .singleElement()
                .satisfies(key -> assertThat(key.createdBy()).contains("admin-1"));
        assertThat(send(adminKey, "GET", "/v1/admin/keys", null).body()).contains("\"created_by\":\"admin-1\"");

        var revoked = http.send(
                HttpRequest.newBuilder(uri("/v1/admin/keys/" + keyId))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("X-Request-Id", "req-revoke-1")
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(204);

        assertThat(warehouse.keyAdmin().audit(10))
                .extracting(e -> e.actor() + " " + e.action() + " "
                        + e.subject().orElse("-") + " " + e.requestId().orElse("-"))
                .containsExactly(
                        "admin-1 key.revoke " + keyId + " req-revoke-1",
                        "admin-1 key.create " + keyId + " req-create-1");
    }

    @Test
    void onlyAnAdminKeyMayAdministerKeys() throws Exception {
        assertError(send(platformKey, "POST", "/v1/admin/keys", "{\"scope\":\"admin\"}"), 403, "forbidden");
        assertError(send(platformKey, "GET", "/v1/admin/keys", null), 403, "forbidden");
        assertThat(warehouse.keyAdmin().list()).isEmpty();
    }

    @Test
    void refusesABadKeyRequestWithTheFieldAtFault() throws Exception {
        assertError(
                send(adminKey, "POST", "/v1/admin/keys", "{\"scope\":\"merchant-write\"}"),
                400,
                "missing_field",
                "merchant_id");
        assertError(send(adminKey, "POST", "/v1/admin/keys", "{\"scope\":\"root\"}"), 400, "invalid_field", "scope");
        assertError(
                send(adminKey, "POST", "/v1/admin/keys", "{\"scope\":\"admin\",\"owner\":\"me\"}"),
                400,
                "invalid_field",
                "owner");
        assertError(send(adminKey, "POST", "/v1/admin/keys", "{\"scope\":"), 400, "malformed_json");
        var notJson = http.send(
                HttpRequest.newBuilder(uri("/v1/admin/keys"))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("scope=admin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(notJson, 415, "unsupported_media_type");
        byte[] huge = ("{\"description\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var streamed = http.send(
                HttpRequest.newBuilder(uri("/v1/admin/keys"))
                        .header("Authorization", "Bearer " + adminKey)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(streamed, 413, "payload_too_large");
        assertThat(warehouse.keyAdmin().list()).isEmpty();
    }

    @Test
    void aGatewayWithoutKeyAdministrationDoesNotKnowTheRoutes() throws Exception {
        gateway.close();
        gateway = Gateway.start(GatewayConfig.defaults(0, NO_BACKEND, NO_BACKEND, SECRET), keys);
        assertError(send(adminKey, "GET", "/v1/admin/keys", null), 404, "not_found");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains("\"request_id\":");
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String field) {
        assertError(response, status, code);
        assertThat(response.body()).contains("\"field\":\"" + field + "\"");
    }

    private HttpResponse<String> send(String key, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
