package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.time.MerchantCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decision 0029: a rebuild request of a UTC hour rebuilds the merchant's whole local days that the hour touches. */
class LocalDayRebuildTest {
    private static final MerchantCalendar KOLKATA = MerchantCalendar.mondayWeeks(ZoneId.of("Asia/Kolkata"));
    private static final MerchantCalendar UTC = MerchantCalendar.mondayWeeks(ZoneId.of("UTC"));

    @Test
    void anHourAcrossAKolkataMidnightRebuildsBothDaysAndAdjacentDaysMergeIntoOneWindow() {
        Instant now = Instant.parse("2026-12-04T20:00:00Z");
        LocalDayRebuild rebuild = LocalDayRebuild.of(List.of(
                // 18:00–19:00 UTC is 23:30–00:30 in Kolkata: the 4th and the 5th.
                new RebuildRequests.Request(Instant.parse("2026-12-04T18:00:00Z"), "m-in", now),
                // 10:00 UTC on the 6th is the 6th in Kolkata: adjacent to the 5th, one window of three days.
                new RebuildRequests.Request(Instant.parse("2026-12-06T10:00:00Z"), "m-in", now),
                // The 1st in UTC, apart from anything else.
                new RebuildRequests.Request(Instant.parse("2026-12-01T23:00:00Z"), "m-utc", now),
                new RebuildRequests.Request(Instant.parse("2026-12-03T00:00:00Z"), "m-utc", now)),
                Map.of("m-in", KOLKATA, "m-utc", UTC));

        assertThat(rebuild.windows()).containsExactly(
                new LocalDayRebuild.Window("m-in", LocalDate.parse("2026-12-04"), LocalDate.parse("2026-12-06"),
                        Instant.parse("2026-12-03T18:30:00Z"), Instant.parse("2026-12-06T18:30:00Z")),
                new LocalDayRebuild.Window("m-utc", LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-01"),
                        Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z")),
                new LocalDayRebuild.Window("m-utc", LocalDate.parse("2026-12-03"), LocalDate.parse("2026-12-03"),
                        Instant.parse("2026-12-03T00:00:00Z"), Instant.parse("2026-12-04T00:00:00Z")));
        // Kolkata's three days need 73 UTC hours (from 18:00 on the 3rd), the UTC days 24 each; the UTC 3rd and
        // Kolkata's 4th share six of them.
        assertThat(rebuild.hours()).hasSize(73 + 24 + 24 - 6)
                .contains(Instant.parse("2026-12-03T18:00:00Z"), Instant.parse("2026-12-06T18:00:00Z"))
                .doesNotContain(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(rebuild.days().get("m-utc")).containsExactly(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-03"));
    }
}
