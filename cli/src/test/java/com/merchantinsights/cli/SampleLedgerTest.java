package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-18T10:00:00Z");

    @TempDir
    Path workDir;

    private static SampleLedger.Range range(long fromHours, long toHours) {
        return new SampleLedger.Range(T0.plusSeconds(fromHours * 3600), T0.plusSeconds(toHours * 3600));
    }

    @Test
    void aWorkDirectoryWithoutALedgerHoldsNothing() {
        SampleLedger ledger = SampleLedger.read(workDir, "t1");

        assertThat(ledger.held()).isEmpty();
        assertThat(ledger.missing(T0, T0.plusSeconds(3600))).containsExactly(range(0, 1));
    }

    @Test
    void whatIsWrittenIsReadBackAndAnotherTimelineHoldsNothingOfIt() {
        SampleLedger.empty("t1").with(range(0, 168)).with(range(200, 210)).write(workDir);

        assertThat(SampleLedger.read(workDir, "t1").held()).containsExactly(range(0, 168), range(200, 210));
        assertThat(SampleLedger.read(workDir, "t2").held()).isEmpty();
        assertThat(Files.exists(SampleLedger.file(workDir).resolveSibling("ledger.tmp")))
                .isFalse();
    }

    @Test
    void touchingAndOverlappingRangesAreJoined() {
        SampleLedger ledger = SampleLedger.empty("t1")
                .with(range(24, 48))
                .with(range(0, 24))
                .with(range(40, 60))
                .with(range(70, 80));

        assertThat(ledger.held()).containsExactly(range(0, 60), range(70, 80));
    }

    @Test
    void aStartADayLaterMissesOnlyTheDaySinceAndAStartAMinuteLaterOnlyTheMinute() {
        SampleLedger ledger = SampleLedger.empty("t1").with(range(0, 168));

        assertThat(ledger.missing(T0.plusSeconds(24 * 3600), T0.plusSeconds(192 * 3600)))
                .containsExactly(range(168, 192));
        Instant aMinuteLater = T0.plusSeconds(168 * 3600 + 60);
        assertThat(ledger.missing(T0.plusSeconds(60), aMinuteLater))
                .containsExactly(new SampleLedger.Range(T0.plusSeconds(168 * 3600), aMinuteLater));
        assertThat(ledger.missing(T0, T0.plusSeconds(168 * 3600))).isEmpty();
    }

    @Test
    void gapsAreMissingTooAndHeldPartsAreClippedToTheWindow() {
        SampleLedger ledger = SampleLedger.empty("t1").with(range(0, 10)).with(range(20, 30));

        assertThat(ledger.missing(range(5, 40).from(), range(5, 40).to()))
                .containsExactly(range(10, 20), range(30, 40));
        assertThat(ledger.heldWithin(range(5, 25).from(), range(5, 25).to()))
                .containsExactly(range(5, 10), range(20, 25));
        assertThat(ledger.heldWithin(range(40, 50).from(), range(40, 50).to())).isEmpty();
    }

    @Test
    void aDamagedLedgerSaysWhichLineAndWhatToDo() throws IOException {
        Files.createDirectories(SampleLedger.file(workDir).getParent());
        Files.writeString(SampleLedger.file(workDir), "timeline=t1\n2026-11-18T10:00:00Z/yesterday\n");

        assertThatIllegalStateException()
                .isThrownBy(() -> SampleLedger.read(workDir, "t1"))
                .withMessageContaining("2026-11-18T10:00:00Z/yesterday")
                .withMessageContaining("delete the file");
    }

    @Test
    void aRangeEndsAfterItStarts() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> range(2, 2));
        assertThat(List.of(range(0, 1).toString())).containsExactly("2026-11-18T10:00:00Z/2026-11-18T11:00:00Z");
    }
}
