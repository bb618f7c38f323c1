package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.it.InProcessCli.CliRun;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.keys.KeyAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin routes on the shared system (decision 0039): only an admin key gets through the gateway, a browser's
 * cross-origin request gets nowhere, the operations service refuses anything that did not come through the gateway,
 * and an act done with the CLI (now a client of these routes) is in the audit under the admin key that did it.
 */
@ExtendWith(SharedSystem.class)
class AdminRoutesIT {
    /** Every admin route, whoever serves it (the gateway itself, the events API, the operations service). */
    private static final List<String[]> ADMIN_ROUTES = List.of(
            new String[] {"GET", "/v1/admin/keys"},
            new String[] {"POST", "/v1/admin/keys"},
            new String[] {"DELETE", "/v1/admin/keys/key_aaaaaaaaaaaa"},
            new String[] {"GET", "/v1/admin/dead-letters"},
            new String[] {"POST", "/v1/admin/dead-letters/redrive"},
            new String[] {"GET", "/v1/admin/status"},
            new String[] {"GET", "/v1/admin/runs"},
            new String[] {"GET", "/v1/admin/audit"},
            new String[] {"GET", "/v1/admin/operations/op_1_1"},
            new String[] {"GET", "/v1/admin/rederive"},
            new String[] {"GET", "/v1/admin/reprocess/run?run=1"},
            new String[] {"GET", "/v1/admin/reprocess/diff?run=1"},
            new String[] {"POST", "/v1/admin/etl"},
            new String[] {"POST", "/v1/admin/archive"},
            new String[] {"POST", "/v1/admin/rebuild-warehouse"},
            new String[] {"POST", "/v1/admin/rederive"},
            new String[] {"POST", "/v1/admin/reconcile?from=2026-12-01T00:00:00Z&to=2026-12-01T01:00:00Z"},
            new String[] {"POST", "/v1/admin/reprocess"},
            new String[] {"POST", "/v1/admin/reprocess/switch?run=1"},
            new String[] {"POST", "/v1/admin/reprocess/rollback?run=1"},
            new String[] {"POST", "/v1/admin/reprocess/discard?run=1"});

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noKeyButAnAdminKeyGetsThroughToAnyAdminRoute() throws Exception {
        var system = SharedSystem.system();
        KeyAdmin admin = KeyAdmin.forWarehouse(
                system.engines().jdbcUrl(),
                system.engines().jdbcUser(),
                system.engines().jdbcPassword());
        MerchantId merchant = new MerchantId("m_admin_routes");
        Map<String, String> keys = Map.of(
                "platform",
                system.secrets().platformKey(),
                "merchant-read",
                admin.create(Scope.MERCHANT_READ, Optional.of(merchant), "AdminRoutesIT")
                        .secret(),
                "merchant-write",
                admin.create(Scope.MERCHANT_WRITE, Optional.of(merchant), "AdminRoutesIT")
                        .secret());
        // The gateways learn new keys within their refresh interval; until then they are unknown (401).
        for (String key : keys.values()) {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> send("GET", "/v1/admin/runs", key, null).statusCode() != 401);
        }
        int auditBefore = audit(system.secrets().adminKey()).size();
        for (var key : keys.entrySet()) {
            for (String[] route : ADMIN_ROUTES) {
                HttpResponse<String> answer = send(route[0], route[1], key.getValue(), null);
                assertThat(answer.statusCode())
                        .as("%s key on %s %s", key.getKey(), route[0], route[1])
                        .isEqualTo(403);
                assertThat(Json.mapper().readTree(answer.body()).path("code").asText())
                        .isEqualTo("forbidden");
            }
        }
        assertThat(audit(system.secrets().adminKey())).as("nothing was done").hasSize(auditBefore);
    }

    @Test
    void anAdminKeyListsDeadLettersAndTheAuditWithoutALimitAndABadLimitIsNamed() throws Exception {
        String admin = SharedSystem.system().secrets().adminKey();
        for (String route : List.of("/v1/admin/dead-letters", "/v1/admin/audit")) {
            assertThat(send("GET", route, admin, null).statusCode()).as(route).isEqualTo(200);
            HttpResponse<String> bad = send("GET", route + "?limit=0", admin, null);
            assertThat(bad.statusCode()).as(route).isEqualTo(400);
            assertThat(Json.mapper().readTree(bad.body()).path("field").asText())
                    .isEqualTo("limit");
        }
    }

    @Test
    void aBrowsersCrossOriginRequestGetsNowhere() throws Exception {
        var system = SharedSystem.system();
        int auditBefore = audit(system.secrets().adminKey()).size();
        // A page elsewhere can make the browser send a "simple" POST, but without the key, which it does not have.
        HttpResponse<String> simple = send("POST", "/v1/admin/etl", null, "https://evil.example");
        assertThat(simple.statusCode()).isEqualTo(401);
        // To send an Authorization header the browser first asks (CORS preflight); the gateway grants nothing.
        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(system.services().gatewayUri().resolve("/v1/admin/etl"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .isEmpty();
        assertThat(preflight.statusCode()).isNotIn(200, 204);
        assertThat(audit(system.secrets().adminKey())).hasSize(auditBefore);
    }

    @Test
    void theOperationsServiceRefusesRequestsAroundTheGateway() throws Exception {
        var system = SharedSystem.system();
        HttpResponse<String> direct = http.send(
                HttpRequest.newBuilder(system.services().opsApiUri().resolve("/v1/admin/etl"))
                        .header("Authorization", "Bearer " + system.secrets().adminKey())
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(401);
        assertThat(Json.mapper().readTree(direct.body()).path("code").asText()).isEqualTo("unauthenticated");
    }

    @Test
    void anActOfTheCliIsAuditedUnderTheAdminKeyItUsed() throws Exception {
        var system = SharedSystem.system();
        String adminKeyId = KeyAdmin.forWarehouse(
                        system.engines().jdbcUrl(),
                        system.engines().jdbcUser(),
                        system.engines().jdbcPassword())
                .list()
                .stream()
                .filter(k -> k.description().equals("local admin key (secrets/admin.key)"))
                .findFirst()
                .orElseThrow()
                .keyId();

        CliRun etl = InProcessCli.sharedSystem().run("etl");
        assertThat(etl.exitCode()).as(etl.output()).isZero();

        JsonNode newest = audit(system.secrets().adminKey()).get(0);
        assertThat(newest.path("actor").asText()).isEqualTo(adminKeyId);
        assertThat(newest.path("action").asText()).isEqualTo("etl");
        assertThat(newest.path("request_id").asText()).isNotBlank();
    }

    private List<JsonNode> audit(String adminKey) throws Exception {
        HttpResponse<String> answer = send("GET", "/v1/admin/audit?limit=1000", adminKey, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> entries = new java.util.ArrayList<>();
        Json.mapper().readTree(answer.body()).path("entries").forEach(entries::add);
        return entries;
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String key, String origin) throws Exception {
        URI gateway = SharedSystem.system().services().gatewayUri();
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
