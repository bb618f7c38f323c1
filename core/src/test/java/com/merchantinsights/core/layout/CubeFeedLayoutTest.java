package com.merchantinsights.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class CubeFeedLayoutTest {
    @Test
    void aManifestReadsBackWhatWasWritten() {
        CubeFeedLayout.Manifest manifest = new CubeFeedLayout.Manifest(
                42,
                1_234,
                Map.of(0, 17L, 5, 9_000_000_000L),
                new TreeSet<>(Set.of(Instant.parse("2026-12-05T03:00:00Z"), Instant.parse("2026-11-30T22:00:00Z"))));

        assertThat(CubeFeedLayout.Manifest.parse(manifest.text())).isEqualTo(manifest);
        assertThat(CubeFeedLayout.Manifest.parse(manifest.text()).hours())
                .containsExactly(Instant.parse("2026-11-30T22:00:00Z"), Instant.parse("2026-12-05T03:00:00Z"));
    }

    @Test
    void aManifestSaysHowManyCellsItsBatchAsksToRebuildAndNoneWhenItSaysNothing() {
        CubeFeedLayout.Manifest displacing = new CubeFeedLayout.Manifest(
                9, 10, Map.of(0, 3L), new TreeSet<>(Set.of(Instant.parse("2026-12-05T03:00:00Z"))), 2);

        assertThat(CubeFeedLayout.Manifest.parse(displacing.text()).rebuilds()).isEqualTo(2);
        assertThat(CubeFeedLayout.Manifest.parse("batch=3\nevents=5\nend_offset.0=5\n")
                        .rebuilds())
                .as("written before decision 0048")
                .isZero();
    }

    @Test
    void aManifestOfABatchWithoutEventsHasNoHoursAndAnOldOneDoesNotKnowThem() {
        CubeFeedLayout.Manifest empty = new CubeFeedLayout.Manifest(7, 0, Map.of(0, 3L), new TreeSet<>());

        assertThat(CubeFeedLayout.Manifest.parse(empty.text()).hours()).isEmpty();
        assertThat(CubeFeedLayout.Manifest.parse("batch=3\nevents=5\nend_offset.0=5\n")
                        .hours())
                .as("written before decision 0033")
                .isNull();
    }

    @Test
    void cellsReadBackPerHourWhateverTheOrderTheyCameIn() {
        Instant ten = Instant.parse("2026-12-05T10:00:00Z");
        Instant nine = Instant.parse("2026-12-05T09:00:00Z");
        String text = CubeFeedLayout.cellsText(Map.of(ten, List.of("m-2", "m:1"), nine, Set.of("shop.a")));

        assertThat(text).isEqualTo("2026-12-05T09:00:00Z shop.a\n2026-12-05T10:00:00Z m-2 m:1\n");
        assertThat(CubeFeedLayout.parseCells(text)).containsOnlyKeys(nine, ten);
        assertThat(CubeFeedLayout.parseCells(text).get(ten)).containsExactly("m-2", "m:1");
        assertThat(CubeFeedLayout.parseCells("")).isEmpty();
    }

    @Test
    void aManifestWithoutItsCountIsRefused() {
        assertThatThrownBy(() -> CubeFeedLayout.Manifest.parse("batch=3\nend_offset.0=5\n"))
                .hasMessageContaining("events");
    }

    @Test
    void batchFoldersSortInBatchOrderAndReadBack() {
        assertThat(CubeFeedLayout.batchName(9)).isLessThan(CubeFeedLayout.batchName(10));
        assertThat(CubeFeedLayout.batchOf(CubeFeedLayout.batchName(1_000_000_007L)))
                .isEqualTo(1_000_000_007L);
        assertThat(CubeFeedLayout.batchOf("_SUCCESS")).isEqualTo(-1);
        assertThat(CubeFeedLayout.batchOf("batch-x")).isEqualTo(-1);
        assertThat(CubeFeedLayout.batchDir("file:/tmp/feed/", "q1", 3))
                .isEqualTo("file:/tmp/feed/q1/batch-0000000000000000003");
    }
}
