package com.merchantinsights.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.layout.CubeFeedLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingFeedCellsTest {
    private static final Instant NINE = Instant.parse("2026-12-05T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path feed;

    @Test
    void theCellsOfBatchesAfterEachStreamsPositionArePendingInTheAskedHours() throws IOException {
        batch("q1", 4, Map.of(NINE, List.of("m-applied")));
        batch("q1", 5, Map.of(NINE, List.of("m-1"), TEN, List.of("m-2")));
        batch("q2", 0, Map.of(TEN, List.of("m-3")));

        assertThat(PendingFeedCells.read(Map.of("q1", 4L), feed, List.of(NINE, TEN)))
                .containsExactlyInAnyOrder(
                        HourMerchant.of(NINE, "m-1"), HourMerchant.of(TEN, "m-2"), HourMerchant.of(TEN, "m-3"));
        assertThat(PendingFeedCells.read(Map.of("q1", 5L, "q2", 0L), feed, List.of(NINE, TEN)))
                .isEmpty();
        assertThat(PendingFeedCells.read(Map.of(), feed, List.of(NINE)))
                .as("only the hours asked about")
                .containsExactlyInAnyOrder(HourMerchant.of(NINE, "m-applied"), HourMerchant.of(NINE, "m-1"));
    }

    @Test
    void aBatchBeingWrittenIsLeftToTheSettleWindowButAnOldOneWithoutCellsCannotBeChecked() throws IOException {
        Files.createDirectories(Path.of(CubeFeedLayout.batchDir(feed.toString(), "q1", 0)));
        assertThat(PendingFeedCells.read(Map.of(), feed, List.of(NINE))).isEmpty();

        Path old = Files.createDirectories(Path.of(CubeFeedLayout.batchDir(feed.toString(), "q1", 1)));
        Files.writeString(old.resolve(CubeFeedLayout.MANIFEST), "batch=1\nevents=3\nend_offset.0=11\n");
        assertThatThrownBy(() -> PendingFeedCells.read(Map.of(), feed, List.of(NINE)))
                .hasMessageContaining("before decision 0033");
    }

    private void batch(String stream, long number, Map<Instant, List<String>> cells) throws IOException {
        Path dir = Files.createDirectories(Path.of(CubeFeedLayout.batchDir(feed.toString(), stream, number)));
        Files.writeString(dir.resolve(CubeFeedLayout.CELLS), CubeFeedLayout.cellsText(cells));
        Files.writeString(
                dir.resolve(CubeFeedLayout.MANIFEST),
                new CubeFeedLayout.Manifest(number, 1, Map.of(0, number), new TreeSet<>(cells.keySet())).text());
    }
}
