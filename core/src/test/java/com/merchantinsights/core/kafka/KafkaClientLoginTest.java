package com.merchantinsights.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientLoginTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"insights-events-api\" password=\"s3cret\";";

    @Test
    void withoutALoginInTheEnvironmentAClientConnectsPlainAndGetsNoSetting() {
        KafkaClientLogin login = KafkaClientLogin.from(Map.of());

        assertThat(login).isEqualTo(KafkaClientLogin.NONE);
        assertThat(login.applyTo(new Properties())).isEmpty();
    }

    @Test
    void theSecretOfAStrimziKafkaUserMakesAScramLoginOverSaslPlaintext() {
        Properties settings = KafkaClientLogin.from(Map.of(KafkaClientLogin.JAAS_CONFIG_ENV, JAAS))
                .applyTo(new Properties());

        assertThat(settings)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .doesNotContainKey("ssl.truststore.location");
    }

    @Test
    void overTlsTheClusterCaIsTrustedFromItsPemFile() {
        Properties settings = KafkaClientLogin.from(Map.of(
                        KafkaClientLogin.JAAS_CONFIG_ENV, JAAS,
                        KafkaClientLogin.SECURITY_PROTOCOL_ENV, "SASL_SSL",
                        KafkaClientLogin.TRUSTED_CA_FILE_ENV, "/etc/kafka-ca/ca.crt"))
                .applyTo(new Properties());

        assertThat(settings)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt");
    }

    @Test
    void aHalfGivenLoginFailsAtStartUpRatherThanConnectingWithout() {
        assertThatThrownBy(() -> KafkaClientLogin.from(Map.of(KafkaClientLogin.SECURITY_PROTOCOL_ENV, "SASL_SSL")))
                .hasMessageContaining(KafkaClientLogin.JAAS_CONFIG_ENV);
        assertThatThrownBy(() -> KafkaClientLogin.from(
                        Map.of(KafkaClientLogin.JAAS_CONFIG_ENV, JAAS, KafkaClientLogin.SASL_MECHANISM_ENV, "PLAIN")))
                .hasMessageContaining("SCRAM");
        assertThatThrownBy(() -> KafkaClientLogin.from(Map.of(
                        KafkaClientLogin.JAAS_CONFIG_ENV, JAAS, KafkaClientLogin.TRUSTED_CA_FILE_ENV, "/ca.crt")))
                .hasMessageContaining("SASL_SSL");
    }

    @Test
    void thePasswordNeverShowsInALog() {
        assertThat(KafkaClientLogin.from(Map.of(KafkaClientLogin.JAAS_CONFIG_ENV, JAAS))
                        .toString())
                .doesNotContain("s3cret")
                .contains("SCRAM-SHA-512");
    }
}
