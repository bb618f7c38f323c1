package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.keys.KeyAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The merchant registry through the real gateway and warehouse: who may register, who may read, what is valid. */
@ExtendWith(SharedSystem.class)
class MerchantRegistryIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aPlatformRegistersAMerchantAndOnlyThatMerchantsReadKeyMayReadIt() throws Exception {
        var system = SharedSystem.system();
        var engines = system.engines();
        URI gateway = system.services().gatewayUri();
        String platform = system.secrets().platformKey();
        String merchant = "m_it_reg_" + UUID.randomUUID().toString().substring(0, 8);
        String body =
                "{\"display_name\":\"Kathmandu Kitchen\",\"time_zone\":\"Asia/Kathmandu\",\"week_start\":\"SUNDAY\","
                        + "\"reporting_currency\":\"NPR\"}";

        var created = send(gateway, "PUT", "/v1/merchants/" + merchant, platform, body);
        assertThat(created.statusCode()).isEqualTo(201);
        var again = send(gateway, "PUT", "/v1/merchants/" + merchant, platform, body.replace("SUNDAY", "MONDAY"));
        assertThat(again.statusCode()).isEqualTo(200);
        var read = Json.mapper()
                .readTree(send(gateway, "GET", "/v1/merchants/" + merchant, platform, null)
                        .body());
        assertThat(read.path("time_zone").asText()).isEqualTo("Asia/Kathmandu");
        assertThat(read.path("week_start").asText()).isEqualTo("MONDAY");
        assertThat(read.path("reporting_currency").asText()).isEqualTo("NPR");

        var bad = send(gateway, "PUT", "/v1/merchants/" + merchant, platform, body.replace("Asia/Kathmandu", "+05:45"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(bad.body()).path("field").asText()).isEqualTo("time_zone");

        KeyAdmin admin = KeyAdmin.forWarehouse(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
        String ownReader = admin.create(
                        Scope.MERCHANT_READ, Optional.of(new MerchantId(merchant)), "MerchantRegistryIT")
                .secret();
        String otherReader = admin.create(
                        Scope.MERCHANT_READ, Optional.of(new MerchantId(merchant + "_other")), "MerchantRegistryIT")
                .secret();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> send(gateway, "GET", "/v1/merchants/" + merchant, ownReader, null)
                                .statusCode()
                        == 200);
        var foreign = send(gateway, "GET", "/v1/merchants/" + merchant, otherReader, null);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(foreign.body()).path("code").asText()).isEqualTo("merchant_forbidden");
        assertThat(send(gateway, "PUT", "/v1/merchants/" + merchant, ownReader, body)
                        .statusCode())
                .as("a merchant-read key may not change its registration")
                .isEqualTo(403);
        assertThat(send(gateway, "GET", "/v1/merchants/m_it_never_registered", platform, null)
                        .statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> send(URI gateway, String method, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
