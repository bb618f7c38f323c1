package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.time.LocalDayBucket;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DayRefreshTest {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @Test
    void anEventAt1900UtcBelongsToTheNextKolkataDay() {
        List<DayRefresh> days = DayRefresh.touchedBy(List.of(bucket("m-1", "2026-11-24T19:00:00Z")), KOLKATA);

        assertThat(days).containsExactly(day("m-1", "2026-11-25"));
    }

    @Test
    void oneUtcHourCanTouchTwoKolkataDays() {
        List<DayRefresh> days = DayRefresh.touchedBy(List.of(
                bucket("m-1", "2026-11-24T18:00:00Z"),
                bucket("m-1", "2026-11-24T18:15:00Z"),
                bucket("m-1", "2026-11-24T18:30:00Z"),
                bucket("m-1", "2026-11-24T18:45:00Z"),
                bucket("m-2", "2026-11-24T04:45:00Z")), KOLKATA);

        assertThat(days).containsExactly(day("m-1", "2026-11-24"), day("m-1", "2026-11-25"), day("m-2", "2026-11-24"));
    }

    @Test
    void statementsGetTheMerchantDayAndItsUtcExtentComputedInTheJvm() {
        DayRefresh refresh = day("m-1", "2026-11-25");

        assertThat(refresh.deleteParameters()).containsExactly("m-1", LocalDate.parse("2026-11-25"));
        assertThat(refresh.insertParameters()).containsExactly(
                LocalDate.parse("2026-11-25"), "Asia/Kolkata", "m-1",
                OffsetDateTime.parse("2026-11-24T18:30:00Z"), OffsetDateTime.parse("2026-11-25T18:30:00Z"));
        assertThat(DayRefresh.DELETE_SQL).isEqualTo("DELETE FROM cube_day WHERE merchant_id = ? AND local_day = ?");
        assertThat(DayRefresh.INSERT_SQL).containsOnlyOnce("sum(event_count)").doesNotContainIgnoringCase("time zone");
        assertThat(DayRefresh.INSERT_SQL.chars().filter(c -> c == '?').count()).isEqualTo(5);
    }

    private static MerchantBucket bucket(String merchant, String start) {
        return new MerchantBucket(merchant, Instant.parse(start));
    }

    private static DayRefresh day(String merchant, String localDay) {
        return new DayRefresh(merchant, new LocalDayBucket(LocalDate.parse(localDay), KOLKATA));
    }
}
