package com.merchantinsights.it;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a merchant's accountant would compute by hand from the events: per local hour, day, week and month (cut with
 * java.time directly, not with the product's calendar code), events per type, amounts per type and currency, distinct
 * customers, and events per channel. Each event counts once, whatever number of times it was sent.
 */
final class ReferenceCube {
    final Map<String, Long> counts = new TreeMap<>();
    final Map<String, Long> amounts = new TreeMap<>();
    final Map<String, Set<String>> customers = new TreeMap<>();
    final Map<String, Long> channelCounts = new TreeMap<>();

    static ReferenceCube of(Collection<CubeEvent> events, ZoneId zone, DayOfWeek weekStart) {
        ReferenceCube cube = new ReferenceCube();
        Set<String> seen = new HashSet<>();
        for (CubeEvent event : events) {
            if (!seen.add(event.eventId())) {
                continue;
            }
            ZonedDateTime local = event.occurredAt().atZone(zone);
            LocalDate day = local.toLocalDate();
            Map<String, String> buckets = Map.of(
                    "hour", wallClockHourStart(event.occurredAt(), zone).toString(),
                    "day", day.toString(),
                    "week",
                            day.with(TemporalAdjusters.previousOrSame(weekStart))
                                    .toString(),
                    "month", day.withDayOfMonth(1).toString());
            buckets.forEach((grain, bucket) -> {
                String key = grain + " " + bucket;
                cube.counts.merge(key + " " + event.type(), 1L, Long::sum);
                if (event.amount() != null) {
                    cube.amounts.merge(key + " " + event.type() + " " + event.currency(), event.amount(), Long::sum);
                }
                if (event.customerId() != null) {
                    cube.customers.computeIfAbsent(key, k -> new HashSet<>()).add(event.customerId());
                }
                if (grain.equals("day")) {
                    String channel = event.channel() == null ? "" : event.channel();
                    cube.channelCounts.merge(key + " " + channel + " " + event.type(), 1L, Long::sum);
                }
            });
        }
        return cube;
    }

    /**
     * Brute force, independent of the product's calendar: walk back minute by minute while the wall clock shows the
     * same hour at the same offset; the last such minute starts the bucket. Every instant belongs to the local hour its
     * wall clock shows; an hour that exists only in part (it began inside a DST gap) starts at its first instant.
     */
    static Instant wallClockHourStart(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        Instant start = instant.truncatedTo(ChronoUnit.MINUTES);
        while (true) {
            ZonedDateTime earlier = start.minus(1, ChronoUnit.MINUTES).atZone(zone);
            if (!earlier.getOffset().equals(local.getOffset())
                    || earlier.getHour() != local.getHour()
                    || !earlier.toLocalDate().equals(local.toLocalDate())) {
                return start;
            }
            start = start.minus(1, ChronoUnit.MINUTES);
        }
    }
}
