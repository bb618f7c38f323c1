package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.stack.Ports;
import java.net.URI;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requests that do not come through the gateway, or without a valid key, are refused. */
@ExtendWith(SharedSystem.class)
class GatewayOnlyIT {
    private static final Ports PORTS = Ports.defaults().offsetBy(SharedSystem.PORT_OFFSET);

    @Test
    void backendsRefuseRequestsThatBypassTheGateway() {
        String key = SharedSystem.system().secrets().platformKey();
        var direct = new GatewayClient(URI.create("http://127.0.0.1:" + PORTS.insightsApi()), key)
                .timeseries("m_sample_chai", "orders", LocalDate.now().minusDays(1), LocalDate.now());
        assertThat(direct.status()).isEqualTo(401);
        assertThat(direct.body().path("code").asText()).isEqualTo("unauthenticated");

        var directWrite = new GatewayClient(URI.create("http://127.0.0.1:" + PORTS.eventsApi()), key)
                .postEvents(WalkingSkeletonIT.order("m_bypass", "bypass-1", java.time.Instant.now()));
        assertThat(directWrite.status()).isEqualTo(401);
    }

    @Test
    void theGatewayRefusesAnUnknownKey() {
        var answer = new GatewayClient(SharedSystem.system().services().gatewayUri(), "mi_not_a_key")
                .timeseries("m_sample_chai", "orders", LocalDate.now().minusDays(1), LocalDate.now());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().path("code").asText()).isEqualTo("unauthenticated");
        assertThat(answer.body().path("request_id").asText()).isNotBlank();
    }
}
