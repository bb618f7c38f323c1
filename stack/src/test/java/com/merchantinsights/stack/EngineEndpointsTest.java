package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class EngineEndpointsTest {
    @Test
    void toStringShowsEveryEndpointButThePasswords() {
        EngineEndpoints endpoints = new EngineEndpoints(
                "127.0.0.1:9092",
                java.util.List.of(InetSocketAddress.createUnresolved("127.0.0.1", 9042)),
                "datacenter1",
                "jdbc:postgresql://127.0.0.1:5432/insights",
                "postgres",
                "warehouse-pw-4711",
                "insights",
                "cassandra-pw-4711");

        assertThat(endpoints.toString())
                .doesNotContain("warehouse-pw-4711", "cassandra-pw-4711")
                .contains(
                        "kafkaBootstrapServers=127.0.0.1:9092",
                        "cassandraContactPoints=[127.0.0.1",
                        "9042",
                        "cassandraLocalDatacenter=datacenter1",
                        "jdbcUrl=jdbc:postgresql://127.0.0.1:5432/insights",
                        "jdbcUser=postgres",
                        "jdbcPassword=***",
                        "cassandraUser=insights",
                        "cassandraPassword=***");
    }
}
