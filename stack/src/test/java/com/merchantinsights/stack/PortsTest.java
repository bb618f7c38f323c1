package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void defaultsAreTheDocumentedPorts() {
        assertThat(Ports.defaults()).isEqualTo(new Ports(19092, 19093, 19042, 17000, 15432, 8080, 8081, 8082, 18090));
        assertThat(Ports.defaults().cassandraJmx()).isEqualTo(17199);
    }

    @Test
    void offsetByShiftsEveryPort() {
        Ports shifted = Ports.defaults().offsetBy(1000);

        assertThat(shifted).isEqualTo(new Ports(20092, 20093, 20042, 18000, 16432, 9080, 9081, 9082, 19090));
        assertThat(shifted.cassandraJmx()).isEqualTo(18199);
    }

    @Test
    void enginePortsNameEveryPortTheEnginesBind() {
        assertThat(Ports.defaults().enginePorts())
                .containsExactly(
                        org.assertj.core.api.Assertions.entry("kafka", 19092),
                        org.assertj.core.api.Assertions.entry("kafka controller", 19093),
                        org.assertj.core.api.Assertions.entry("cassandra", 19042),
                        org.assertj.core.api.Assertions.entry("cassandra storage", 17000),
                        org.assertj.core.api.Assertions.entry("cassandra jmx", 17199),
                        org.assertj.core.api.Assertions.entry("postgres", 15432));
    }

    @Test
    void rejectsPortsOutsideTheTcpRange() {
        assertThatThrownBy(() -> Ports.defaults().offsetBy(60_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port must be in 1..65535");
        assertThatThrownBy(() -> new Ports(0, 1, 2, 3, 4, 5, 6, 7, 8)).hasMessageContaining("kafka port");
    }
}
