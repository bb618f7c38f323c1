package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.layout.CubeFeedLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CubeFeedSliceTest {
    private static final Instant NINE = Instant.parse("2026-12-05T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-05T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-12-05T11:00:00Z");
    private static final java.util.function.Function<List<String>, Set<Instant>> NO_OLD_BATCHES = dirs -> {
        throw new AssertionError("no batch predates decision 0033 here: " + dirs);
    };

    @TempDir
    Path feed;

    @Test
    void endOffsetsSurviveTheirTextForm() {
        Map<Integer, Long> offsets = Map.of(0, 12L, 11, 0L, 3, 9_000_000_000L);

        assertThat(CubeFeedSlice.formatOffsets(offsets)).isEqualTo("0=12,3=9000000000,11=0");
        assertThat(CubeFeedSlice.parseOffsets(CubeFeedSlice.formatOffsets(offsets)))
                .isEqualTo(offsets);
        assertThat(CubeFeedSlice.parseOffsets("")).isEmpty();
    }

    @Test
    void aSliceTakesWholeBatchesUpToItsCapAndSaysWhatItLeft() throws IOException {
        batch("q1", 0, 400, 10);
        batch("q1", 1, 400, 20);
        batch("q1", 2, 400, 30);

        CubeFeedSlice capped = slice(Map.of(), 800);
        assertThat(capped.batches()).extracting(CubeFeedSlice.Batch::batch).containsExactly(0L, 1L);
        assertThat(capped.events()).isEqualTo(800);
        assertThat(capped.applied()).isEqualTo(Map.of("q1", 1L));
        assertThat(capped.endOffsets())
                .as("the left batch's offsets are not covered yet")
                .isEqualTo(Map.of(0, 20L));
        assertThat(capped.truncated()).isTrue();

        CubeFeedSlice rest = slice(Map.of("q1", 1L), 800);
        assertThat(rest.batches()).extracting(CubeFeedSlice.Batch::batch).containsExactly(2L);
        assertThat(rest.truncated()).isFalse();
    }

    @Test
    void aBatchLargerThanTheCapIsTakenAloneRatherThanNever() throws IOException {
        batch("q1", 0, 5_000, 10);
        batch("q1", 1, 1, 11);

        CubeFeedSlice slice = slice(Map.of(), 100);
        assertThat(slice.batches()).extracting(CubeFeedSlice.Batch::batch).containsExactly(0L);
        assertThat(slice.truncated()).isTrue();
    }

    @Test
    void aBatchWithoutItsManifestEndsTheSliceWithoutCountingAsLeft() throws IOException {
        batch("q1", 0, 10, 10);
        Files.createDirectories(Path.of(CubeFeedLayout.batchDir(feed.toString(), "q1", 1)));

        CubeFeedSlice slice = slice(Map.of(), 1_000);
        assertThat(slice.batches()).extracting(CubeFeedSlice.Batch::batch).containsExactly(0L);
        assertThat(slice.truncated()).isFalse();
    }

    @Test
    void theHoursOfTheBatchesACappedSliceLeavesArePendingAfterIt() throws IOException {
        batch("q1", 0, 400, 10, NINE);
        batch("q1", 1, 400, 20, TEN);
        batch("q1", 2, 400, 30, ELEVEN, NINE);
        batch("q2", 0, 5, 1, ELEVEN);

        CubeFeedSlice capped = slice(Map.of("q2", 0L), 800);
        assertThat(capped.hoursLeft(feed.toUri().toString(), new Configuration(), NO_OLD_BATCHES))
                .as("batch 2 of q1 is left; q2's only batch was applied before")
                .containsExactly(NINE, ELEVEN);

        CubeFeedSlice whole = slice(Map.of("q2", 0L), 10_000);
        assertThat(whole.hoursLeft(feed.toUri().toString(), new Configuration(), NO_OLD_BATCHES))
                .isEmpty();

        batch("q1", 3, 1, 31, TEN);
        assertThat(whole.hoursLeft(feed.toUri().toString(), new Configuration(), NO_OLD_BATCHES))
                .as("a batch completed after the slice was listed")
                .containsExactly(TEN);
    }

    @Test
    void aLeftBatchWhoseManifestNamesNoHoursIsAskedAbout() throws IOException {
        batch("q1", 0, 10, 10, NINE);
        Path old = Files.createDirectories(Path.of(CubeFeedLayout.batchDir(feed.toString(), "q1", 1)));
        Files.writeString(old.resolve(CubeFeedLayout.MANIFEST), "batch=1\nevents=3\nend_offset.0=11\n");

        CubeFeedSlice first = slice(Map.of(), 10);
        assertThat(first.hoursLeft(feed.toUri().toString(), new Configuration(), dirs -> {
                    assertThat(dirs)
                            .containsExactly(
                                    CubeFeedLayout.batchDir(feed.toUri().toString(), "q1", 1));
                    return Set.of(ELEVEN);
                }))
                .containsExactly(ELEVEN);
    }

    @Test
    void theBatchesOfASliceAskForTheCellsOfTheVersionsTheyDisplacedToBeRebuilt() throws IOException {
        batch("q1", 0, 10, 10, TEN);
        Path displacing = batch("q1", 1, 10, 20, TEN, ELEVEN);
        Files.writeString(
                displacing.resolve(CubeFeedLayout.REBUILD),
                CubeFeedLayout.cellsText(Map.of(ELEVEN, List.of("m-2", "m-1"), NINE, List.of("m-1"))));
        Files.writeString(
                displacing.resolve(CubeFeedLayout.MANIFEST),
                new CubeFeedLayout.Manifest(1, 10, Map.of(0, 20L), new TreeSet<>(List.of(TEN, ELEVEN)), 3).text());

        assertThat(slice(Map.of(), 10).rebuildRequests(new Configuration(), NINE))
                .as("the batch is left for a later run")
                .isEmpty();
        assertThat(slice(Map.of(), 100).rebuildRequests(new Configuration(), NINE))
                .containsExactlyInAnyOrder(
                        new RebuildRequests.Request(NINE, "m-1", NINE),
                        new RebuildRequests.Request(ELEVEN, "m-1", NINE),
                        new RebuildRequests.Request(ELEVEN, "m-2", NINE));
    }

    private CubeFeedSlice slice(Map<String, Long> positions, long maxEvents) {
        return CubeFeedSlice.after(positions, Map.of(), feed.toUri().toString(), new Configuration(), maxEvents);
    }

    private Path batch(String stream, long number, long events, long endOffset, Instant... hours) throws IOException {
        Path dir = Files.createDirectories(Path.of(CubeFeedLayout.batchDir(feed.toString(), stream, number)));
        Files.writeString(
                dir.resolve(CubeFeedLayout.MANIFEST),
                new CubeFeedLayout.Manifest(number, events, Map.of(0, endOffset), new TreeSet<>(List.of(hours)))
                        .text());
        return dir;
    }
}
