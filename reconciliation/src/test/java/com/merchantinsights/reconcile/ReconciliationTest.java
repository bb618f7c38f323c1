package com.merchantinsights.reconcile;

import static com.merchantinsights.reconcile.ReconciliationCheck.RAW_TO_CUBE;
import static com.merchantinsights.reconcile.ReconciliationCheck.TOPIC_TO_STORED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
    private static final Instant H1 = Instant.parse("2026-11-24T13:00:00Z");
    private static final Instant H2 = Instant.parse("2026-11-24T14:00:00Z");
    private static final Instant END = Instant.parse("2026-11-24T15:00:00Z");
    private static final ReconciliationWindow WINDOW = new ReconciliationWindow(
            Instant.parse("2026-11-25T00:00:00Z"),
            Duration.ofMinutes(10),
            Instant.MIN,
            Duration.ofMinutes(15),
            Duration.ofDays(90),
            Duration.ofDays(400));
    private final Reconciliation everyMerchant = new Reconciliation(WINDOW, Set.of());

    @Test
    void matchingSidesGiveNoMismatchAndExitZero() {
        ReconciliationReport report = everyMerchant.compare(
                H1,
                END,
                topic(counts(H1, "m_1", 5), Set.of()),
                stored(counts(H1, "m_1", 4), counts(H1, "m_1", 1), counts(H1, "m_1", 4), Set.of()));

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.matched()).as("topic=stored and raw=cube of one cell").isEqualTo(2);
        assertThat(report.exitCode()).isEqualTo(ReconciliationReport.EXIT_MATCHED);
    }

    @Test
    void aLostRawRowShowsInBothChecksWithTheHourAndMerchant() {
        ReconciliationReport report = everyMerchant.compare(
                H1,
                END,
                topic(counts(H1, "m_1", 3), Set.of()),
                stored(counts(H1, "m_1", 2), HourCounts.NONE, counts(H1, "m_1", 3), Set.of()));

        assertThat(report.mismatches())
                .containsExactly(
                        new Mismatch(new HourMerchant(H1, "m_1"), TOPIC_TO_STORED, 3, 2, "2 raw + 0 dead letter(s)"),
                        new Mismatch(new HourMerchant(H1, "m_1"), RAW_TO_CUBE, 2, 3, "cube_quarter_hour totals"));
        assertThat(report.mismatches().get(0).difference()).isEqualTo(-1);
        assertThat(report.exitCode()).isEqualTo(ReconciliationReport.EXIT_MISMATCH);
    }

    @Test
    void aCellOnlyOneSideKnowsIsStillCompared() {
        ReconciliationReport report = everyMerchant.compare(
                H1,
                END,
                topic(HourCounts.NONE, Set.of()),
                stored(HourCounts.NONE, HourCounts.NONE, counts(H2, "m_9", 7), Set.of()));

        assertThat(report.mismatches())
                .containsExactly(
                        new Mismatch(new HourMerchant(H2, "m_9"), RAW_TO_CUBE, 0, 7, "cube_quarter_hour totals"));
    }

    @Test
    void aCubeTotalBelowZeroIsReportedNotRefused() {
        ReconciliationReport report = everyMerchant.compare(
                H1,
                END,
                topic(counts(H1, "m_1", 1), Set.of()),
                stored(counts(H1, "m_1", 1), HourCounts.NONE, counts(H1, "m_1", -4), Set.of()));

        assertThat(report.mismatches()).extracting(Mismatch::actual).containsExactly(-4L);
    }

    @Test
    void aPendingCellMakesTheCubeCheckPendingButNotTheTopicCheck() {
        HourMerchant cell = new HourMerchant(H1, "m_1");
        ReconciliationReport report = everyMerchant.compare(
                H1,
                END,
                topic(counts(H1, "m_1", 3), Set.of()),
                stored(counts(H1, "m_1", 3), HourCounts.NONE, counts(H1, "m_1", 1), Set.of(cell)));

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.pending())
                .extracting(PendingCell::cell, PendingCell::check)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(cell, RAW_TO_CUBE));
        assertThat(report.matched()).isEqualTo(1);
    }

    @Test
    void recentRecordsMakeBothChecksPending() {
        HourMerchant cell = new HourMerchant(H1, "m_1");
        ReconciliationReport report = everyMerchant.compare(
                H1,
                END,
                topic(counts(H1, "m_1", 3), Set.of(cell)),
                stored(counts(H1, "m_1", 2), HourCounts.NONE, counts(H1, "m_1", 1), Set.of()));

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.pending()).hasSize(2);
    }

    @Test
    void onlyTheNamedMerchantsAreCompared() {
        ReconciliationReport report = new Reconciliation(WINDOW, Set.of("m_1"))
                .compare(
                        H1,
                        END,
                        topic(counts(H1, "m_2", 3), Set.of()),
                        stored(counts(H1, "m_1", 1), HourCounts.NONE, counts(H1, "m_1", 1), Set.of()));

        assertThat(report.mismatches()).extracting(m -> m.cell().merchantId()).containsOnly("m_1");
        assertThat(report.mismatches()).hasSize(1);
    }

    @Test
    void consecutiveSkippedHoursOfOneReasonAreOneRun() {
        ReconciliationWindow topicGone = new ReconciliationWindow(
                WINDOW.now(),
                WINDOW.settle(),
                END,
                WINDOW.futureTolerance(),
                WINDOW.rawRetention(),
                WINDOW.baseRetention());
        ReconciliationReport report = new Reconciliation(topicGone, Set.of())
                .compare(
                        H1,
                        END,
                        topic(HourCounts.NONE, Set.of()),
                        stored(HourCounts.NONE, HourCounts.NONE, HourCounts.NONE, Set.of()));

        assertThat(report.skipped()).singleElement().satisfies(run -> {
            assertThat(run.check()).isEqualTo(TOPIC_TO_STORED);
            assertThat(run.from()).isEqualTo(H1);
            assertThat(run.to()).isEqualTo(END);
            assertThat(run.hours()).isEqualTo(2);
        });
    }

    @Test
    void listsTheHoursOfARangeFromItsFirstHour() {
        assertThat(Reconciliation.hours(H1.plusSeconds(1_800), END)).containsExactly(H1, H2);
    }

    static HourCounts counts(Instant hour, String merchant, long count) {
        return HourCounts.of(List.of(new HourCount(hour, merchant, count)));
    }

    private static TopicSide topic(HourCounts identities, Set<HourMerchant> recent) {
        return new TopicSide(identities, recent, 0);
    }

    private static StoredSide stored(HourCounts raw, HourCounts letters, HourCounts cube, Set<HourMerchant> pending) {
        return new StoredSide(raw, letters, 0, cube, pending);
    }
}
