package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.sample.SampleTimeline;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a start says about the sample, and what the readiness check expects of it, without a running system. */
class SampleLoadTest {
    private static final Instant MONDAY = Instant.parse("2026-11-23T09:15:00Z");
    private static final Instant TUESDAY = MONDAY.plus(Duration.ofDays(1));
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private final SampleTimeline timeline = SampleLoad.timeline();

    private static SampleLedger.Range range(Instant from, Instant to) {
        return new SampleLedger.Range(from, to);
    }

    @Test
    void aFirstStartSaysWhatItSent() {
        SampleLedger.Range week = range(MONDAY.minus(SampleLoad.WINDOW), MONDAY);
        var loaded = new SampleLoad.Loaded(
                timeline, SampleLedger.empty("t").with(week), MONDAY, List.of(), List.of(week), 3288);

        assertThat(loaded.describe())
                .isEqualTo("3288 sample events of 12 merchants, occurring from 2026-11-16T09:15:00Z to "
                        + "2026-11-23T09:15:00Z, accepted through the gateway (with duplicates and late arrivals)");
        assertThat(loaded.merchantId()).isEqualTo("m_kolkata_0000");
    }

    @Test
    void aStartOnDataAlreadyHeldSaysSoAndWhatItAdded() {
        SampleLedger.Range week = range(MONDAY.minus(SampleLoad.WINDOW), MONDAY);
        SampleLedger.Range day = range(MONDAY, TUESDAY);
        SampleLedger ledger = SampleLedger.empty("t").with(week).with(day);
        var tuesday = new SampleLoad.Loaded(
                timeline, ledger, TUESDAY, List.of(range(TUESDAY.minus(SampleLoad.WINDOW), MONDAY)), List.of(day), 412);
        var again = new SampleLoad.Loaded(
                timeline, ledger, TUESDAY, List.of(range(TUESDAY.minus(SampleLoad.WINDOW), TUESDAY)), List.of(), 0);

        assertThat(tuesday.describe())
                .isEqualTo(
                        "sample already held from 2026-11-17T09:15:00Z to 2026-11-23T09:15:00Z "
                                + "(ledger in sample/ledger); sent the 412 event(s) occurring in 2026-11-23T09:15:00Z/2026-11-24T09:15:00Z");
        assertThat(again.describe())
                .isEqualTo("sample already held from 2026-11-17T09:15:00Z to 2026-11-24T09:15:00Z "
                        + "(ledger in sample/ledger); nothing new to send");
        var aMinuteLater = new SampleLoad.Loaded(
                timeline,
                ledger.with(range(TUESDAY, TUESDAY.plusSeconds(60))),
                TUESDAY.plusSeconds(60),
                List.of(range(TUESDAY.plusSeconds(60).minus(SampleLoad.WINDOW), TUESDAY)),
                List.of(range(TUESDAY, TUESDAY.plusSeconds(60))),
                0);
        assertThat(aMinuteLater.describe()).endsWith("; nothing new to send");
    }

    @Test
    void theCheckExpectsTheSamplesOwnOrdersOfEveryHeldRangeInTheAnsweredDays() {
        SampleLedger ledger = SampleLedger.empty("t")
                .with(range(MONDAY.minus(SampleLoad.WINDOW), MONDAY))
                .with(range(MONDAY, TUESDAY));
        var loaded = new SampleLoad.Loaded(timeline, ledger, TUESDAY, List.of(), List.of(), 0);
        LocalDate to = LocalDate.ofInstant(TUESDAY, KOLKATA);
        LocalDate from = to.minusDays(8);

        long expected = ReadinessCheck.expectedOrders(loaded, from, to, KOLKATA);

        Instant start = from.atStartOfDay(KOLKATA).toInstant();
        long bruteForce = timeline.events(MONDAY.minus(SampleLoad.WINDOW), TUESDAY).stream()
                .filter(e -> e.merchantId().equals("m_kolkata_0000") && e.type().equals("order.completed"))
                .filter(e -> !e.occurredAt().isBefore(start))
                .map(GeneratedEvent::eventId)
                .distinct()
                .count();
        assertThat(expected).isEqualTo(bruteForce).isGreaterThan(50);
        long mondayOnly = ReadinessCheck.expectedOrders(
                new SampleLoad.Loaded(
                        timeline,
                        SampleLedger.empty("t").with(range(MONDAY.minus(SampleLoad.WINDOW), MONDAY)),
                        TUESDAY,
                        List.of(),
                        List.of(),
                        0),
                from,
                to,
                KOLKATA);
        assertThat(expected).as("Tuesday's start adds the day since Monday's").isGreaterThan(mondayOnly);
    }

    @Test
    void readyNeedsExactlyTheMarkerAndAtLeastTheSamplesOrders() {
        LocalDate day = LocalDate.of(2026, 11, 24);
        assertThat(new ReadinessCheck.Probe("start-1", 1, "m_kolkata_0000", day, day, 97, 97).ready())
                .isTrue();
        assertThat(new ReadinessCheck.Probe("start-1", 1, "m_kolkata_0000", day, day, 205, 97).ready())
                .as("an earlier sample's or the user's own orders are there too")
                .isTrue();
        assertThat(new ReadinessCheck.Probe("start-1", 1, "m_kolkata_0000", day, day, 96, 97).ready())
                .isFalse();
        assertThat(new ReadinessCheck.Probe("start-1", 0, "m_kolkata_0000", day, day, 205, 97).ready())
                .isFalse();
        assertThat(new ReadinessCheck.Probe("start-1", 2, "m_kolkata_0000", day, day, 205, 97).ready())
                .as("one marker order counted twice is not a working pipeline")
                .isFalse();
        assertThat(new ReadinessCheck.Probe("start-1", 1, null, null, null, 0, 0).ready())
                .isTrue();
        assertThat(new ReadinessCheck.Probe("start-1", 0, "m_kolkata_0000", day, day, 96, 97).describe())
                .isEqualTo(
                        "marker order at location_id start-1: 0 of 1 answered; m_kolkata_0000: 96 orders from 2026-11-24 to"
                                + " 2026-11-24, the sample holds 97");
    }

    @Test
    void aFailureSaysItsFirstLineOnly() {
        assertThat(UpCommand.firstLine(
                        new IllegalStateException("kafka failed to start\n--- last 40 lines of kafka.log ---\n...")))
                .isEqualTo("kafka failed to start");
        assertThat(UpCommand.firstLine(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }
}
