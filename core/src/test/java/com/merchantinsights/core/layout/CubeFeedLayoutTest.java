package com.merchantinsights.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CubeFeedLayoutTest {
    @Test
    void aManifestReadsBackWhatWasWritten() {
        CubeFeedLayout.Manifest manifest = new CubeFeedLayout.Manifest(42, 1_234, Map.of(0, 17L, 5, 9_000_000_000L));

        assertThat(CubeFeedLayout.Manifest.parse(manifest.text())).isEqualTo(manifest);
    }

    @Test
    void aManifestWithoutItsCountIsRefused() {
        assertThatThrownBy(() -> CubeFeedLayout.Manifest.parse("batch=3\nend_offset.0=5\n"))
                .hasMessageContaining("events");
    }

    @Test
    void batchFoldersSortInBatchOrderAndReadBack() {
        assertThat(CubeFeedLayout.batchName(9)).isLessThan(CubeFeedLayout.batchName(10));
        assertThat(CubeFeedLayout.batchOf(CubeFeedLayout.batchName(1_000_000_007L))).isEqualTo(1_000_000_007L);
        assertThat(CubeFeedLayout.batchOf("_SUCCESS")).isEqualTo(-1);
        assertThat(CubeFeedLayout.batchOf("batch-x")).isEqualTo(-1);
        assertThat(CubeFeedLayout.batchDir("file:/tmp/feed/", "q1", 3)).isEqualTo("file:/tmp/feed/q1/batch-0000000000000000003");
    }
}
