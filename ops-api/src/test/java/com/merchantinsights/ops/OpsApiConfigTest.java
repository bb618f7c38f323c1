package com.merchantinsights.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsApiConfigTest {
    @Test
    void everyCassandraHostOfTheEnvironmentIsAContactPointOfTheReconciliation() {
        Map<String, String> env = Map.of(
                "INSIGHTS_DRIVER_CONTROL_URL", "http://127.0.0.1:18090",
                "INSIGHTS_DRIVER_TOKEN_FILE", "/var/run/token",
                "INSIGHTS_JDBC_URL", "jdbc:postgresql://w/insights",
                "INSIGHTS_JDBC_USER", "insights",
                "INSIGHTS_JDBC_PASSWORD", "pw",
                "INSIGHTS_IDENTITY_VERIFICATION_KEYS",
                        IdentityKeys.generate("k1").verificationKey().encoded(),
                "INSIGHTS_KAFKA_BOOTSTRAP", "k:9092",
                "INSIGHTS_CASSANDRA_HOST", "c-0, c-1,c-2",
                "INSIGHTS_CASSANDRA_DC", "dc1",
                "INSIGHTS_FEED_DIR", "/var/feed");

        OpsApiConfig config = OpsApiConfig.fromEnvironment(new EnvironmentSettings(env));

        assertThat(config.engines().orElseThrow().cassandraContactPoints())
                .extracting(InetSocketAddress::getHostString, InetSocketAddress::getPort)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c-0", 9042),
                        org.assertj.core.groups.Tuple.tuple("c-1", 9042),
                        org.assertj.core.groups.Tuple.tuple("c-2", 9042));
    }

    @Test
    void withoutADriverControlPortTheDriversRoutesAnswerUnreachableWithTheReason() throws Exception {
        Map<String, String> env = Map.of(
                "INSIGHTS_JDBC_URL", "jdbc:postgresql://w/insights",
                "INSIGHTS_JDBC_USER", "insights",
                "INSIGHTS_JDBC_PASSWORD", "pw",
                "INSIGHTS_IDENTITY_VERIFICATION_KEYS",
                        IdentityKeys.generate("k1").verificationKey().encoded());

        OpsApiConfig config = OpsApiConfig.fromEnvironment(new EnvironmentSettings(env));

        assertThat(config.driverControl()).isNull();
        assertThat(config.engines()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new DriverClient(config.driverControl(), config.driverTokenFile())
                                .send("GET", "/reprocess", "", java.time.Duration.ofSeconds(1)))
                .isInstanceOf(DriverClient.Unreachable.class)
                .hasMessageContaining("no Spark driver control port");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OpsApiConfig(
                        "0.0.0.0",
                        8080,
                        java.net.URI.create("http://127.0.0.1:18090"),
                        null,
                        "jdbc:postgresql://w/insights",
                        "insights",
                        "pw",
                        IdentityKeys.generate("k1").verificationKey().encoded(),
                        java.util.Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
