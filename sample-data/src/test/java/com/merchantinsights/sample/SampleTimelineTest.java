package com.merchantinsights.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SampleTimelineTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:17:43Z");
    private final SampleTimeline timeline = new SampleTimeline(SampleTimeline.Settings.small(20261125L));

    @Test
    void aRangeAskedAgainLaterGivesTheSameEvents() {
        List<GeneratedEvent> monday = timeline.events(NOW.minus(Duration.ofDays(7)), NOW);
        List<GeneratedEvent> tuesday = new SampleTimeline(SampleTimeline.Settings.small(20261125L))
                .events(NOW.minus(Duration.ofDays(6)), NOW.plus(Duration.ofDays(1)));

        Instant overlapFrom = NOW.minus(Duration.ofDays(6));
        assertThat(tuesday.stream().filter(e -> e.occurredAt().isBefore(NOW)).toList())
                .as("the six days both starts cover: same ids, same payloads, same delivery order")
                .isEqualTo(monday.stream()
                        .filter(e -> !e.occurredAt().isBefore(overlapFrom))
                        .toList());
        assertThat(tuesday).anyMatch(e -> !e.occurredAt().isBefore(NOW));
    }

    @Test
    void aRangeSentInPiecesIsTheSameEventsAsSentAtOnce() {
        Instant from = NOW.minus(Duration.ofDays(7));
        Instant cut = NOW.minus(Duration.ofHours(30)).plusMillis(123);
        List<GeneratedEvent> pieces = new ArrayList<>(timeline.events(from, cut));
        pieces.addAll(timeline.events(cut, NOW));

        assertThat(pieces).containsExactlyInAnyOrderElementsOf(timeline.events(from, NOW));
        assertThat(timeline.events(from, cut))
                .allMatch(e -> e.occurredAt().isBefore(cut) && !e.occurredAt().isBefore(from));
        assertThat(timeline.events(NOW, NOW)).isEmpty();
    }

    @Test
    void eventIdsCarryTheirUtcDayAndOneIdAlwaysHasOnePayload() {
        List<GeneratedEvent> week = timeline.events(NOW.minus(Duration.ofDays(7)), NOW);

        assertThat(week)
                .allSatisfy(e -> assertThat(e.eventId())
                        .startsWith(e.merchantId() + "-"
                                + e.occurredAt().toString().substring(0, 10).replace("-", "") + "-"));
        Map<String, List<String>> payloads = week.stream()
                .collect(Collectors.groupingBy(
                        GeneratedEvent::eventId, Collectors.mapping(GeneratedEvent::json, Collectors.toList())));
        assertThat(payloads.values()).allSatisfy(jsons -> assertThat(jsons).containsOnly(jsons.get(0)));
        assertThat(week).anyMatch(GeneratedEvent::duplicate).anyMatch(GeneratedEvent::late);
        assertThat(week.get(week.size() - 1).late())
                .as("late events are delivered last")
                .isTrue();
    }

    @Test
    void itHasTheGeneratorsMerchantsAndAboutFourHundredEventsADay() {
        assertThat(timeline.merchants())
                .isEqualTo(new SampleGenerator(SampleGenerator.Settings.small(20261125L, NOW)).merchants());
        assertThat(timeline.merchants().get(0).merchantId()).isEqualTo("m_kolkata_0000");
        long distinct = timeline.events(NOW.minus(Duration.ofDays(7)), NOW).stream()
                .map(GeneratedEvent::eventId)
                .distinct()
                .count();
        assertThat(distinct).isBetween(7 * 300L, 7 * 500L);
        Map<String, Long> perMerchant = timeline.events(NOW.minus(Duration.ofDays(7)), NOW).stream()
                .collect(Collectors.groupingBy(GeneratedEvent::merchantId, Collectors.counting()));
        assertThat(perMerchant.get("m_kolkata_0000"))
                .isEqualTo(perMerchant.values().stream().max(Long::compare).orElseThrow());
        assertThat(timeline.events(NOW.minus(Duration.ofDays(7)), NOW).stream()
                        .map(GeneratedEvent::eventId)
                        .collect(Collectors.toMap(Function.identity(), id -> 1, Integer::sum))
                        .values())
                .contains(2);
    }
}
