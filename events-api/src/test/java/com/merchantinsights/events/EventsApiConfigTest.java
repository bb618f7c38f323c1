package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsApiConfigTest {
    private static final String KEYS =
            IdentityKeys.generate("k1").verificationKey().encoded();
    private static final Map<String, String> REQUIRED =
            Map.of("INSIGHTS_KAFKA_BOOTSTRAP", "kafka:9092", "INSIGHTS_IDENTITY_VERIFICATION_KEYS", KEYS);

    @Test
    void theEnvironmentNeedsOnlyKafkaAndTheGatewaysKeys() {
        assertThat(EventsApiConfig.fromEnvironment(new EnvironmentSettings(REQUIRED)))
                .isEqualTo(new EventsApiConfig(
                        "0.0.0.0",
                        8080,
                        "kafka:9092",
                        KEYS,
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(15),
                        Duration.ofDays(90)));
    }

    @Test
    void everySettingComesFromItsVariable() {
        var env = new java.util.HashMap<>(REQUIRED);
        env.putAll(Map.of(
                "INSIGHTS_HTTP_HOST",
                "127.0.0.1",
                "INSIGHTS_HTTP_PORT",
                "9000",
                "INSIGHTS_KAFKA_ACK_TIMEOUT",
                "PT5S",
                "INSIGHTS_FUTURE_TOLERANCE",
                "PT1M",
                "INSIGHTS_LATE_EVENT_HORIZON",
                "P30D"));
        assertThat(EventsApiConfig.fromEnvironment(new EnvironmentSettings(env)))
                .isEqualTo(new EventsApiConfig(
                        "127.0.0.1",
                        9000,
                        "kafka:9092",
                        KEYS,
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(1),
                        Duration.ofDays(30)));
    }

    @Test
    void refusesToStartWithoutKafka() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EventsApiConfig.fromEnvironment(
                        new EnvironmentSettings(Map.of("INSIGHTS_IDENTITY_VERIFICATION_KEYS", KEYS))))
                .withMessageContaining("INSIGHTS_KAFKA_BOOTSTRAP");
    }

    @Test
    void toStringShowsEverySetting() {
        EventsApiConfig config = EventsApiConfig.defaults("kafka:9092", KEYS, 8081);

        assertThat(config.toString())
                .contains(
                        "host=127.0.0.1",
                        "port=8081",
                        "kafkaBootstrap=kafka:9092",
                        "identityKeys=" + KEYS,
                        "kafkaAckTimeout=PT10S",
                        "futureTolerance=PT15M",
                        "lateEventHorizon=PT2160H");
    }
}
