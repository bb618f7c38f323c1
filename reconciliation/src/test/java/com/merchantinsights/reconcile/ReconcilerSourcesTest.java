package com.merchantinsights.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ReconcilerSourcesTest {
    @Test
    void toStringShowsEverySourceButThePasswords() {
        Reconciler.Sources sources = new Reconciler.Sources(
                "127.0.0.1:9092",
                java.util.List.of(
                        InetSocketAddress.createUnresolved("127.0.0.1", 9042),
                        InetSocketAddress.createUnresolved("127.0.0.2", 9042)),
                "datacenter1",
                "jdbc:postgresql://127.0.0.1:5432/insights",
                "postgres",
                "warehouse-pw-4711",
                "insights",
                "cassandra-pw-4711",
                "/var/feed");

        assertThat(sources.toString())
                .doesNotContain("warehouse-pw-4711", "cassandra-pw-4711")
                .contains(
                        "kafkaBootstrapServers=127.0.0.1:9092",
                        "cassandraContactPoints=[127.0.0.1",
                        "127.0.0.2",
                        "9042",
                        "cassandraLocalDatacenter=datacenter1",
                        "jdbcUrl=jdbc:postgresql://127.0.0.1:5432/insights",
                        "jdbcUser=postgres",
                        "jdbcPassword=***",
                        "cassandraUser=insights",
                        "cassandraPassword=***",
                        "feed=/var/feed");
    }
}
