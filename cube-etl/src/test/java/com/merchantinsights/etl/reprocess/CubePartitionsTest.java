package com.merchantinsights.etl.reprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class CubePartitionsTest {
    @Test
    void aPartitionIsNamedAfterItsTableAndMonth() {
        assertThat(CubePartitions.partitionName("cube_quarter_hour", YearMonth.of(2026, 3)))
                .isEqualTo("cube_quarter_hour_m202603");
    }

    @Test
    void theRowsOfAnHourCanReachTheMonthsOfItsWeeksAndLocalDays() {
        // 2 March 00:00 UTC: the week of a Monday-start calendar began on 23 February (and 1 March is Sunday 1 March in
        // UTC-12); 31 December 20:00 UTC is already 1 January in Kiritimati (UTC+14).
        assertThat(CubePartitions.monthsAround(
                        Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-02T01:00:00Z")))
                .containsExactly(YearMonth.of(2026, 2), YearMonth.of(2026, 3));
        assertThat(CubePartitions.monthsAround(
                        Instant.parse("2026-12-31T20:00:00Z"), Instant.parse("2026-12-31T21:00:00Z")))
                .containsExactly(YearMonth.of(2026, 12), YearMonth.of(2027, 1));
        assertThat(CubePartitions.monthsAround(
                        Instant.parse("2026-06-15T10:00:00Z"), Instant.parse("2026-06-15T11:00:00Z")))
                .containsExactly(YearMonth.of(2026, 6));
    }
}
