package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.cli.ReadinessCheck;
import com.merchantinsights.cli.SampleLedger;
import com.merchantinsights.cli.SampleLoad;
import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.stack.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bin/insights up} on data that is already there: a first start, a start again in the same sample window, a
 * stop, and a start a day later on the same work directory (the sample's clock moved forward by a day). Each start
 * runs what {@code up} runs after the engines are up (the sample top-up, then the readiness check) and must be ready;
 * after the last one the insights API answers both days' sample exactly. Runs last: it restarts the shared system.
 */
@ExtendWith(SharedSystem.class)
@Order(Integer.MAX_VALUE)
class RestartIT {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final Progress PROGRESS = Progress.console(System.out);

    @Test
    void upAgainInTheSameWindowAndADayLaterOnTheSameDataIsReadyAndAnswersBothDays() {
        // The start "a day later" is an hour ago at the latest, so that it sends nothing from the future; and not in
        // the morning of a Kolkata day, so that the sample has orders on the last day the test compares (its nights
        // are quiet: the test failed between 19:30 and 20:30 UTC, and again at 01:35 UTC, 07:05 in Kolkata, with a
        // 06:00 limit); before noon it starts at 23:00 of the day before.
        Instant tuesday = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        java.time.LocalTime kolkataTime = tuesday.atZone(KOLKATA).toLocalTime();
        if (kolkataTime.isBefore(java.time.LocalTime.NOON)) {
            tuesday = tuesday.minus(
                    Duration.ofSeconds(kolkataTime.toSecondOfDay()).plusHours(1));
        }
        Instant monday = tuesday.minus(Duration.ofDays(1));
        Instant mondayLater = monday.plus(Duration.ofMinutes(20));
        LocalSystem system = SharedSystem.system();

        SampleLoad.Loaded first = SampleLoad.load(system, at(monday), PROGRESS);
        assertThat(first.heldBefore()).isEmpty();
        assertThat(first.sent()).containsExactly(new SampleLedger.Range(monday.minus(SampleLoad.WINDOW), monday));
        awaitReady(system, monday, first);

        SampleLoad.Loaded again = SampleLoad.load(system, at(mondayLater), PROGRESS);
        assertThat(again.describe())
                .startsWith("sample already held from " + mondayLater.minus(SampleLoad.WINDOW) + " to " + monday);
        assertThat(again.sent()).containsExactly(new SampleLedger.Range(monday, mondayLater));
        awaitReady(system, mondayLater, again);

        system = SharedSystem.restart();
        SampleLoad.Loaded dayLater = SampleLoad.load(system, at(tuesday), PROGRESS);
        assertThat(dayLater.describe())
                .startsWith("sample already held from " + tuesday.minus(SampleLoad.WINDOW) + " to " + mondayLater);
        assertThat(dayLater.sent()).containsExactly(new SampleLedger.Range(mondayLater, tuesday));
        awaitReady(system, tuesday, dayLater);

        // Both days: every local day from the first start's window to the day of the last start, each exactly the
        // sample's own distinct orders of that day that some start sent.
        String merchant = dayLater.merchantId();
        Map<LocalDate, Long> sent = dayLater.timeline().events(monday.minus(SampleLoad.WINDOW), tuesday).stream()
                .filter(e -> e.merchantId().equals(merchant) && e.type().equals("order.completed"))
                .collect(Collectors.groupingBy(
                        e -> LocalDate.ofInstant(e.occurredAt(), KOLKATA),
                        TreeMap::new,
                        Collectors.mapping(
                                GeneratedEvent::eventId,
                                Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
        LocalDate from = LocalDate.ofInstant(monday.minus(SampleLoad.WINDOW), KOLKATA);
        LocalDate to = LocalDate.ofInstant(tuesday, KOLKATA);
        // Orders from the first start's window and on the last start's day, so that the comparison spans both starts.
        // Not necessarily on the window's first day: that is its last hours only, and the sample's nights are quiet
        // (the test failed at 18:20 UTC, its window opening at 22:50 in Kolkata with no order before midnight).
        assertThat(sent.keySet()).anyMatch(day -> !day.isAfter(LocalDate.ofInstant(monday, KOLKATA)));
        assertThat(sent.keySet()).contains(to);
        GatewayClient client = system.platformClient();
        LocalSystem restarted = system;
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    restarted.spark().runEtlNow();
                    GatewayClient.Answer answer = client.timeseries(merchant, "orders", from, to);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(perDay(answer.body())).isEqualTo(sent);
                });
    }

    /** Polls the start's readiness check until it says ready (up itself polls the same check). */
    private static void awaitReady(LocalSystem system, Instant now, SampleLoad.Loaded loaded) {
        ReadinessCheck check = ReadinessCheck.begin(system, at(now), Optional.of(loaded));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    ReadinessCheck.Probe probe = check.probe();
                    assertThat(probe.ready())
                            .as("ready at %s: %s", now, probe.describe())
                            .isTrue();
                });
    }

    private static Clock at(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }

    private static Map<LocalDate, Long> perDay(JsonNode answer) {
        Map<LocalDate, Long> days = new TreeMap<>();
        for (JsonNode point : answer.path("series").path(0).path("points")) {
            long value = point.path("value").asLong();
            if (value != 0) {
                days.put(LocalDate.parse(point.path("start").asText()), value);
            }
        }
        return days;
    }
}
