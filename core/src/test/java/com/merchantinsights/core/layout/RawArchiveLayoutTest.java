package com.merchantinsights.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawArchiveLayoutTest {
    private static final Instant HOUR = Instant.parse("2026-11-24T13:00:00Z");

    @Test
    void placesAnHourInHiveStyleFoldersWithoutColons() {
        assertThat(RawArchiveLayout.hourFolder(HOUR)).isEqualTo("raw_events/day=2026-11-24/hour=13");
        assertThat(RawArchiveLayout.hourFolder(Instant.parse("2026-01-02T03:00:00Z")))
                .isEqualTo("raw_events/day=2026-01-02/hour=03");
    }

    @Test
    void refusesAnInstantThatIsNotTheStartOfAnHour() {
        assertThatThrownBy(() -> RawArchiveLayout.hourFolder(HOUR.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generationNamesSortLikeTheirTimesAndParseBack() {
        String early = RawArchiveLayout.generationFile(999);
        String late = RawArchiveLayout.generationFile(1_764_000_000_000L);
        assertThat(early).isEqualTo("generation-0000000000000000999.parquet");
        assertThat(early).isLessThan(late);
        assertThat(RawArchiveLayout.generationOf(late)).contains(1_764_000_000_000L);
        assertThat(RawArchiveLayout.generationOf(".generation-0000000000000000999.parquet.crc"))
                .isEmpty();
    }

    @Test
    void theNewestGenerationIsTheHour() {
        List<String> names = List.of(
                RawArchiveLayout.generationFile(5),
                RawArchiveLayout.generationFile(7),
                "." + RawArchiveLayout.generationFile(9) + ".crc",
                "_SUCCESS");
        assertThat(RawArchiveLayout.current(names)).contains(RawArchiveLayout.generationFile(7));
        assertThat(RawArchiveLayout.current(List.of("_SUCCESS"))).isEmpty();
    }

    @Test
    void readsCassandraUntilADayBeforeTheHourExpiresThenBothThenTheArchiveOnly() {
        Duration retention = Duration.ofDays(90);
        Instant expiry = HOUR.plus(retention);
        assertThat(RawHistorySource.of(HOUR, HOUR.plus(Duration.ofDays(3)), retention))
                .isEqualTo(RawHistorySource.CASSANDRA);
        assertThat(RawHistorySource.of(HOUR, expiry.minus(Duration.ofHours(25)), retention))
                .isEqualTo(RawHistorySource.CASSANDRA);
        assertThat(RawHistorySource.of(HOUR, expiry.minus(Duration.ofHours(23)), retention))
                .isEqualTo(RawHistorySource.CASSANDRA_AND_ARCHIVE);
        assertThat(RawHistorySource.of(HOUR, expiry.plus(Duration.ofHours(47)), retention))
                .isEqualTo(RawHistorySource.CASSANDRA_AND_ARCHIVE);
        assertThat(RawHistorySource.of(HOUR, expiry.plus(Duration.ofHours(49)), retention))
                .isEqualTo(RawHistorySource.ARCHIVE);
    }
}
