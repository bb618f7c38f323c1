package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnauthenticatedReadsTest {
    @Test
    void eachAddressGetsItsShareAndAllTogetherNoMoreThanTheOverallCap() {
        UnauthenticatedReads reads = new UnauthenticatedReads(2, 3);
        List<UnauthenticatedReads.Permit> held = new ArrayList<>();
        held.add(reads.tryStart("10.0.0.1").orElseThrow());
        held.add(reads.tryStart("10.0.0.1").orElseThrow());
        assertThat(reads.tryStart("10.0.0.1")).as("third from one address").isEmpty();
        held.add(reads.tryStart("10.0.0.2").orElseThrow());
        assertThat(reads.tryStart("10.0.0.3")).as("over the overall cap").isEmpty();
        assertThat(reads.running()).isEqualTo(3);

        held.get(0).close();
        held.get(0).close(); // twice counts once
        assertThat(reads.running()).isEqualTo(2);
        assertThat(reads.tryStart("10.0.0.3")).isPresent();
    }

    @Test
    void anAddressIsForgottenWhenItsLastReadEnds() {
        UnauthenticatedReads reads = new UnauthenticatedReads(2, 100);
        for (int i = 0; i < 10_000; i++) {
            reads.tryStart("10.1." + (i / 256) + "." + (i % 256)).orElseThrow().close();
        }
        assertThat(reads.addresses()).isZero();
        assertThat(reads.running()).isZero();
    }
}
