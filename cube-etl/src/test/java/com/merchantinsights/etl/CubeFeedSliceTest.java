package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CubeFeedSliceTest {
    @Test
    void endOffsetsSurviveTheirTextForm() {
        Map<Integer, Long> offsets = Map.of(0, 12L, 11, 0L, 3, 9_000_000_000L);

        assertThat(CubeFeedSlice.formatOffsets(offsets)).isEqualTo("0=12,3=9000000000,11=0");
        assertThat(CubeFeedSlice.parseOffsets(CubeFeedSlice.formatOffsets(offsets))).isEqualTo(offsets);
        assertThat(CubeFeedSlice.parseOffsets("")).isEmpty();
    }
}
