package com.merchantinsights.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CubeFeedWriterTest {
    @Test
    void readsEveryPartitionsEndOffsetOfTheEventsTopicFromTheOffsetLog() throws IOException {
        // The third line of a Kafka source's entry in Spark's offset log.
        String line = "{\"insights.events.v1\":{\"2\":40,\"5\":0,\"4\":7,\"1\":12,\"3\":0,\"0\":1234567890123}}";

        assertThat(CubeFeedWriter.parseEndOffsets(line))
                .isEqualTo(Map.of(0, 1234567890123L, 1, 12L, 2, 40L, 3, 0L, 4, 7L, 5, 0L));
    }

    @Test
    void anOffsetLogOfAnotherTopicIsRefused() {
        assertThatThrownBy(() -> CubeFeedWriter.parseEndOffsets("{\"other\":{\"0\":1}}"))
                .hasMessageContaining("insights.events.v1");
    }
}
