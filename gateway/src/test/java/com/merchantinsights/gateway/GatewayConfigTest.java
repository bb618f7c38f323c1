package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    private static final URI EVENTS = URI.create("http://127.0.0.1:8081");
    private static final URI INSIGHTS = URI.create("http://127.0.0.1:8082");
    private static final String SECRET = "gateway-test-signing-secret-0123456789";

    @Test
    void defaultsAreLoopbackOneMebibyteThirtySecondsAndAGenerousRate() {
        GatewayConfig config = GatewayConfig.defaults(8080, EVENTS, INSIGHTS, SECRET);
        assertThat(config).isEqualTo(new GatewayConfig("127.0.0.1", 8080, EVENTS, INSIGHTS, SECRET, 1024 * 1024,
                Duration.ofSeconds(30), new GatewayConfig.RateLimit(2_000, Duration.ofSeconds(1), 4_000)));
    }

    @Test
    void everySettingCanBeChanged() {
        GatewayConfig.RateLimit tiny = new GatewayConfig.RateLimit(1, Duration.ofMinutes(1), 2);
        GatewayConfig config = GatewayConfig.defaults(0, EVENTS, INSIGHTS, SECRET)
                .withMaxBodyBytes(10).withBackendTimeout(Duration.ofSeconds(2)).withRateLimit(tiny);
        assertThat(config).isEqualTo(new GatewayConfig("127.0.0.1", 0, EVENTS, INSIGHTS, SECRET, 10,
                Duration.ofSeconds(2), tiny));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        GatewayConfig config = GatewayConfig.defaults(0, EVENTS, INSIGHTS, SECRET);
        assertThatIllegalArgumentException().isThrownBy(() -> config.withMaxBodyBytes(0));
        assertThatIllegalArgumentException().isThrownBy(() -> config.withBackendTimeout(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new GatewayConfig.RateLimit(0, Duration.ofSeconds(1), 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new GatewayConfig.RateLimit(1, Duration.ofSeconds(1), 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new GatewayConfig.RateLimit(1, Duration.ZERO, 1));
    }
}
