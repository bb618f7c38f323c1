package com.merchantinsights.stream;

import static com.merchantinsights.stream.PartitionWriterTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.stream.IdentityVerdicts.Judgement;
import com.merchantinsights.stream.IdentityVerdicts.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityVerdictsTest {
    private static final Instant TEN_PAST = Instant.parse("2026-11-25T09:10:00Z");

    /** Offsets order the receipt times of {@link PartitionWriterTest#event}: a lower offset was received earlier. */
    private final ParsedRecord earlier = event("m-1", "e-1", TEN_PAST, 100, 1, 10);

    private final ParsedRecord later = event("m-1", "e-1", TEN_PAST.plusSeconds(3600), 120, 0, 20);

    @Test
    void theFirstVersionOfABatchReceivedBeforeTheStoredOneDisplacesIt() {
        List<Judgement> judged = IdentityVerdicts.judge(List.of(earlier), List.of(StoredVersion.of(later)));

        assertThat(judged).singleElement().satisfies(j -> {
            assertThat(j.verdict()).isEqualTo(Verdict.NEW);
            assertThat(j.displaced()).isEqualTo(StoredVersion.Displaced.of(StoredVersion.of(later)));
        });
    }

    @Test
    void aVersionFromBeforeReceiptsWereStoredIsNeverDisplaced() {
        StoredVersion legacy =
                new StoredVersion(later.eventHour(), later.occurredAt(), later.fingerprint(), null, null, null);

        List<Judgement> judged = IdentityVerdicts.judge(List.of(earlier), List.of(legacy));

        assertThat(judged).singleElement().extracting(Judgement::verdict).isEqualTo(Verdict.CONFLICT);
    }

    @Test
    void aReplayDisplacesWhatTheIndexSaysItDisplaced() {
        StoredVersion.Displaced displaced = StoredVersion.Displaced.of(StoredVersion.of(later));

        List<Judgement> judged =
                IdentityVerdicts.judge(List.of(earlier), List.of(StoredVersion.of(earlier, displaced)));

        assertThat(judged).singleElement().satisfies(j -> {
            assertThat(j.verdict()).isEqualTo(Verdict.NEW);
            assertThat(j.displaced()).isEqualTo(displaced);
        });
    }

    @Test
    void aReplayThatMeetsItsOwnRawRowBeforeItsIndexRowDisplacesTheLaterStoredVersionAgain() {
        // An event older than the identity window: its raw partition is read too, where its own row may already be
        // while the index still names the version it displaces.
        List<Judgement> judged =
                IdentityVerdicts.judge(List.of(earlier), List.of(StoredVersion.of(later), StoredVersion.of(earlier)));

        assertThat(judged).singleElement().satisfies(j -> {
            assertThat(j.verdict()).isEqualTo(Verdict.NEW);
            assertThat(j.displaced()).isEqualTo(StoredVersion.Displaced.of(StoredVersion.of(later)));
        });
    }

    @Test
    void onlyTheFirstVersionOfABatchCanDisplaceAndTheOthersAreJudgedAgainstIt() {
        ParsedRecord second = event("m-1", "e-1", TEN_PAST.plusSeconds(60), 110, 2, 15);

        List<Judgement> judged = IdentityVerdicts.judge(List.of(second, earlier), List.of(StoredVersion.of(later)));

        assertThat(judged).extracting(Judgement::verdict).containsExactly(Verdict.NEW, Verdict.CONFLICT);
        assertThat(judged.get(1).against().kafkaOffset()).isEqualTo(10L);
    }
}
