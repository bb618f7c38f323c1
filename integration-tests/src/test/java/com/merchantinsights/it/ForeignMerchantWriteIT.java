package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.keys.KeyAdmin;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A merchant's write key tries to write another merchant's events, as JSON naming the other merchant and as a
 * Segment batch whose {@code context.merchant_id} names it: the JSON event is refused with {@code merchant_forbidden},
 * the Segment event is counted for the key's own merchant, and after the ETL the other merchant has nothing.
 */
@ExtendWith(SharedSystem.class)
class ForeignMerchantWriteIT {
    private static final String OWN = "m_foreign_write_own";
    private static final String OTHER = "m_foreign_write_other";

    @Test
    void aMerchantWriteKeyWritesItsOwnMerchantOnly() throws Exception {
        var system = SharedSystem.system();
        String writer = KeyAdmin.forWarehouse(
                        system.engines().jdbcUrl(),
                        system.engines().jdbcUser(),
                        system.engines().jdbcPassword())
                .create(Scope.MERCHANT_WRITE, Optional.of(new MerchantId(OWN)), "ForeignMerchantWriteIT")
                .secret();
        Instant at = Instant.now().minus(Duration.ofHours(1));

        GatewayClient asWriter = new GatewayClient(system.services().gatewayUri(), writer);
        String foreign = WalkingSkeletonIT.order(OTHER, "foreign-json-" + System.nanoTime(), at);
        // The gateways learn a new key within their refresh interval; until then it is unknown (401).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> asWriter.postEvents(foreign).status() != 401);
        var json = asWriter.postEvents(foreign);
        assertThat(json.status()).as(json.body().toString()).isBetween(400, 403);
        assertThat(json.body().toString()).contains("merchant_forbidden");

        String segment = "{\"batch\":[{\"type\":\"track\",\"event\":\"Order Completed\",\"messageId\":\"foreign-seg-"
                + System.nanoTime() + "\",\"timestamp\":\"" + at + "\",\"properties\":{\"revenue\":499,"
                + "\"currency\":\"INR\"},\"context\":{\"merchant_id\":\"" + OTHER + "\"}}]}";
        HttpResponse<String> batch = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(system.services().gatewayUri().resolve("/v1/batch"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                (writer + ":").getBytes(StandardCharsets.UTF_8)))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(segment))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);

        GatewayClient platform = new GatewayClient(
                system.services().gatewayUri(), system.secrets().platformKey());
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    system.spark().runEtlNow();
                    var own = platform.timeseries(OWN, "orders", day.minusDays(1), day.plusDays(1));
                    assertThat(own.status()).isEqualTo(200);
                    assertThat(GatewayClient.total(own))
                            .as("the Segment event, counted for the key's merchant")
                            .isEqualTo(1);
                });
        var other = platform.timeseries(OTHER, "orders", day.minusDays(1), day.plusDays(1));
        assertThat(other.status()).isEqualTo(200);
        assertThat(GatewayClient.total(other))
                .as("nothing for the merchant the key does not belong to")
                .isZero();
    }
}
