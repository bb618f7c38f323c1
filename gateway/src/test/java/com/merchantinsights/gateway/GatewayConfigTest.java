package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.merchantinsights.service.identity.IdentityKeys;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    private static final URI EVENTS = URI.create("http://127.0.0.1:8081");
    private static final URI INSIGHTS = URI.create("http://127.0.0.1:8082");
    private static final URI OPS = URI.create("http://127.0.0.1:8084");
    private static final String SECRET = IdentityKeys.generate("gw").encoded();
    private static final GatewayConfig.Listener SMALL_LISTENER =
            new GatewayConfig.Listener(10, Duration.ofSeconds(1), 2048, 100, 1, 2);

    @Test
    void defaultsAreLoopbackOneMebibyteThirtySecondsAndAGenerousRateInMemory() {
        GatewayConfig config = GatewayConfig.defaults(8080, EVENTS, INSIGHTS, SECRET);
        assertThat(config)
                .isEqualTo(new GatewayConfig(
                        "127.0.0.1",
                        8080,
                        List.of(EVENTS),
                        List.of(INSIGHTS),
                        List.of(),
                        SECRET,
                        1024 * 1024,
                        Duration.ofSeconds(30),
                        new GatewayConfig.RateLimit(2_000, Duration.ofSeconds(1), 4_000),
                        new GatewayConfig.RateLimitStore.InMemory(),
                        Duration.ofSeconds(1),
                        GatewayConfig.Listener.DEFAULT,
                        Optional.empty()));
    }

    @Test
    void everySettingCanBeChanged() {
        GatewayConfig.RateLimit tiny = new GatewayConfig.RateLimit(1, Duration.ofMinutes(1), 2);
        URI secondEvents = URI.create("http://127.0.0.1:8083");
        var shared = new GatewayConfig.RateLimitStore.Postgres("jdbc:postgresql://warehouse/insights", "gateway", "pw");
        GatewayConfig config = GatewayConfig.defaults(0, EVENTS, INSIGHTS, SECRET)
                .withMaxBodyBytes(10)
                .withBackendTimeout(Duration.ofSeconds(2))
                .withRateLimit(tiny)
                .withEventsApi(List.of(EVENTS, secondEvents))
                .withRateLimitStore(shared)
                .withHealthInterval(Duration.ofMillis(200))
                .withListener(SMALL_LISTENER)
                .withOpsApi(List.of(OPS));
        assertThat(config)
                .isEqualTo(new GatewayConfig(
                        "127.0.0.1",
                        0,
                        List.of(EVENTS, secondEvents),
                        List.of(INSIGHTS),
                        List.of(OPS),
                        SECRET,
                        10,
                        Duration.ofSeconds(2),
                        tiny,
                        shared,
                        Duration.ofMillis(200),
                        SMALL_LISTENER,
                        Optional.empty()));
    }

    @Test
    void refusesSettingsThatCannotWork() {
        GatewayConfig config = GatewayConfig.defaults(0, EVENTS, INSIGHTS, SECRET);
        assertThatIllegalArgumentException().isThrownBy(() -> config.withMaxBodyBytes(0));
        assertThatIllegalArgumentException().isThrownBy(() -> config.withBackendTimeout(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> config.withEventsApi(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> config.withHealthInterval(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new GatewayConfig.RateLimit(0, Duration.ofSeconds(1), 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new GatewayConfig.RateLimit(1, Duration.ofSeconds(1), 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new GatewayConfig.RateLimit(1, Duration.ZERO, 1));
    }

    @Test
    void theSharedLimitersPasswordStaysOutOfLogLines() {
        assertThat(new GatewayConfig.RateLimitStore.Postgres("jdbc:postgresql://w/i", "gateway", "s3cret").toString())
                .contains("gateway")
                .doesNotContain("s3cret");
    }

    @Test
    void theEnvironmentNeedsTheBackendsAndTheSigningKey() {
        var env = new com.merchantinsights.service.EnvironmentSettings(java.util.Map.of(
                "INSIGHTS_EVENTS_API_URLS",
                "http://127.0.0.1:8081",
                "INSIGHTS_INSIGHTS_API_URLS",
                "http://127.0.0.1:8082",
                "INSIGHTS_IDENTITY_SIGNING_KEY",
                SECRET,
                "INSIGHTS_HTTP_ONLY",
                "true"));
        assertThat(GatewayConfig.fromEnvironment(env))
                .isEqualTo(
                        GatewayConfig.defaults(8080, EVENTS, INSIGHTS, SECRET).withHost("0.0.0.0"));
    }

    @Test
    void everySettingComesFromItsVariable() {
        var env = new com.merchantinsights.service.EnvironmentSettings(java.util.Map.ofEntries(
                java.util.Map.entry("INSIGHTS_EVENTS_API_URLS", "http://127.0.0.1:8081,http://127.0.0.1:8083"),
                java.util.Map.entry("INSIGHTS_INSIGHTS_API_URLS", "http://127.0.0.1:8082"),
                java.util.Map.entry("INSIGHTS_OPS_API_URLS", "http://127.0.0.1:8084"),
                java.util.Map.entry("INSIGHTS_IDENTITY_SIGNING_KEY", SECRET),
                java.util.Map.entry("INSIGHTS_HTTP_HOST", "127.0.0.1"),
                java.util.Map.entry("INSIGHTS_HTTP_PORT", "9080"),
                java.util.Map.entry("INSIGHTS_MAX_BODY_BYTES", "2048"),
                java.util.Map.entry("INSIGHTS_BACKEND_TIMEOUT", "PT3S"),
                java.util.Map.entry("INSIGHTS_RATE_LIMIT_REQUESTS", "5"),
                java.util.Map.entry("INSIGHTS_RATE_LIMIT_PERIOD", "PT1M"),
                java.util.Map.entry("INSIGHTS_RATE_LIMIT_BURST", "7"),
                java.util.Map.entry("INSIGHTS_RATE_LIMIT_STORE", "postgresql"),
                java.util.Map.entry("INSIGHTS_JDBC_URL", "jdbc:postgresql://w/i"),
                java.util.Map.entry("INSIGHTS_JDBC_USER", "gw"),
                java.util.Map.entry("INSIGHTS_JDBC_PASSWORD", "pw"),
                java.util.Map.entry("INSIGHTS_HEALTH_INTERVAL", "PT0.5S"),
                java.util.Map.entry("INSIGHTS_MAX_CONNECTIONS", "50"),
                java.util.Map.entry("INSIGHTS_IDLE_TIMEOUT", "PT2S"),
                java.util.Map.entry("INSIGHTS_MAX_HEADER_BYTES", "4096"),
                java.util.Map.entry("INSIGHTS_MIN_BODY_BYTES_PER_SECOND", "512"),
                java.util.Map.entry("INSIGHTS_MAX_UNAUTHENTICATED_READS_PER_ADDRESS", "3"),
                java.util.Map.entry("INSIGHTS_MAX_UNAUTHENTICATED_READS", "30"),
                java.util.Map.entry("INSIGHTS_HTTP_ONLY", "true")));
        assertThat(GatewayConfig.fromEnvironment(env))
                .isEqualTo(new GatewayConfig(
                        "127.0.0.1",
                        9080,
                        List.of(EVENTS, URI.create("http://127.0.0.1:8083")),
                        List.of(INSIGHTS),
                        List.of(OPS),
                        SECRET,
                        2048,
                        Duration.ofSeconds(3),
                        new GatewayConfig.RateLimit(5, Duration.ofMinutes(1), 7),
                        new GatewayConfig.RateLimitStore.Postgres("jdbc:postgresql://w/i", "gw", "pw"),
                        Duration.ofMillis(500),
                        new GatewayConfig.Listener(50, Duration.ofSeconds(2), 4096, 512, 3, 30),
                        Optional.empty()));
    }

    @Test
    void refusesAnUnknownRateLimitStore() {
        var env = new com.merchantinsights.service.EnvironmentSettings(java.util.Map.of(
                "INSIGHTS_EVENTS_API_URLS",
                "http://e",
                "INSIGHTS_INSIGHTS_API_URLS",
                "http://i",
                "INSIGHTS_IDENTITY_SIGNING_KEY",
                SECRET,
                "INSIGHTS_RATE_LIMIT_STORE",
                "redis"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GatewayConfig.fromEnvironment(env))
                .withMessageContaining("INSIGHTS_RATE_LIMIT_STORE");
    }

    @Test
    void toStringShowsEverySettingButTheSigningKey() {
        GatewayConfig config = GatewayConfig.defaults(8080, EVENTS, INSIGHTS, SECRET);

        assertThat(config.toString())
                .doesNotContain(SECRET)
                .contains(
                        "host=127.0.0.1",
                        "port=8080",
                        "eventsApi=[" + EVENTS + "]",
                        "insightsApi=[" + INSIGHTS + "]",
                        "identitySigningKey=***",
                        "maxBodyBytes=1048576",
                        "backendTimeout=PT30S",
                        "rateLimit=RateLimit[requests=2000",
                        "rateLimitStore=InMemory[]",
                        "healthInterval=PT1S");
    }
}
