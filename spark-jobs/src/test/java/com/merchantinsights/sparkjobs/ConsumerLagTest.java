package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsumerLagTest {
    @Test
    void sumsWhatEachPartitionHasBeyondTheOffsetsRead() {
        assertThat(ConsumerLag.of(
                        "{\"insights.events.v1\":{\"0\":100,\"1\":50}}",
                        "{\"insights.events.v1\":{\"0\":130,\"1\":50,\"2\":7}}"))
                .isEqualTo(37);
    }

    @Test
    void isUnknownBeforeTheFirstBatch() {
        assertThat(ConsumerLag.of(null, "{\"t\":{\"0\":1}}")).isEqualTo(-1);
        assertThat(ConsumerLag.of("{", "{\"t\":{\"0\":1}}")).isEqualTo(-1);
    }
}
