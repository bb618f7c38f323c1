package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.layout.CubeFeedLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CubeFeedSliceTest {
    @TempDir
    Path feed;

    @Test
    void endOffsetsSurviveTheirTextForm() {
        Map<Integer, Long> offsets = Map.of(0, 12L, 11, 0L, 3, 9_000_000_000L);

        assertThat(CubeFeedSlice.formatOffsets(offsets)).isEqualTo("0=12,3=9000000000,11=0");
        assertThat(CubeFeedSlice.parseOffsets(CubeFeedSlice.formatOffsets(offsets))).isEqualTo(offsets);
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
        assertThat(capped.endOffsets()).as("the left batch's offsets are not covered yet").isEqualTo(Map.of(0, 20L));
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

    private CubeFeedSlice slice(Map<String, Long> positions, long maxEvents) {
        return CubeFeedSlice.after(positions, Map.of(), feed.toUri().toString(), new Configuration(), maxEvents);
    }

    private void batch(String stream, long number, long events, long endOffset) throws IOException {
        Path dir = Files.createDirectories(Path.of(CubeFeedLayout.batchDir(feed.toString(), stream, number)));
        Files.writeString(dir.resolve(CubeFeedLayout.MANIFEST),
                new CubeFeedLayout.Manifest(number, events, Map.of(0, endOffset)).text());
    }
}
